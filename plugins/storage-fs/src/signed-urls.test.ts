import { createHash } from 'node:crypto';
import type { PresignedRequest, StorageProvider, TenantContext } from '@mirai/sdk-plugin';
import type { TestPlugin } from '@mirai/sdk-plugin/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { SIGNING_KEY_STATE } from './index.ts';
import { type FsTestHost, fetchThroughHost, startFsTestHost } from './testing/fs-test-host.ts';

const body = new TextEncoder().encode('exactly these bytes');
let fixture: FsTestHost;
let host: TestPlugin;
let storage: StorageProvider;
let tenant: TenantContext;

beforeAll(async () => {
  fixture = await startFsTestHost({ maxUploadBytes: 1024 });
  ({ host } = fixture);
  storage = fixture.subject.storage;
  tenant = fixture.subject.tenant;
});
afterAll(() => fixture.subject.teardown());
afterEach(() => {
  vi.useRealTimers();
});

/** The same request with one query parameter changed (or removed, with `null`). */
function tampered(request: PresignedRequest, param: string, value: string | null): PresignedRequest {
  const url = new URL(request.url);
  if (value === null) url.searchParams.delete(param);
  else url.searchParams.set(param, value);
  return { ...request, url: url.toString() };
}

const upload = (key: string, size = body.byteLength, contentType = 'text/plain', expiresInSeconds = 60) =>
  storage.presignUpload({ key, size, contentType, expiresInSeconds }, tenant);

