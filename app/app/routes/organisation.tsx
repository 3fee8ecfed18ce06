import { type ActionFunctionArgs, data, redirect } from '@remix-run/node';
import { createApiClient } from '../api/client.server';
import { chooseOrganisation, requireToken } from '../lib/session.server';

/** POST /organisation: work in another of the user's organisations from now on. */
export async function action({ request }: ActionFunctionArgs) {
  const credential = await requireToken(request);
  const organisationId = String((await request.formData()).get('organisationId') ?? '');
  // The API decides membership: asking for /v1/me in that organisation answers 403 for a stranger.
  const me = await createApiClient({ ...credential, organisationId }, request).GET('/v1/me');
  if (me === undefined) throw data('The Mirai API could not be reached. Try again in a moment.', { status: 502 });
  if (me.data === undefined) throw data('You are not a member of that organisation.', { status: me.response.status === 400 ? 400 : 403 });
  return redirect('/dashboard', { headers: { 'Set-Cookie': await chooseOrganisation(request, me.data.tenant.id) } });
}

export function loader() {
  return redirect('/dashboard');
}
