import { Form } from '@remix-run/react';

export interface Organisations {
  current: string;
  options: Array<{ id: string; name: string; role: string }>;
}

/**
 * For people who belong to several organisations (a consultant, an author invited elsewhere):
 * which one the app works in. A plain form with a button, so it works without JavaScript and a
 * keyboard user is never moved by merely browsing the options.
 */
export function OrganisationSwitcher({ organisations }: { organisations: Organisations | null }) {
  if (organisations === null || organisations.options.length < 2) return null;
  return (
    <Form method="post" action="/organisation" className="organisation-switcher">
      <label htmlFor="organisation-select">Organisation</label>
      <select id="organisation-select" name="organisationId" defaultValue={organisations.current} key={organisations.current}>
        {organisations.options.map((option) => (
          <option key={option.id} value={option.id}>
            {option.name} ({option.role})
          </option>
        ))}
      </select>
      <button type="submit" className="button button--link">
        Switch
      </button>
    </Form>
  );
}
