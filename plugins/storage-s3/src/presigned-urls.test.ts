import { Client } from 'minio';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { presignV4 } from './sigv4-presign.ts';
import { fetchPresigned, type S3TestHost, startS3TestHost } from './testing/s3-test-host.ts';
import { S3RVER_SECRET_KEY } from './testing/s3-test-server.ts';
import { expectedSignature } from './testing/sigv4-verifier.ts';

let fixture: S3TestHost;
const storage = () => fixture.subject.storage;
const tenant = () => fixture.subject.tenant;
const bucket = () => String(fixture.config.bucket);
const data = new TextEncoder().encode('twelve bytes');

beforeAll(async () => {
  fixture = await startS3TestHost();
});
afterAll(() => fixture.subject.teardown());
afterEach(() => {
  vi.useRealTimers();
});

const today = () => new Date().toISOString().slice(0, 10).replace(/-/g, '');

describe('presigned PUT', () => {
  it('is a SigV4 URL for the tenant-prefixed key that binds host, Content-Type and Content-Length', async () => {
    const request = await storage().presignUpload(
      { key: 'videos/Intro 1 (é).mp4', contentType: 'video/mp4', size: 12, expiresInSeconds: 900 },
      tenant(),
    );
    const url = new URL(request.url);
    expect(url.origin).toBe(fixture.server.endpoint);
    expect(url.pathname).toBe(`/${bucket()}/tenants/tenant-a/videos/Intro%201%20%28%C3%A9%29.mp4`);
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
      'X-Amz-Credential': `S3RVER/${today()}/us-east-1/s3/aws4_request`,
      'X-Amz-Expires': '900',
      'X-Amz-SignedHeaders': 'content-length;content-type;host',
    });
    expect(url.searchParams.get('X-Amz-Date')).toMatch(/^\d{8}T\d{6}Z$/);
    expect(url.searchParams.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);
    expect(request.headers).toEqual({ 'Content-Type': 'video/mp4', 'Content-Length': '12' });
    const signedAt = Date.parse(
      String(url.searchParams.get('X-Amz-Date')).replace(/^(\d{4})(\d\d)(\d\d)T(\d\d)(\d\d)(\d\d)Z$/, '$1-$2-$3T$4:$5:$6Z'),
    );
    expect(request.expiresAt.getTime() - signedAt).toBeGreaterThanOrEqual(900_000);
    expect(request.expiresAt.getTime() - signedAt).toBeLessThan(901_000);
  });

  it('carries the signature S3 would compute for exactly that type and size, and no other', async () => {
    const request = await storage().presignUpload(
      { key: 'docs/a+b?c#d.pdf', contentType: 'application/pdf', size: 12, expiresInSeconds: 60 },
      tenant(),
    );
    const signature = new URL(request.url).searchParams.get('X-Amz-Signature');
    const verify = (headers: Record<string, string>, method = 'PUT') =>
      expectedSignature({ method, url: request.url, headers, secretKey: S3RVER_SECRET_KEY });

    expect(verify(request.headers)).toBe(signature);
    expect(verify({ ...request.headers, 'Content-Type': 'text/html' })).not.toBe(signature);
    expect(verify({ ...request.headers, 'Content-Length': '13' })).not.toBe(signature);
    expect(verify({ 'Content-Type': 'application/pdf' })).not.toBe(signature);
    expect(verify(request.headers, 'GET')).not.toBe(signature);
    expect(expectedSignature({ method: 'PUT', url: request.url, headers: request.headers, secretKey: 'another-secret' })).not.toBe(signature);
    // Pointing the URL at another tenant's object invalidates it.
    const otherTenant = request.url.replace('/tenants/tenant-a/', '/tenants/tenant-b/');
    expect(expectedSignature({ method: 'PUT', url: otherTenant, headers: request.headers, secretKey: S3RVER_SECRET_KEY })).not.toBe(signature);
  });

  it('uses the configured region and virtual-host addressing in the signature', async () => {
    const config = { ...fixture.config, endpoint: 'http://minio.test:9000', region: 'eu-central-1', pathStyle: false, prefix: 'lms/' };
    const url = presignV4({
      method: 'PUT',
      endpoint: new URL('https://s3.eu-central-1.amazonaws.com'),
      pathStyle: false,
      bucket: 'course-media',
      objectName: 'lms/t1/a b.png',
      region: 'eu-central-1',
      accessKey: 'AKIDEXAMPLE',
      secretKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
      expiresInSeconds: 3600,
      signedHeaders: { 'Content-Type': 'image/png', 'Content-Length': '5' },
      date: new Date('2026-01-02T03:04:05.678Z'),
    });
    const parsed = new URL(url);
    expect(parsed.host).toBe('course-media.s3.eu-central-1.amazonaws.com');
    expect(parsed.pathname).toBe('/lms/t1/a%20b.png');
    expect(parsed.searchParams.get('X-Amz-Credential')).toBe('AKIDEXAMPLE/20260102/eu-central-1/s3/aws4_request');
    expect(parsed.searchParams.get('X-Amz-Date')).toBe('20260102T030405Z');
    expect(parsed.searchParams.get('X-Amz-Signature')).toBe(
      expectedSignature({
        method: 'PUT',
        url,
        headers: { 'Content-Type': 'image/png', 'Content-Length': '5' },
        secretKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
      }),
    );

    const download = await storage().presignDownload({ key: 'a.png', expiresInSeconds: 60 }, { tenantId: 'tenant-a', config });
    expect(new URL(download.url).host).toBe(`${bucket()}.minio.test:9000`);
    expect(new URL(download.url).pathname).toBe('/lms/tenant-a/a.png');
    expect(new URL(download.url).searchParams.get('X-Amz-Credential')).toContain('/eu-central-1/s3/aws4_request');
  });

  it('matches minio’s own presigner byte for byte when no extra header is signed', async () => {
    const date = new Date('2026-03-04T05:06:07Z');
    const cases = [
      { endpoint: 'http://127.0.0.1:9000', pathStyle: true, bucket: 'bucket-1', objectName: 'tenants/t/plain.txt' },
      { endpoint: 'https://minio.test', pathStyle: true, bucket: 'bucket-1', objectName: 'tenants/t/Résumé (final) *v2*.pdf' },
      { endpoint: 'https://minio.test:8443', pathStyle: false, bucket: 'bucket-1', objectName: "tenants/t/it's ~ok~! a+b=c&d.txt" },
      { endpoint: 'https://minio.test', pathStyle: false, bucket: 'dotted.bucket', objectName: 'tenants/t/x.txt' },
    ];
    for (const { endpoint, pathStyle, bucket, objectName } of cases) {
      const parsed = new URL(endpoint);
      const useSSL = parsed.protocol === 'https:';
      const port = parsed.port === '' ? (useSSL ? 443 : 80) : Number(parsed.port);
      const client = new Client({ endPoint: parsed.hostname, port, useSSL, accessKey: 'ak', secretKey: 'sk', region: 'us-east-1', pathStyle });
      const ours = presignV4({
        method: 'PUT',
        endpoint: parsed,
        pathStyle,
        bucket,
        objectName,
        region: 'us-east-1',
        accessKey: 'ak',
        secretKey: 'sk',
        expiresInSeconds: 600,
        date,
      });
      expect(ours).toBe(await client.presignedUrl('PUT', bucket, objectName, 600, {}, date));
    }
  });

  it('uploads through s3rver, and s3rver refuses the URL once it has expired', async () => {
    const request = await storage().presignUpload({ key: 'docs/up.txt', contentType: 'text/plain', size: 12, expiresInSeconds: 60 }, tenant());
    expect((await fetchPresigned(request, data)).status).toBe(200);
    expect(await storage().head('docs/up.txt', tenant())).toMatchObject({ size: 12, contentType: 'text/plain' });

    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() - 120_000);
    const stale = await storage().presignUpload({ key: 'docs/late.txt', contentType: 'text/plain', size: 12, expiresInSeconds: 60 }, tenant());
    vi.useRealTimers();
    const refused = await fetchPresigned(stale, data);
    expect(refused.status).toBe(403);
    expect(Buffer.from(refused.body).toString('utf8')).toContain('Request has expired');
    expect(await storage().head('docs/late.txt', tenant())).toBeNull();
  });
});

