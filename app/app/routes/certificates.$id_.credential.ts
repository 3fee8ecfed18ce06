import type { LoaderFunctionArgs } from '@remix-run/node';
import { data } from '@remix-run/node';
import { api } from '../lib/api.server';

/** The Open Badges 3.0 credential (a VC-JWT) as a file the learner can add to a wallet or backpack. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const client = await api(request);
  const id = params.id ?? '';
  const result = await client.GET('/v1/certificates/{id}/credential', { params: { path: { id } } });
  if (result.data === undefined) throw data('This credential cannot be downloaded.', { status: result.response.status });
  return new Response(result.data.jwt, {
    headers: {
      'Content-Type': 'application/vc+jwt',
      'Content-Disposition': `attachment; filename="open-badge-${id}.jwt"`,
      'Cache-Control': 'no-store',
    },
  });
}
