import { data } from '@remix-run/node';

/** An API CSV answer passed through to the browser as a download, or the API's status when it refused. */
export function csvDownload(result: { data?: string; response: Response }, filename: string, refusal: string): Response {
  if (result.data === undefined) throw data(refusal, { status: result.response.status });
  return new Response(result.data, {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="${filename}"`,
      'Cache-Control': 'no-store',
    },
  });
}
