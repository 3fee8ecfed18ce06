import type { LoaderFunctionArgs } from '@remix-run/node';
import { data } from '@remix-run/node';
import { api } from '../lib/api.server';

/** The certificate's PDF for its learner (or an owner or admin), passed through from the API. */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const client = await api(request);
  const id = params.id ?? '';
  const result = await client.GET('/v1/certificates/{id}/pdf', { params: { path: { id } }, parseAs: 'arrayBuffer' });
  if (result.data === undefined) throw data('This certificate cannot be downloaded.', { status: result.response.status });
  return new Response(result.data, {
    headers: {
      'Content-Type': 'application/pdf',
      'Content-Disposition': `attachment; filename="certificate-${id}.pdf"`,
      'Cache-Control': 'no-store',
    },
  });
}
