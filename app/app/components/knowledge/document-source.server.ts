import type { ApiClient } from '../../api/client.server';
import { textField } from '../../lib/form-data';
import { formErrorsFromProblem } from '../../lib/form-errors';

/** What the library's actions answer the document-source form. */
export type SourceAnswer =
  | { ok: true; uploadId?: string; request?: { url: string; method: string; headers: Record<string, string> }; jobId?: string; saved?: boolean }
  | { ok: false; error: string };

export const refused = (error: unknown, fallback: string): SourceAnswer => ({ ok: false, error: formErrorsFromProblem(error, fallback).message });

/** Announces a file for a presigned PUT straight to storage (the same flow as the course wizard). */
export async function announceUpload(client: ApiClient, form: FormData): Promise<SourceAnswer> {
  const answer = await client.POST('/v1/uploads', {
    body: {
      fileName: textField(form, 'fileName'),
      contentType: textField(form, 'contentType') || 'application/octet-stream',
      size: Number.parseInt(textField(form, 'size'), 10) || 0,
    },
  });
  if (answer.data !== undefined) return { ok: true, uploadId: answer.data.upload.id, request: answer.data.request };
  return refused(answer.error, 'The upload was refused.');
}

/** The source the form names: a confirmed upload, or a web page address; an answer when it names neither or the upload did not arrive. */
export async function sourceOf(client: ApiClient, form: FormData): Promise<{ uploadId: string } | { url: string } | SourceAnswer> {
  const uploadId = textField(form, 'uploadId');
  const url = textField(form, 'url').trim();
  if (uploadId !== '') {
    const completed = await client.POST('/v1/uploads/{id}/complete', { params: { path: { id: uploadId } } });
    if (completed.data === undefined) return refused(completed.error, 'The file did not arrive; add it again.');
    return { uploadId };
  }
  if (url !== '') return { url };
  return { ok: false, error: 'Choose a file or enter the address of a web page.' };
}

/** Comma-separated tags as the API takes them. */
export const tagList = (text: string): string[] =>
  text
    .split(',')
    .map((tag) => tag.trim())
    .filter((tag) => tag !== '');
