import { Form } from '@remix-run/react';

/** The languages Mirai writes mail in, each named in itself. */
const LANGUAGES = [
  { value: 'en', label: 'English' },
  { value: 'fr', label: 'Français', lang: 'fr' },
  { value: 'de', label: 'Deutsch', lang: 'de' },
] as const;

/** The language of the mail Mirai sends this person (invitations, password resets, notifications). */
export function MailLanguageForm({ locale, saved }: { locale: string | null; saved: boolean }) {
  return (
    <Form method="post" className="stack">
      <input type="hidden" name="intent" value="mail-language" />
      <label htmlFor="mail-language">Language of your e-mails</label>
      <select id="mail-language" name="locale" defaultValue={locale ?? 'en'}>
        {LANGUAGES.map((language) => (
          <option key={language.value} value={language.value} lang={'lang' in language ? language.lang : undefined}>
            {language.label}
          </option>
        ))}
      </select>
      <button type="submit" className="button">
        Save language
      </button>
      {saved ? <p role="status">Language saved.</p> : null}
    </Form>
  );
}
