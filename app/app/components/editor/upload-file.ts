/** What the editor route's upload intents answer. */
export interface UploadAnswer {
  ok: true;
  uploadId?: string;
  request?: { url: string; method: string; headers: Record<string, string> };
  storageKey?: string;
  url?: string | null;
}

/**
 * Sends a file straight to storage: the route's action announces it (presigned PUT bound to size
 * and type), the browser PUTs it, the action confirms it. Resolves with the storage key.
 */
export async function uploadFile(file: File, call: (form: FormData) => Promise<UploadAnswer>, contentType?: string): Promise<string> {
  const announce = new FormData();
  announce.set('intent', 'announceUpload');
  announce.set('fileName', file.name);
  announce.set('contentType', contentType ?? (file.type || 'application/octet-stream'));
  announce.set('size', String(file.size));
  const announced = await call(announce);
  if (announced.request === undefined || announced.uploadId === undefined) throw new Error('The server did not accept the upload.');
  const put = await fetch(announced.request.url, { method: announced.request.method, headers: announced.request.headers, body: file });
  if (!put.ok) throw new Error(`The storage refused the file (${put.status}).`);
  const complete = new FormData();
  complete.set('intent', 'completeUpload');
  complete.set('uploadId', announced.uploadId);
  const done = await call(complete);
  if (done.storageKey === undefined) throw new Error('The upload was not confirmed.');
  return done.storageKey;
}