describe('presigned GET', () => {
  it('is signed by minio over the Content-Disposition override, which s3rver then applies', async () => {
    await storage().put('docs/report.pdf', data, { contentType: 'application/pdf' }, tenant());
    const request = await storage().presignDownload({ key: 'docs/report.pdf', expiresInSeconds: 300, fileName: 'Bericht März.pdf' }, tenant());
    const url = new URL(request.url);
    expect(url.pathname).toBe(`/${bucket()}/tenants/tenant-a/docs/report.pdf`);
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
      'X-Amz-Credential': `S3RVER/${today()}/us-east-1/s3/aws4_request`,
      'X-Amz-Expires': '300',
      'X-Amz-SignedHeaders': 'host',
      'response-content-disposition': `attachment; filename="Bericht M_rz.pdf"; filename*=UTF-8''Bericht%20M%C3%A4rz.pdf`,
    });
    const signature = url.searchParams.get('X-Amz-Signature');
    expect(expectedSignature({ method: 'GET', url: request.url, headers: {}, secretKey: S3RVER_SECRET_KEY })).toBe(signature);
    const renamed = new URL(request.url);
    renamed.searchParams.set('response-content-disposition', 'attachment; filename="evil.exe"');
    expect(expectedSignature({ method: 'GET', url: renamed.toString(), headers: {}, secretKey: S3RVER_SECRET_KEY })).not.toBe(signature);

    const response = await fetchPresigned(request);
    expect(response.status).toBe(200);
    expect(response.headers['content-disposition']).toBe(`attachment; filename="Bericht M_rz.pdf"; filename*=UTF-8''Bericht%20M%C3%A4rz.pdf`);
    expect(Buffer.from(response.body).toString('utf8')).toBe('twelve bytes');
  });
});
