import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';

/** The file inside a plugin package that carries its signature; it covers every other file. */
export const SIGNATURE_FILE = 'mirai-signature.json';

export interface FileDigest {
  /** Path inside the package, `/`-separated. */
  path: string;
  sha256: string;
}

/** Every file of an unpacked package, except its own node_modules and the signature itself. */
export async function packageFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)).split(sep).join('/'))
    .filter((path) => path !== SIGNATURE_FILE && !path.split('/').includes('node_modules'))
    .sort();
}

/** SHA-256 of each named file, sorted by path so that the same package always digests the same. */
export async function digestFiles(dir: string, paths: readonly string[]): Promise<FileDigest[]> {
  const digests: FileDigest[] = [];
  for (const path of [...paths].sort())
    digests.push({
      path,
      sha256: createHash('sha256')
        .update(await readFile(join(dir, path)))
        .digest('hex'),
    });
  return digests;
}
