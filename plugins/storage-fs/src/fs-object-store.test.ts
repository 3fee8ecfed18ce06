import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StorageProvider, TenantContext } from '@mirai/sdk-plugin';
import { collectBytes } from '@mirai/sdk-plugin/testing/storage-contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFsTestHost } from './testing/fs-test-host.ts';

const text = (value: string) => new TextEncoder().encode(value);
let root: string;
let storage: StorageProvider;
let tenant: TenantContext;
let teardown: () => Promise<void>;
let outside: string;

beforeAll(async () => {
  const fixture = await startFsTestHost();
  ({ root, teardown } = { root: fixture.root, teardown: fixture.subject.teardown });
  storage = fixture.subject.storage;
  tenant = fixture.subject.tenant;
  outside = await mkdtemp(join(tmpdir(), 'mirai-storage-outside-'));
});
afterAll(async () => {
  await teardown();
  await rm(outside, { recursive: true, force: true });
});

describe('on disk', () => {
  it('keeps bytes at <root>/<tenant>/<key> with a .meta.json sidecar, and no temp files behind', async () => {
    await storage.put('course/1/cover.png', text('png bytes'), { contentType: 'image/png' }, tenant);
    const dataPath = join(root, 'tenant-a', 'course', '1', 'cover.png');
    expect(await readFile(dataPath, 'utf8')).toBe('png bytes');
    const meta: unknown = JSON.parse(await readFile(`${dataPath}.meta.json`, 'utf8'));
    expect(meta).toMatchObject({
      contentType: 'image/png',
      size: 9,
      sha256: createHash('sha256').update('png bytes').digest('hex'),
      ino: (await stat(dataPath)).ino,
    });
    expect(await readdir(join(root, '.tmp'))).toEqual([]);
  });

  it('reserves the .meta.json suffix so no object can overwrite another one’s metadata', async () => {
    await expect(storage.put('x.png.meta.json', text('{}'), { contentType: 'application/json' }, tenant)).rejects.toMatchObject({
      code: 'MIRAI_ERR_PLUGIN_BAD_INPUT',
    });
    await expect(storage.put('dir.meta.json/x', text('{}'), { contentType: 'application/json' }, tenant)).rejects.toMatchObject({
      code: 'MIRAI_ERR_PLUGIN_BAD_INPUT',
    });
  });

  it('refuses a key that is both an object and a folder (409), and frees the name once the folder is empty', async () => {
    await storage.put('clash/a', text('file'), { contentType: 'text/plain' }, tenant);
    await expect(storage.put('clash/a/b', text('nested'), { contentType: 'text/plain' }, tenant)).rejects.toMatchObject({
      code: 'MIRAI_ERR_PLUGIN_CONFLICT',
    });
    await storage.put('clash/dir/b', text('nested'), { contentType: 'text/plain' }, tenant);
    await expect(storage.put('clash/dir', text('file'), { contentType: 'text/plain' }, tenant)).rejects.toMatchObject({
      code: 'MIRAI_ERR_PLUGIN_CONFLICT',
    });
    expect(await storage.head('clash/dir', tenant)).toBeNull();
    await storage.delete('clash/dir', tenant);
    expect(await storage.head('clash/dir/b', tenant)).toMatchObject({ size: 6 });

    await storage.delete('clash/dir/b', tenant);
    await storage.put('clash/dir', text('now a file'), { contentType: 'text/plain' }, tenant);
    expect(await storage.head('clash/dir', tenant)).toMatchObject({ size: 10 });
  });

  it('follows no symlink out of the tenant directory, for reads or writes', async () => {
    await writeFile(join(outside, 'secret.txt'), 'outside secret');
    await writeFile(join(outside, 'secret.txt.meta.json'), JSON.stringify({ contentType: 'text/plain', size: 14, sha256: 'x' }));
    await mkdir(join(root, 'tenant-a'), { recursive: true });
    await symlink(outside, join(root, 'tenant-a', 'escape'));
    await symlink(join(outside, 'secret.txt'), join(root, 'tenant-a', 'link.txt'));

    const forbidden = { code: 'MIRAI_ERR_PLUGIN_FORBIDDEN' };
    await expect(storage.get('escape/secret.txt', tenant)).rejects.toMatchObject(forbidden);
    await expect(storage.head('escape/secret.txt', tenant)).rejects.toMatchObject(forbidden);
    await expect(storage.put('escape/planted.txt', text('x'), { contentType: 'text/plain' }, tenant)).rejects.toMatchObject(forbidden);
    await expect(storage.put('escape/deeper/planted.txt', text('x'), { contentType: 'text/plain' }, tenant)).rejects.toMatchObject(forbidden);
    await expect(storage.delete('escape/secret.txt', tenant)).rejects.toMatchObject(forbidden);
    await expect(storage.get('link.txt', tenant)).rejects.toMatchObject(forbidden);
    expect((await readdir(outside)).sort()).toEqual(['secret.txt', 'secret.txt.meta.json']);
  });

  it('never reports metadata of another write: a sidecar that does not match the bytes yields no sha256', async () => {
    await storage.put('torn.txt', text('new content'), { contentType: 'text/plain' }, tenant);
    // A crash between the two renames leaves the old sidecar next to the new bytes.
    await writeFile(join(root, 'tenant-a', 'torn.txt.meta.json'), JSON.stringify({ contentType: 'text/csv', size: 3, sha256: 'old', ino: 1 }));
    const head = await storage.head('torn.txt', tenant);
    expect(head).toMatchObject({ size: 11, contentType: 'text/csv' });
    expect(head?.sha256).toBeUndefined();
  });

  it('serves bytes written without a sidecar as application/octet-stream', async () => {
    await writeFile(join(root, 'tenant-a', 'dropped-in.bin'), 'raw');
    const got = await storage.get('dropped-in.bin', tenant);
    expect(got?.info).toMatchObject({ size: 3, contentType: 'application/octet-stream' });
    expect(got === null ? null : Buffer.from(await collectBytes(got.body)).toString('utf8')).toBe('raw');
  });

  it('lets a reader see the old or the new object while a large write is under way, never a mix', async () => {
    const key = 'concurrent.bin';
    const oldBytes = new Uint8Array(256 * 1024).fill(1);
    const newBytes = new Uint8Array(512 * 1024).fill(2);
    await storage.put(key, oldBytes, { contentType: 'application/x-old' }, tenant);
    async function* slow() {
      for (let offset = 0; offset < newBytes.byteLength; offset += 64 * 1024) {
        await new Promise((resolve) => setTimeout(resolve, 1));
        yield newBytes.subarray(offset, offset + 64 * 1024);
      }
    }
    const writing = storage.put(key, slow(), { contentType: 'application/x-new' }, tenant);
    const seen = new Set<string>();
    for (let i = 0; i < 20; i++) {
      const got = await storage.get(key, tenant);
      if (got === null) throw new Error('object vanished during overwrite');
      const bytes = await collectBytes(got.body);
      expect(bytes.byteLength).toBe(got.info.size);
      seen.add(`${got.info.contentType}:${bytes.byteLength}:${new Set(bytes).size}`);
    }
    await writing;
    for (const entry of seen) expect(['application/x-old:262144:1', 'application/x-new:524288:1']).toContain(entry);
    expect(await storage.head(key, tenant)).toMatchObject({ contentType: 'application/x-new', size: 524288 });
  });
});
