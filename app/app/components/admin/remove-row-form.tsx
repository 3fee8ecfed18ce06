import { Form } from '@remix-run/react';

/** A table row's Remove button: posts `intent=remove` and the row's id to the page's action. */
export function RemoveRowForm({ id, name, busy }: { id: string; name: string; busy: boolean }) {
  return (
    <Form method="post">
      <input type="hidden" name="intent" value="remove" />
      <input type="hidden" name="id" value={id} />
      <button type="submit" className="button button--secondary" disabled={busy} aria-label={`Remove ${name}`}>
        Remove
      </button>
    </Form>
  );
}
