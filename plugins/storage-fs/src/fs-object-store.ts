import { createHash, randomUUID } from 'node:crypto';
import { constants } from 'node:fs';
import { type FileHandle, mkdir, open, readFile, realpath, rename, rm, rmdir, unlink, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, sep } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { PluginError, type StoredObjectInfo } from '@mirai/sdk-plugin';
import { META_SUFFIX } from './input-validation.ts';

/** What the sidecar `<key>.meta.json` holds. `ino` ties it to the data file it describes. */
interface ObjectMeta {
  contentType: string;
  size: number;
  sha256: string;
  ino?: number;
}

interface ObjectPaths {
  tenantDir: string;
  dataPath: string;
  metaPath: string;
}

const READ_CHUNK = 64 * 1024;
const CONSISTENT_READ_ATTEMPTS = 4;
const FALLBACK_CONTENT_TYPE = 'application/octet-stream';

function errorCode(error: unknown): string | undefined {
  return error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
}

function parseMeta(text: string): ObjectMeta | null {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value !== 'object' || value === null) return null;
    const { contentType, size, sha256, ino } = value as Record<string, unknown>;
    if (typeof contentType !== 'string' || typeof size !== 'number' || typeof sha256 !== 'string') return null;
    return typeof ino === 'number' ? { contentType, size, sha256, ino } : { contentType, size, sha256 };
  } catch {
    return null;
  }
}

async function readMeta(metaPath: string): Promise<ObjectMeta | null> {
  try {
    return parseMeta(await readFile(metaPath, 'utf8'));
  } catch (error) {
    if (errorCode(error) === 'ENOENT' || errorCode(error) === 'ENOTDIR') return null;
    throw error;
  }
}

async function writeAll(handle: FileHandle, chunk: Uint8Array): Promise<void> {
  let offset = 0;
  while (offset < chunk.byteLength) {
    const { bytesWritten } = await handle.write(chunk, offset, chunk.byteLength - offset);
    offset += bytesWritten;
  }
}

/** Streams a file and closes it when the consumer finishes or stops early. */
async function* readChunks(handle: FileHandle): AsyncGenerator<Uint8Array> {
  try {
    for (;;) {
      const buffer = Buffer.allocUnsafe(READ_CHUNK);
      const { bytesRead } = await handle.read(buffer, 0, READ_CHUNK, null);
      if (bytesRead === 0) return;
      yield buffer.subarray(0, bytesRead);
    }
  } finally {
    await handle.close();
  }
}

const isInside = (parent: string, child: string) => {
  const rel = relative(parent, child);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
};

const conflict = (key: string, cause: unknown) =>
  new PluginError('MIRAI_ERR_PLUGIN_CONFLICT', `"${key}" clashes with an existing object: a key cannot be both an object and a folder of others`, {
    cause,
  });

/**
 * Objects on local disk: `<root>/<tenantId>/<key>` holds the bytes and `<key>.meta.json` beside it
 * the content type, size and SHA-256. Keys must be validated by the caller; this class still
 * checks, lexically and by `realpath`, that every path it touches stays inside the tenant's
 * directory, so a symlink planted in the tree cannot lead outside it.
 *
 * Writes go to `<root>/.tmp/` first (same file system) and are renamed into place, so a reader
 * sees the old object or the new one, never a partial file. The sidecar records the data file's
 * inode; a reader that finds data and sidecar from different writes retries briefly.
 */
export class FsObjectStore {
  readonly root: string;

  constructor(root: string) {
    this.root = root;
  }

