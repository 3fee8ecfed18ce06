import { createHash, randomUUID } from 'node:crypto';
import type { PresignedRequest, StorageProvider, StoredObjectInfo } from '../extension-points/storage.ts';
import type { TenantContext } from '../extension-points/tenant-context.ts';

/**
 * The slice of a test runner's assertion API the contract uses. Vitest's and Jest's `expect`
 * satisfy it, so the SDK does not depend on either.
 */
export interface ContractAssertion {
  toBe(expected: unknown): void;
  toEqual(expected: unknown): void;
  toBeNull(): void;
  toBeUndefined(): void;
  toContain(expected: unknown): void;
  toMatchObject(expected: Record<string, unknown>): void;
  readonly not: ContractAssertion;
  readonly rejects: { toMatchObject(expected: Record<string, unknown>): Promise<void> };
}

export interface ContractTestApi {
  describe(name: string, body: () => void): void;
  it(name: string, body: () => Promise<void>): void;
  expect(actual: unknown): ContractAssertion;
  beforeAll(body: () => Promise<void>): void;
  afterAll(body: () => Promise<void>): void;
}

export interface PresignedResponse {
  status: number;
  body: Uint8Array;
  /** Lower-cased header names. */
  headers: Record<string, string>;
}

export interface StorageContractSubject {
  storage: StorageProvider;
  tenant: TenantContext;
  /** Another tenant of the same provider (same configuration, different tenant id). */
  otherTenant: TenantContext;
  /** Performs a presigned request the way a browser would: the request's method, URL and headers, and the body. */
  fetchPresigned(request: PresignedRequest, body?: Uint8Array): Promise<PresignedResponse>;
  teardown(): Promise<void>;
}

/** Keys no provider may accept: each could address something outside the tenant's space. */
export const UNSAFE_STORAGE_KEYS: readonly string[] = [
  '',
  '..',
  '../escape.txt',
  'a/../../escape.txt',
  'a/..',
  './a.txt',
  'a/./b.txt',
  'a//b.txt',
  'a/',
  '/etc/passwd',
  '//server/share',
  'a\\..\\..\\escape.txt',
  'C:\\Windows\\win.ini',
  'C:/Windows/win.ini',
  'a\u0000b.txt',
  'line\nbreak.txt',
];

const encoder = new TextEncoder();
const bytes = (text: string) => encoder.encode(text);
const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');

export async function collectBytes(body: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of body) chunks.push(chunk);
  return Buffer.concat(chunks);
}

async function* chunked(...parts: Uint8Array[]): AsyncIterable<Uint8Array> {
  for (const part of parts) {
    await Promise.resolve();
    yield part;
  }
}

/**
 * The behaviour every {@link StorageProvider} must have, as a test suite. Call it from a test
 * file with the runner's functions:
 *
 * ```ts
 * import { afterAll, beforeAll, describe, expect, it } from 'vitest';
 * defineStorageContract({ describe, it, expect, beforeAll, afterAll }, 'my-storage', async () => ({ ... }));
 * ```
 */
