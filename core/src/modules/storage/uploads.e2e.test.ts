import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SignedUp, startTestServer, type TestServer } from '../../testing/test-server.ts';

let t: TestServer;
let owner: SignedUp;
let other: SignedUp;
const PNG = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cf00000301010018dd8db00000000049454e44ae426082',
  'hex',
);

/** Presigned URLs point at the public URL; inject needs only the path and query. */
const pathOf = (url: string) => {
  const parsed = new URL(url);
  return `${parsed.pathname}${parsed.search}`;
};

async function announce(user: SignedUp, body: object) {
  return t.inject({ method: 'POST', url: '/v1/uploads', headers: user.auth, payload: body });
}

beforeAll(async () => {
  t = await startTestServer();
  owner = await t.signup('uploads@example.com');
  other = await t.signup('uploads-other@example.com');
});
afterAll(() => t.close());

describe('presigned uploads through the embedded storage (storage-fs)', () => {
  it('uploads straight to storage, records size and checksum, and downloads through a presigned GET', async () => {
    const created = await announce(owner, { fileName: 'Diagram 1.png', contentType: 'image/png', size: PNG.length });
    expect(created.statusCode).toBe(201);
    const { upload, request } = created.json();
    expect(upload).toMatchObject({ status: 'pending', fileName: 'Diagram 1.png', size: PNG.length });
    expect(request).toMatchObject({ method: 'PUT', headers: { 'Content-Type': 'image/png' } });
    // The URL is served by the storage plugin, not by an API route that would accept the file.
    expect(new URL(request.url).pathname.startsWith('/v1/plugins/storage-fs/routes/')).toBe(true);

    const put = await t.inject({ method: 'PUT', url: pathOf(request.url), headers: { ...request.headers }, payload: PNG });
    expect(put.statusCode).toBeLessThan(300);
    const completed = await t.inject({ method: 'POST', url: `/v1/uploads/${upload.id}/complete`, headers: owner.auth });
    expect(completed.json()).toMatchObject({ status: 'complete', sha256: createHash('sha256').update(PNG).digest('hex') });

    const download = (await t.inject({ method: 'GET', url: `/v1/uploads/${upload.id}/download`, headers: owner.auth })).json();
    // The editor's player fetches a recording in ranges as it plays: the link outlasts a long one.
    expect(Date.parse(download.expiresAt) - Date.now()).toBeGreaterThan(5 * 3_600_000);
    const fetched = await t.inject({ method: 'GET', url: pathOf(download.url) });
    expect(fetched.statusCode).toBe(200);
    expect(fetched.rawPayload.equals(PNG)).toBe(true);
    expect(fetched.headers['content-disposition']).toContain('Diagram 1.png');
  });

  it('keeps serving the completed file when the presigned PUT is replayed after complete', async () => {
    const { upload, request } = (await announce(owner, { fileName: 'kept.png', contentType: 'image/png', size: PNG.length })).json();
    await t.inject({ method: 'PUT', url: pathOf(request.url), headers: { ...request.headers }, payload: PNG });
    const completed = (await t.inject({ method: 'POST', url: `/v1/uploads/${upload.id}/complete`, headers: owner.auth })).json();
    const swapped = Buffer.alloc(PNG.length, 0x41); // same size and type: the signature still fits
    await t.inject({ method: 'PUT', url: pathOf(request.url), headers: { ...request.headers }, payload: swapped });
    expect((await t.inject({ method: 'POST', url: `/v1/uploads/${upload.id}/complete`, headers: owner.auth })).json().sha256).toBe(completed.sha256);
    const download = (await t.inject({ method: 'GET', url: `/v1/uploads/${upload.id}/download`, headers: owner.auth })).json();
    expect((await t.inject({ method: 'GET', url: pathOf(download.url) })).rawPayload.equals(PNG)).toBe(true);
  });

  it('refuses a body that does not match what was signed, and a URL that was tampered with', async () => {
    const { upload, request } = (await announce(owner, { fileName: 'a.png', contentType: 'image/png', size: PNG.length })).json();
    const wrongType = await t.inject({ method: 'PUT', url: pathOf(request.url), headers: { 'content-type': 'text/plain' }, payload: PNG });
    expect(wrongType.statusCode).toBeGreaterThanOrEqual(400);
    const bigger = await t.inject({ method: 'PUT', url: pathOf(request.url), headers: { ...request.headers }, payload: Buffer.concat([PNG, PNG]) });
    expect(bigger.statusCode).toBeGreaterThanOrEqual(400);
    const tampered = pathOf(request.url).replace(/size=\d+/, `size=${PNG.length * 2}`);
    expect((await t.inject({ method: 'PUT', url: tampered, headers: { ...request.headers }, payload: PNG })).statusCode).toBe(403);
    const notYet = await t.inject({ method: 'POST', url: `/v1/uploads/${upload.id}/complete`, headers: owner.auth });
    expect(notYet.json().code).toBe('MIRAI_ERR_UPLOAD_INCOMPLETE');
  });

  it('refuses types that could run as the app and sizes over the limit, naming the field', async () => {
    expect((await announce(owner, { fileName: 'x.html', contentType: 'text/html', size: 10 })).json().errors[0].field).toBe('/body/contentType');
    expect((await announce(owner, { fileName: 'x.bin', contentType: 'application/octet-stream', size: 10 ** 12 })).json().errors[0].field).toBe(
      '/body/size',
    );
  });

  it('keeps another tenant away from an upload', async () => {
    const { upload } = (await announce(owner, { fileName: 'mine.png', contentType: 'image/png', size: PNG.length })).json();
    expect((await t.inject({ method: 'GET', url: `/v1/uploads/${upload.id}`, headers: other.auth })).statusCode).toBe(404);
    expect((await t.inject({ method: 'POST', url: `/v1/uploads/${upload.id}/complete`, headers: other.auth })).statusCode).toBe(404);
  });

  it('cleans up uploads that were never completed', async () => {
    const { upload, request } = (await announce(owner, { fileName: 'abandoned.png', contentType: 'image/png', size: PNG.length })).json();
    await t.inject({ method: 'PUT', url: pathOf(request.url), headers: { ...request.headers }, payload: PNG });
    const uploads = t.server.uploads;
    expect(await uploads.cleanupAbandoned(t.server.orm, new Date(Date.now() + 3 * 3_600_000))).toBeGreaterThanOrEqual(1);
    expect((await t.inject({ method: 'GET', url: `/v1/uploads/${upload.id}`, headers: owner.auth })).statusCode).toBe(404);
  });
});
