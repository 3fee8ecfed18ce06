import type { ActionFunctionArgs } from '@remix-run/node';
import type { ApiClient } from '../../api/client.server';
import { api } from '../../lib/api.server';
import { textField } from '../../lib/form-data';
import { formErrorsFromProblem } from '../../lib/form-errors';

export type PackageImportAnswer =
  | { ok: true; uploadId?: string; request?: { url: string; method: string; headers: Record<string, string> }; courseId?: string }
  | { ok: false; error: string };

/** What one kind of package does with a confirmed upload: a new course, or the API's problem. */
export type ImportUpload = (client: ApiClient, uploadId: string) => Promise<{ courseId: string } | { problem: unknown }>;

/**
 * The action of an import page: announce the file (presigned PUT), then confirm the upload and
 * hand it to `importUpload`; a refused package's problem is shown as the API words it.
 */
export function packageImportAction(importUpload: ImportUpload, refusal: string) {
  return async ({ request }: ActionFunctionArgs): Promise<PackageImportAnswer> => {
    const form = await request.formData();
    const client = await api(request);
    if (textField(form, 'intent') === 'announce') {
      const answer = await client.POST('/v1/uploads', {
        // A bare cmi5.xml travels as the same opaque package: the import reads what the file is.
        body: { fileName: textField(form, 'fileName'), contentType: 'application/zip', size: Number.parseInt(textField(form, 'size'), 10) || 0 },
      });
      if (answer.data !== undefined) return { ok: true, uploadId: answer.data.upload.id, request: answer.data.request };
      return { ok: false, error: formErrorsFromProblem(answer.error, 'The upload was refused.').message };
    }
    const id = textField(form, 'uploadId');
    const completed = await client.POST('/v1/uploads/{id}/complete', { params: { path: { id } } });
    if (completed.data === undefined)
      return { ok: false, error: formErrorsFromProblem(completed.error, 'The upload could not be confirmed.').message };
    const imported = await importUpload(client, id);
    if ('courseId' in imported) return { ok: true, courseId: imported.courseId };
    return { ok: false, error: formErrorsFromProblem(imported.problem, refusal).message };
  };
}