describe('presigned uploads', () => {
  it('sign tenant, key, expiry, size and type into the URL under the plugin routes', async () => {
    const request = await upload('docs/a b.txt');
    const url = new URL(request.url);
    expect(url.origin + url.pathname).toBe('http://mirai.test/v1/plugins/storage-fs/routes/objects/docs/a%20b.txt');
    expect(Object.fromEntries(url.searchParams)).toMatchObject({ tenant: 'tenant-a', key: 'docs/a b.txt', size: '19', type: 'text/plain' });
    expect(url.searchParams.get('sig')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(request.headers).toEqual({ 'Content-Type': 'text/plain', 'Content-Length': '19' });
    expect(Number(url.searchParams.get('expires')) * 1000).toBe(request.expiresAt.getTime());
  });

  it.each([
    ['key', 'docs/other.txt'],
    ['tenant', 'tenant-b'],
    ['size', '20'],
    ['type', 'text/html'],
    ['expires', String(Math.floor(Date.now() / 1000) + 3600)],
    ['sig', 'A'.repeat(43)],
    ['sig', 'too-short'],
    ['sig', null],
    ['expires', null],
    ['name', 'added.txt'],
  ])('refuse a URL whose %s was changed to %s (403) and write nothing', async (param, value) => {
    const request = await upload('docs/tamper.txt');
    const response = await fetchThroughHost(host, tampered(request, param, value), body);
    expect(response.status).toBe(403);
    expect(await storage.head('docs/tamper.txt', tenant)).toBeNull();
    expect(await storage.head('docs/other.txt', tenant)).toBeNull();
  });

  it('refuse a body of another size: 413 when larger, 400 when smaller', async () => {
    const request = await upload('docs/size.txt');
    expect((await fetchThroughHost(host, request, Buffer.concat([body, Buffer.from('!')]))).status).toBe(413);
    expect((await fetchThroughHost(host, request, body.subarray(1))).status).toBe(400);
    const lyingLength = { ...request, headers: { ...request.headers, 'Content-Length': String(body.byteLength - 1) } };
    expect((await fetchThroughHost(host, lyingLength, body)).status).toBe(400);
    expect(await storage.head('docs/size.txt', tenant)).toBeNull();
  });

  it('refuse another Content-Type than the signed one (400), including none', async () => {
    const request = await upload('docs/type.txt');
    const asHtml = { ...request, headers: { ...request.headers, 'Content-Type': 'text/html' } };
    expect((await fetchThroughHost(host, asHtml, body)).status).toBe(400);
    expect((await fetchThroughHost(host, { ...request, headers: {} }, body)).status).toBe(400);
    expect(await storage.head('docs/type.txt', tenant)).toBeNull();
  });

  it('accept the exact upload, report its sha256, and refuse a replay once the URL expired', async () => {
    const request = await upload('docs/replay.txt', body.byteLength, 'text/plain', 30);
    const ok = await fetchThroughHost(host, request, body);
    expect(ok.status).toBe(200);
    expect(JSON.parse(Buffer.from(ok.body).toString('utf8'))).toMatchObject({ size: 19, sha256: createHash('sha256').update(body).digest('hex') });

    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(request.expiresAt.getTime() + 1000);
    expect((await fetchThroughHost(host, request, body)).status).toBe(403);
  });

  it('refuse an expired URL before touching the body', async () => {
    const request = await upload('docs/expired.txt', body.byteLength, 'text/plain', 1);
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(request.expiresAt.getTime() + 1);
    const response = await fetchThroughHost(host, request, body);
    expect(response.status).toBe(403);
    expect(Buffer.from(response.body).toString('utf8')).toContain('expired');
    vi.useRealTimers();
    expect(await storage.head('docs/expired.txt', tenant)).toBeNull();
  });

  it('refuse to sign uploads above the configured maximum', async () => {
    await expect(upload('docs/huge.bin', 1025)).rejects.toMatchObject({ code: 'MIRAI_ERR_PLUGIN_BAD_INPUT' });
    await expect(upload('docs/max.bin', 1024)).resolves.toMatchObject({ method: 'PUT' });
  });
});

describe('presigned downloads', () => {
  it('stream the object with its headers, and a UTF-8 file name in Content-Disposition', async () => {
    await storage.put('docs/report.html', body, { contentType: 'text/html' }, tenant);
    const request = await storage.presignDownload({ key: 'docs/report.html', expiresInSeconds: 60, fileName: 'Bericht "März".html' }, tenant);
    const response = await fetchThroughHost(host, request);
    expect(response.status).toBe(200);
    expect(response.headers).toMatchObject({
      'content-type': 'text/html',
      'content-length': '19',
      'x-content-type-options': 'nosniff',
      'content-security-policy': "sandbox; default-src 'none'",
      'content-disposition': `attachment; filename="Bericht _M_rz_.html"; filename*=UTF-8''Bericht%20%22M%C3%A4rz%22.html`,
    });
    expect(Buffer.from(response.body).toString('utf8')).toBe('exactly these bytes');
  });

  it('refuse a changed file name, key or tenant, and an expired URL', async () => {
    await storage.put('docs/dl.txt', body, { contentType: 'text/plain' }, tenant);
    await storage.put('docs/dl.txt', body, { contentType: 'text/plain' }, fixture.subject.otherTenant);
    const request = await storage.presignDownload({ key: 'docs/dl.txt', expiresInSeconds: 60, fileName: 'dl.txt' }, tenant);
    expect((await fetchThroughHost(host, request)).status).toBe(200);
    expect((await fetchThroughHost(host, tampered(request, 'name', 'evil.exe'))).status).toBe(403);
    expect((await fetchThroughHost(host, tampered(request, 'name', null))).status).toBe(403);
    expect((await fetchThroughHost(host, tampered(request, 'tenant', 'tenant-b'))).status).toBe(403);
    expect((await fetchThroughHost(host, tampered(request, 'key', 'docs/report.html'))).status).toBe(403);
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(request.expiresAt.getTime() + 1000);
    expect((await fetchThroughHost(host, request)).status).toBe(403);
  });

  it('answer 404 for a validly signed URL of an object that does not exist', async () => {
    const request = await storage.presignDownload({ key: 'docs/never.txt', expiresInSeconds: 60 }, tenant);
    expect((await fetchThroughHost(host, request)).status).toBe(404);
  });

  it('are not valid as upload URLs, nor uploads as downloads', async () => {
    const download = await storage.presignDownload({ key: 'docs/x.txt', expiresInSeconds: 60 }, tenant);
    expect((await fetchThroughHost(host, { ...download, method: 'PUT', headers: { 'Content-Type': 'text/plain' } }, body)).status).toBe(403);
    const uploadRequest = await upload('docs/report.html');
    expect((await fetchThroughHost(host, { ...uploadRequest, method: 'GET' })).status).toBe(403);
  });
});

describe('the signing key', () => {
  it('is generated once, kept in the plugin state, and not exposed in URLs', async () => {
    const stored = host.state.get(SIGNING_KEY_STATE);
    expect(typeof stored).toBe('string');
    expect(Buffer.from(String(stored), 'base64url')).toHaveLength(32);
    const request = await upload('docs/k.txt');
    expect(request.url).not.toContain(String(stored));
  });
});
