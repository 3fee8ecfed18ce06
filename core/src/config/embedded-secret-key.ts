import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Embedded mode keeps its encryption key next to its data, created once with owner-only
 * permissions, so a laptop install needs no setup and a restart can still decrypt secrets.
 */
export async function loadOrCreateEmbeddedSecretKey(dataDir: string): Promise<Buffer> {
  const path = join(dataDir, 'secret.key');
  try {
    const existing = Buffer.from((await readFile(path, 'utf8')).trim(), 'base64');
    if (existing.length === 32) return existing;
    throw new Error(`${path} does not hold a base64 32-byte key; fix or remove it`);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  await mkdir(dataDir, { recursive: true });
  const key = randomBytes(32);
  await writeFile(path, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
  return key;
}
