import type { SignedUp, TestServer } from './test-server.ts';

/** Presigned URLs point at the public URL; `inject` needs only the path and query. */
export const pathOf = (url: string): string => {
  const parsed = new URL(url);
  return `${parsed.pathname}${parsed.search}`;
};

/** A file through the public presigned flow (announce, PUT to storage, complete); answers the upload id. */
export async function uploadFile(t: TestServer, user: SignedUp, file: { fileName: string; contentType: string; bytes: Uint8Array }): Promise<string> {
  const announced = await t.inject({
    method: 'POST',
    url: '/v1/uploads',
    headers: user.auth,
    payload: { fileName: file.fileName, contentType: file.contentType, size: file.bytes.length },
  });
  if (announced.statusCode !== 201) throw new Error(`announcing the upload failed: ${announced.body}`);
  const { upload, request } = announced.json<{ upload: { id: string }; request: { url: string; headers: Record<string, string> } }>();
  const put = await t.inject({ method: 'PUT', url: pathOf(request.url), headers: request.headers, payload: Buffer.from(file.bytes) });
  if (put.statusCode >= 300) throw new Error(`the presigned PUT failed: ${put.statusCode} ${put.body}`);
  const completed = await t.inject({ method: 'POST', url: `/v1/uploads/${upload.id}/complete`, headers: user.auth });
  if (completed.statusCode !== 200) throw new Error(`completing the upload failed: ${completed.body}`);
  return upload.id;
}