export function defineStorageContract(t: ContractTestApi, name: string, setup: () => Promise<StorageContractSubject>): void {
  const { describe, it, expect, beforeAll, afterAll } = t;

  describe(`StorageProvider contract: ${name}`, () => {
    let subject: StorageContractSubject | undefined;
    const current = (): StorageContractSubject => {
      if (subject === undefined) throw new Error('storage contract: setup() did not complete');
      return subject;
    };
    /** A fresh key per test so tests never see each other's objects. */
    const freshKey = (leaf: string) => `contract/${randomUUID()}/${leaf}`;

    beforeAll(async () => {
      subject = await setup();
    });
    afterAll(async () => {
      await subject?.teardown();
    });

    const expectInfo = (info: StoredObjectInfo | null, expected: { key: string; data: Uint8Array; contentType: string }) => {
      expect(info).toMatchObject({ key: expected.key, size: expected.data.byteLength, contentType: expected.contentType });
      if (info?.sha256 !== undefined) expect(info.sha256).toBe(sha256(expected.data));
    };

    it('stores an object and reads it back with its content type, size and sha256', async () => {
      const { storage, tenant } = current();
      const key = freshKey('lesson 1/notes.txt');
      const data = bytes('Photosynthesis turns light into sugar.\n');

      const stored = await storage.put(key, data, { contentType: 'text/plain; charset=utf-8' }, tenant);
      expectInfo(stored, { key, data, contentType: 'text/plain; charset=utf-8' });
      expect(stored.sha256).toBe(sha256(data));

      expectInfo(await storage.head(key, tenant), { key, data, contentType: 'text/plain; charset=utf-8' });
      const got = await storage.get(key, tenant);
      expectInfo(got?.info ?? null, { key, data, contentType: 'text/plain; charset=utf-8' });
      expect(got === null ? null : Buffer.from(await collectBytes(got.body)).toString('utf8')).toBe('Photosynthesis turns light into sugar.\n');
    });

    it('stores an empty object', async () => {
      const { storage, tenant } = current();
      const key = freshKey('empty.bin');
      const stored = await storage.put(key, new Uint8Array(), { contentType: 'application/octet-stream' }, tenant);
      expect(stored.size).toBe(0);
      const got = await storage.get(key, tenant);
      expect(got === null ? null : (await collectBytes(got.body)).byteLength).toBe(0);
    });

    it('streams a put from an AsyncIterable of several chunks', async () => {
      const { storage, tenant } = current();
      const key = freshKey('streamed.csv');
      const parts = [bytes('id,name\n'), bytes('1,Ada\n'), new Uint8Array(70_000).fill(120), bytes('\n2,Grace\n')];
      const whole = Buffer.concat(parts);

      const stored = await storage.put(key, chunked(...parts), { contentType: 'text/csv' }, tenant);
      expectInfo(stored, { key, data: whole, contentType: 'text/csv' });
      expect(stored.sha256).toBe(sha256(whole));
      const got = await storage.get(key, tenant);
      expect(got === null ? null : sha256(await collectBytes(got.body))).toBe(sha256(whole));
      expectInfo(await storage.head(key, tenant), { key, data: whole, contentType: 'text/csv' });
    });

    it('overwrites an existing object', async () => {
      const { storage, tenant } = current();
      const key = freshKey('draft.json');
      await storage.put(key, bytes('{"v":1}'), { contentType: 'application/json' }, tenant);
      await storage.put(key, bytes('version two'), { contentType: 'text/plain' }, tenant);
      expectInfo(await storage.head(key, tenant), { key, data: bytes('version two'), contentType: 'text/plain' });
    });

    it('answers null for an object that does not exist', async () => {
      const { storage, tenant } = current();
      const key = freshKey('missing.txt');
      expect(await storage.get(key, tenant)).toBeNull();
      expect(await storage.head(key, tenant)).toBeNull();
    });

    it('forgets a deleted object, and deleting a missing object is not an error', async () => {
      const { storage, tenant } = current();
      const key = freshKey('to-delete.txt');
      await storage.put(key, bytes('bye'), { contentType: 'text/plain' }, tenant);
      await storage.delete(key, tenant);
      expect(await storage.head(key, tenant)).toBeNull();
      expect(await storage.get(key, tenant)).toBeNull();
      await storage.delete(key, tenant);
    });

    it('copies an object within the tenant, keeping its content type', async () => {
      const { storage, tenant } = current();
      const from = freshKey('original.md');
      const to = freshKey('copies/copy.md');
      const data = bytes('# Heading\n');
      await storage.put(from, data, { contentType: 'text/markdown' }, tenant);
      await storage.copy(from, to, tenant);

      expectInfo(await storage.head(to, tenant), { key: to, data, contentType: 'text/markdown' });
      await storage.put(from, bytes('changed'), { contentType: 'text/plain' }, tenant);
      const copy = await storage.get(to, tenant);
      expect(copy === null ? null : Buffer.from(await collectBytes(copy.body)).toString('utf8')).toBe('# Heading\n');
      await expect(storage.copy(freshKey('nothing-here'), freshKey('target'), tenant)).rejects.toMatchObject({ code: 'MIRAI_ERR_PLUGIN_NOT_FOUND' });
    });

    it('keeps tenants apart: the same key names a different object in each tenant', async () => {
      const { storage, tenant, otherTenant } = current();
      const key = freshKey('shared-name.txt');
      await storage.put(key, bytes('tenant A'), { contentType: 'text/plain' }, tenant);
      expect(await storage.head(key, otherTenant)).toBeNull();
      expect(await storage.get(key, otherTenant)).toBeNull();

      await storage.put(key, bytes('tenant B!'), { contentType: 'text/csv' }, otherTenant);
      const a = await storage.get(key, tenant);
      const b = await storage.get(key, otherTenant);
      expect(a === null ? null : Buffer.from(await collectBytes(a.body)).toString('utf8')).toBe('tenant A');
      expect(b === null ? null : Buffer.from(await collectBytes(b.body)).toString('utf8')).toBe('tenant B!');

      await storage.delete(key, otherTenant);
      expect(await storage.head(key, otherTenant)).toBeNull();
      expectInfo(await storage.head(key, tenant), { key, data: bytes('tenant A'), contentType: 'text/plain' });
      await expect(storage.copy(key, freshKey('stolen.txt'), otherTenant)).rejects.toMatchObject({ code: 'MIRAI_ERR_PLUGIN_NOT_FOUND' });
    });

    it('rejects keys that could escape the tenant (traversal, absolute paths, backslashes, NUL)', async () => {
      const { storage, tenant } = current();
      const badInput = { code: 'MIRAI_ERR_PLUGIN_BAD_INPUT' };
      const good = freshKey('good.txt');
      await storage.put(good, bytes('x'), { contentType: 'text/plain' }, tenant);
      for (const key of UNSAFE_STORAGE_KEYS) {
        await expect(storage.put(key, bytes('x'), { contentType: 'text/plain' }, tenant)).rejects.toMatchObject(badInput);
        await expect(storage.get(key, tenant)).rejects.toMatchObject(badInput);
        await expect(storage.head(key, tenant)).rejects.toMatchObject(badInput);
        await expect(storage.delete(key, tenant)).rejects.toMatchObject(badInput);
        await expect(storage.copy(good, key, tenant)).rejects.toMatchObject(badInput);
        await expect(storage.copy(key, good, tenant)).rejects.toMatchObject(badInput);
        await expect(storage.presignUpload({ key, contentType: 'text/plain', size: 1, expiresInSeconds: 60 }, tenant)).rejects.toMatchObject(
          badInput,
        );
        await expect(storage.presignDownload({ key, expiresInSeconds: 60 }, tenant)).rejects.toMatchObject(badInput);
      }
    });

    it('accepts an upload through a presigned PUT of exactly the bound size and content type', async () => {
      const { storage, tenant, otherTenant, fetchPresigned } = current();
      const key = freshKey('uploads/Résumé final (v2).pdf');
      const data = bytes('%PDF-1.7 pretend this is a PDF');
      const before = Date.now();
      const request = await storage.presignUpload({ key, contentType: 'application/pdf', size: data.byteLength, expiresInSeconds: 300 }, tenant);

      expect(request.method).toBe('PUT');
      expect(request.headers['Content-Type']).toBe('application/pdf');
      expect(request.expiresAt.getTime() >= before + 299_000 && request.expiresAt.getTime() <= Date.now() + 301_000).toBe(true);
      expect(/^https?:\/\//.test(request.url)).toBe(true);

      const response = await fetchPresigned(request, data);
      expect(response.status >= 200 && response.status < 300).toBe(true);
      expectInfo(await storage.head(key, tenant), { key, data, contentType: 'application/pdf' });
      const got = await storage.get(key, tenant);
      expect(got === null ? null : sha256(await collectBytes(got.body))).toBe(sha256(data));
      expect(await storage.head(key, otherTenant)).toBeNull();
    });

    it('refuses to presign an upload with an invalid size, content type or lifetime', async () => {
      const { storage, tenant } = current();
      const key = freshKey('bad-presign.bin');
      const badInput = { code: 'MIRAI_ERR_PLUGIN_BAD_INPUT' };
      await expect(storage.presignUpload({ key, contentType: 'text/plain', size: -1, expiresInSeconds: 60 }, tenant)).rejects.toMatchObject(badInput);
      await expect(storage.presignUpload({ key, contentType: 'text/plain', size: 1.5, expiresInSeconds: 60 }, tenant)).rejects.toMatchObject(
        badInput,
      );
      await expect(storage.presignUpload({ key, contentType: 'not a type', size: 1, expiresInSeconds: 60 }, tenant)).rejects.toMatchObject(badInput);
      await expect(storage.presignUpload({ key, contentType: 'text/plain', size: 1, expiresInSeconds: 0 }, tenant)).rejects.toMatchObject(badInput);
      await expect(storage.presignDownload({ key, expiresInSeconds: 8 * 24 * 3600 }, tenant)).rejects.toMatchObject(badInput);
    });

    it('serves a download through a presigned GET, with Content-Disposition when a file name is given', async () => {
      const { storage, tenant, fetchPresigned } = current();
      const key = freshKey('exports/course export.json');
      const data = bytes('{"title":"Biology 101"}');
      await storage.put(key, data, { contentType: 'application/json' }, tenant);

      const plain = await storage.presignDownload({ key, expiresInSeconds: 120 }, tenant);
      expect(plain.method).toBe('GET');
      const response = await fetchPresigned(plain);
      expect(response.status).toBe(200);
      expect(Buffer.from(response.body).toString('utf8')).toBe('{"title":"Biology 101"}');
      expect(response.headers['content-type']).toBe('application/json');

      const named = await storage.presignDownload({ key, expiresInSeconds: 120, fileName: 'biology-101.json' }, tenant);
      const download = await fetchPresigned(named);
      expect(download.status).toBe(200);
      expect(sha256(download.body)).toBe(sha256(data));
      expect(download.headers['content-disposition'] ?? '').toContain('attachment');
      expect(download.headers['content-disposition'] ?? '').toContain('biology-101.json');
    });
  });
}
