import { createHash } from 'node:crypto';
import { createServer } from 'node:net';
import { type JsonObject, secretFields, type TenantContext } from '@mirai/sdk-plugin';
import { collectBytes } from '@mirai/sdk-plugin/testing/storage-contract';
import { Client } from 'minio';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { configSchema, parseS3Config } from './s3-settings.ts';
import { type S3TestHost, startS3TestHost } from './testing/s3-test-host.ts';
import { S3RVER_ACCESS_KEY, S3RVER_SECRET_KEY } from './testing/s3-test-server.ts';

const text = (value: string) => new TextEncoder().encode(value);
const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');

let fixture: S3TestHost;
let raw: Client;
const storage = () => fixture.subject.storage;
const tenantWith = (config: JsonObject, tenantId = 'tenant-a'): TenantContext => ({ tenantId, config: { ...fixture.config, ...config } });

beforeAll(async () => {
  // Streams above 64 bytes go up in 100-byte parts, so a small stream exercises multipart uploads.
  fixture = await startS3TestHost({ singlePutLimit: 64, partSize: 100 });
  const port = Number(new URL(fixture.server.endpoint).port);
  raw = new Client({ endPoint: '127.0.0.1', port, useSSL: false, accessKey: S3RVER_ACCESS_KEY, secretKey: S3RVER_SECRET_KEY, region: 'us-east-1' });
});
afterAll(() => fixture.subject.teardown());

async function listNames(bucket: string): Promise<string[]> {
  const names: string[] = [];
  for await (const item of raw.listObjectsV2(bucket, '', true)) if (typeof item.name === 'string') names.push(item.name);
  return names.sort();
}

describe('layout in the bucket', () => {
  it('creates the bucket on first use and stores <prefix><tenantId>/<key> with the sha256 as user metadata', async () => {
    const bucket = 'fresh-bucket-1';
    expect(await raw.bucketExists(bucket)).toBe(false);
    const tenant = tenantWith({ bucket });
    await storage().put('a/b.txt', text('hello'), { contentType: 'text/plain' }, tenant);
    await storage().put('a/b.txt', text('other'), { contentType: 'text/plain' }, tenantWith({ bucket }, 'tenant-b'));
    await storage().put('c.txt', text('lms'), { contentType: 'text/plain' }, tenantWith({ bucket, prefix: 'lms/' }));
    await storage().put('d.txt', text('root'), { contentType: 'text/plain' }, tenantWith({ bucket, prefix: '' }));

    expect(await listNames(bucket)).toEqual(['lms/tenant-a/c.txt', 'tenant-a/d.txt', 'tenants/tenant-a/a/b.txt', 'tenants/tenant-b/a/b.txt']);
    const stat = await raw.statObject(bucket, 'tenants/tenant-a/a/b.txt');
    expect(stat.metaData).toMatchObject({ 'content-type': 'text/plain', sha256: sha256(text('hello')) });
  });

  it('reports no sha256 for an object written behind the plugin’s back', async () => {
    const bucket = String(fixture.config.bucket);
    await storage().put('first.txt', text('makes the bucket'), { contentType: 'text/plain' }, fixture.subject.tenant);
    await raw.putObject(bucket, 'tenants/tenant-a/external.bin', Buffer.from('xyz'), 3, { 'Content-Type': 'application/x-thing' });
    const head = await storage().head('external.bin', fixture.subject.tenant);
    expect(head).toMatchObject({ key: 'external.bin', size: 3, contentType: 'application/x-thing' });
    expect(head?.sha256).toBeUndefined();
    const got = await storage().get('external.bin', fixture.subject.tenant);
    expect(got?.info.sha256).toBeUndefined();
    expect(got === null ? null : Buffer.from(await collectBytes(got.body)).toString('utf8')).toBe('xyz');
  });

  it('streams a long body as a multipart upload and still records its sha256', async () => {
    const chunks = Array.from({ length: 9 }, (_, i) => new Uint8Array(37).fill(65 + i));
    const whole = Buffer.concat(chunks);
    async function* body() {
      for (const chunk of chunks) yield chunk;
    }
    const stored = await storage().put('big/stream.bin', body(), { contentType: 'application/octet-stream' }, fixture.subject.tenant);
    expect(stored).toMatchObject({ size: 333, sha256: sha256(whole) });
    expect(await storage().head('big/stream.bin', fixture.subject.tenant)).toMatchObject({
      size: 333,
      sha256: sha256(whole),
      contentType: 'application/octet-stream',
    });
    const got = await storage().get('big/stream.bin', fixture.subject.tenant);
    expect(got === null ? null : Buffer.from(await collectBytes(got.body)).equals(whole)).toBe(true);
    expect(fixture.host.logs.filter((entry) => entry.level === 'warn')).toEqual([]);
  });

  it('aborts the multipart upload and stores nothing when the stream fails', async () => {
    async function* failing() {
      yield new Uint8Array(150);
      throw new Error('client went away');
    }
    await expect(storage().put('big/broken.bin', failing(), { contentType: 'application/octet-stream' }, fixture.subject.tenant)).rejects.toThrow(
      'client went away',
    );
    expect(await storage().head('big/broken.bin', fixture.subject.tenant)).toBeNull();
  });

  it('copies server-side, keeping content type and sha256', async () => {
    await storage().put('src.json', text('{"a":1}'), { contentType: 'application/json' }, fixture.subject.tenant);
    await storage().copy('src.json', 'dst/copy.json', fixture.subject.tenant);
    expect(await storage().head('dst/copy.json', fixture.subject.tenant)).toMatchObject({
      contentType: 'application/json',
      sha256: sha256(text('{"a":1}')),
    });
  });
});