  #paths(tenantId: string, key: string): ObjectPaths {
    const tenantDir = join(this.root, tenantId);
    const dataPath = join(tenantDir, ...key.split('/'));
    if (!isInside(this.root, tenantDir) || tenantDir === this.root || !isInside(tenantDir, dataPath) || dataPath === tenantDir)
      throw new PluginError('MIRAI_ERR_PLUGIN_BAD_INPUT', `"${key}" does not name an object inside the tenant`);
    return { tenantDir, dataPath, metaPath: `${dataPath}${META_SUFFIX}` };
  }

  /** Fails unless `dir` resolves (symlinks followed) to the tenant directory or below it. */
  async #assertResolvesInside(tenantDir: string, dir: string, key: string): Promise<void> {
    const [realTenant, realDir] = await Promise.all([realpath(tenantDir), realpath(dir)]);
    if (!isInside(realTenant, realDir))
      throw new PluginError('MIRAI_ERR_PLUGIN_FORBIDDEN', `"${key}" resolves outside the tenant's storage directory`);
  }

  /** The paths of an existing object's parent folder, or null when that folder does not exist. */
  async #existing(tenantId: string, key: string): Promise<ObjectPaths | null> {
    const paths = this.#paths(tenantId, key);
    try {
      await this.#assertResolvesInside(paths.tenantDir, dirname(paths.dataPath), key);
    } catch (error) {
      if (errorCode(error) === 'ENOENT' || errorCode(error) === 'ENOTDIR') return null;
      throw error;
    }
    return paths;
  }

  /** Creates the object's parent folder, checking each existing ancestor before creating below it. */
  async #prepare(tenantId: string, key: string): Promise<ObjectPaths> {
    const paths = this.#paths(tenantId, key);
    await mkdir(paths.tenantDir, { recursive: true });
    let ancestor = dirname(paths.dataPath);
    for (;;) {
      try {
        await this.#assertResolvesInside(paths.tenantDir, ancestor, key);
        break;
      } catch (error) {
        if (errorCode(error) === 'ENOTDIR') throw conflict(key, error);
        if (errorCode(error) !== 'ENOENT' || ancestor === paths.tenantDir) throw error;
        ancestor = dirname(ancestor);
      }
    }
    try {
      await mkdir(dirname(paths.dataPath), { recursive: true });
    } catch (error) {
      if (errorCode(error) === 'EEXIST' || errorCode(error) === 'ENOTDIR') throw conflict(key, error);
      throw error;
    }
    await this.#assertResolvesInside(paths.tenantDir, dirname(paths.dataPath), key);
    return paths;
  }

  async write(tenantId: string, key: string, body: Uint8Array | AsyncIterable<Uint8Array>, contentType: string): Promise<StoredObjectInfo> {
    const tmpDir = join(this.root, '.tmp');
    await mkdir(tmpDir, { recursive: true });
    const tmpData = join(tmpDir, randomUUID());
    const tmpMeta = `${tmpData}${META_SUFFIX}`;
    try {
      const hash = createHash('sha256');
      let size = 0;
      let ino: number;
      const handle = await open(tmpData, 'wx');
      try {
        for await (const chunk of body instanceof Uint8Array ? [body] : body) {
          hash.update(chunk);
          size += chunk.byteLength;
          await writeAll(handle, chunk);
        }
        await handle.datasync();
        ino = (await handle.stat()).ino;
      } finally {
        await handle.close();
      }
      const meta: ObjectMeta = { contentType, size, sha256: hash.digest('hex'), ino };
      await writeFile(tmpMeta, JSON.stringify(meta), { flag: 'wx' });
      await this.#publish(tenantId, key, tmpData, tmpMeta);
      return { key, size, contentType, sha256: meta.sha256, lastModified: new Date() };
    } finally {
      await Promise.all([rm(tmpData, { force: true }), rm(tmpMeta, { force: true })]);
    }
  }

  /** Renames the finished temp files into place: data first, then the sidecar that describes it. */
  async #publish(tenantId: string, key: string, tmpData: string, tmpMeta: string): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      const paths = await this.#prepare(tenantId, key);
      try {
        await rename(tmpData, paths.dataPath);
        await rename(tmpMeta, paths.metaPath);
        return;
      } catch (error) {
        const code = errorCode(error);
        if (code === 'EISDIR' || code === 'ENOTEMPTY' || code === 'ENOTDIR' || code === 'EEXIST') throw conflict(key, error);
        // A concurrent delete may have pruned the freshly made folder; make it again once.
        if (code !== 'ENOENT' || attempt > 0) throw error;
      }
    }
  }

  /** Opens an object with a sidecar that matches it; the caller owns the handle. */
  async #open(tenantId: string, key: string): Promise<{ handle: FileHandle; info: StoredObjectInfo } | null> {
    const paths = await this.#existing(tenantId, key);
    if (paths === null) return null;
    for (let attempt = 1; ; attempt++) {
      const meta = await readMeta(paths.metaPath);
      let handle: FileHandle;
      try {
        handle = await open(paths.dataPath, constants.O_RDONLY | constants.O_NOFOLLOW);
      } catch (error) {
        const code = errorCode(error);
        if (code === 'ELOOP') throw new PluginError('MIRAI_ERR_PLUGIN_FORBIDDEN', `"${key}" is a symbolic link`, { cause: error });
        if (code !== 'ENOENT' && code !== 'ENOTDIR') throw error;
        if (meta === null || attempt >= CONSISTENT_READ_ATTEMPTS) return null;
        await sleep(5 * attempt);
        continue;
      }
      const stat = await handle.stat();
      if (!stat.isFile()) {
        await handle.close();
        return null;
      }
      const consistent = meta !== null && meta.size === stat.size && (meta.ino === undefined || meta.ino === stat.ino);
      if (consistent || attempt >= CONSISTENT_READ_ATTEMPTS) {
        const info: StoredObjectInfo = { key, size: stat.size, contentType: meta?.contentType ?? FALLBACK_CONTENT_TYPE, lastModified: stat.mtime };
        if (consistent) info.sha256 = meta.sha256;
        return { handle, info };
      }
      await handle.close();
      await sleep(5 * attempt);
    }
  }

  async read(tenantId: string, key: string): Promise<{ info: StoredObjectInfo; body: AsyncIterable<Uint8Array> } | null> {
    const opened = await this.#open(tenantId, key);
    return opened === null ? null : { info: opened.info, body: readChunks(opened.handle) };
  }

  async stat(tenantId: string, key: string): Promise<StoredObjectInfo | null> {
    const opened = await this.#open(tenantId, key);
    if (opened === null) return null;
    await opened.handle.close();
    return opened.info;
  }

  async copy(tenantId: string, fromKey: string, toKey: string): Promise<StoredObjectInfo | null> {
    const source = await this.read(tenantId, fromKey);
    if (source === null) return null;
    return this.write(tenantId, toKey, source.body, source.info.contentType);
  }

  async remove(tenantId: string, key: string): Promise<void> {
    const paths = await this.#existing(tenantId, key);
    if (paths === null) return;
    for (const path of [paths.dataPath, paths.metaPath]) {
      try {
        await unlink(path);
      } catch (error) {
        // A missing object, or a folder of other objects, means there is nothing to delete.
        const code = errorCode(error);
        if (code !== 'ENOENT' && code !== 'EISDIR' && code !== 'EPERM' && code !== 'ENOTDIR') throw error;
      }
    }
    await this.#pruneEmptyFolders(paths.tenantDir, dirname(paths.dataPath));
  }

  /** Removes folders a delete left empty, so their names can become objects again. */
  async #pruneEmptyFolders(tenantDir: string, from: string): Promise<void> {
    for (let dir = from; dir !== tenantDir && isInside(tenantDir, dir); dir = dirname(dir)) {
      try {
        await rmdir(dir);
      } catch {
        return;
      }
    }
  }
}
