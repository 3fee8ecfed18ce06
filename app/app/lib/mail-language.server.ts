import type { ApiClient } from '../api/client.server';
import { requireApiData } from './api-result.server';
import { textField } from './form-data';

const LOCALES = ['en', 'fr', 'de'] as const;
const isLocale = (value: string): value is (typeof LOCALES)[number] => (LOCALES as readonly string[]).includes(value);

/** Saves the language of the person's mail; English is stored as no preference. */
export async function saveMailLanguage(client: ApiClient, form: FormData) {
  const value = textField(form, 'locale');
  const locale = isLocale(value) && value !== 'en' ? value : null;
  await requireApiData(await client.PUT('/v1/me/locale', { body: { locale } }), 'your language');
  return { intent: 'mail-language' as const };
}