describe('configuration and failures', () => {
  it('declares the secret key write-only and applies the defaults', () => {
    expect(secretFields(configSchema)).toEqual(['secretKey']);
    expect(parseS3Config({ endpoint: 'http://minio:9000', accessKey: 'a', secretKey: 's', bucket: 'b-1' })).toMatchObject({
      region: 'us-east-1',
      prefix: 'tenants/',
      pathStyle: true,
    });
  });

  it.each([
    [{ endpoint: undefined }, '"endpoint"'],
    [{ endpoint: 'ftp://x' }, 'http or https'],
    [{ endpoint: 'http://x/path' }, 'scheme, host'],
    [{ secretKey: '' }, '"secretKey"'],
    [{ prefix: '/abs/' }, '"prefix"'],
    [{ prefix: 'no-slash' }, '"prefix"'],
    [{ prefix: '../up/' }, '"prefix"'],
    [{ pathStyle: 'yes' }, '"pathStyle"'],
    [{ pathStyle: false }, 'DNS name'],
  ])('refuses a bad tenant configuration %j as bad input', async (change, message) => {
    const config: JsonObject = { ...fixture.config };
    for (const [name, value] of Object.entries(change)) {
      if (value === undefined) delete config[name];
      else config[name] = value;
    }
    const result = storage().head('x.txt', { tenantId: 'tenant-a', config });
    await expect(result).rejects.toMatchObject({ code: 'MIRAI_ERR_PLUGIN_BAD_INPUT' });
    await expect(result).rejects.toThrow(message);
  });

  it('reports rejected credentials as unauthorized', async () => {
    const tenant = tenantWith({ accessKey: 'NOT-A-KEY' });
    await expect(storage().put('x.txt', text('x'), { contentType: 'text/plain' }, tenant)).rejects.toMatchObject({
      code: 'MIRAI_ERR_PLUGIN_UNAUTHORIZED',
    });
  });

  it('reports an unreachable endpoint as a transient upstream failure', async () => {
    const closed = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, '127.0.0.1', () => {
        const address = server.address();
        server.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 1));
      });
    });
    const tenant = tenantWith({ endpoint: `http://127.0.0.1:${closed}`, bucket: 'unreachable' });
    await expect(storage().head('x.txt', tenant)).rejects.toMatchObject({ code: 'MIRAI_ERR_PLUGIN_UPSTREAM', transient: true });
  });
});

describe('egress', () => {
  it('refuses an endpoint on loopback unless the operator allowed it, before any request is made', async () => {
    const guarded = await startS3TestHost({ egressAllow: '' });
    try {
      const tenant = guarded.subject.tenant;
      await expect(guarded.subject.storage.put('x.txt', text('x'), { contentType: 'text/plain' }, tenant)).rejects.toMatchObject({
        code: 'MIRAI_ERR_PLUGIN_EGRESS_REFUSED',
      });
      await expect(guarded.subject.storage.head('x.txt', tenant)).rejects.toMatchObject({ code: 'MIRAI_ERR_PLUGIN_EGRESS_REFUSED' });
      // Nothing reached the server: the bucket was never created.
      expect(await raw.bucketExists(String(guarded.config.bucket))).toBe(false);
    } finally {
      await guarded.subject.teardown();
    }
  });
});
