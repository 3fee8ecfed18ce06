import { mkdtemp, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CORE_DIR, REPO_DIR } from '../paths.ts';
import type { DiscoveryRoots } from '../plugin-host/plugin-discovery.ts';

export const FIXTURE_PLUGINS_DIR = join(CORE_DIR, 'test-fixtures', 'plugins');

/** Plugin roots with the first-party plugins plus the named fixture plugins (linked into a temp folder). */
export async function rootsWithFixtures(...fixtures: string[]): Promise<DiscoveryRoots> {
  const dir = await mkdtemp(join(tmpdir(), 'mirai-plugins-'));
  for (const fixture of fixtures) await symlink(join(FIXTURE_PLUGINS_DIR, fixture), join(dir, fixture), 'dir');
  return { firstParty: [join(REPO_DIR, 'plugins')], directories: [dir], installed: [] };
}
