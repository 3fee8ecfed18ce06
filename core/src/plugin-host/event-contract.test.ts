import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { MIRAI_EVENT_SCOPES } from '@mirai/sdk-plugin';
import { describe, expect, it } from 'vitest';
import { CORE_DIR } from '../paths.ts';

async function sources(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts'))
    .map((entry) => join(entry.parentPath, entry.name));
}

/** Event names core passes to an `emit(`: the first string argument of every call. */
async function emittedEvents(): Promise<Set<string>> {
  const emitted = new Set<string>();
  for (const file of await sources(join(CORE_DIR, 'src'))) {
    for (const match of (await readFile(file, 'utf8')).matchAll(/\.emit\(\s*'([a-z]+\.[a-z.]+)'/g)) if (match[1] !== undefined) emitted.add(match[1]);
  }
  return emitted;
}

describe('the SDK event contract', () => {
  it('has an emit site in core for every event the SDK declares, and none undeclared', async () => {
    const declared = Object.keys(MIRAI_EVENT_SCOPES).sort();
    expect([...(await emittedEvents())].sort()).toEqual(declared);
  });
});
