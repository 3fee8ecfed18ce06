import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURE_PLUGINS_DIR } from '../testing/plugin-fixtures.ts';
import { discoverPlugins } from './plugin-discovery.ts';
import { installedPackages, syncPluginPackages } from './plugin-packages.ts';

// The record `mirai plugins install` keeps (MIRAI_DATA_DIR/plugin-packages/package.json) is what a
// restart or a new replica loads: a recorded package that is missing stops the boot, and
// `mirai plugins sync` brings back exactly the recorded set. A packed fixture stands in for a
// registry so the test runs offline (the registry round trip is tests/integration/plugin-registry.test.ts).
const run = promisify(execFile);
let work: string;
let record: string;

const installedNames = async () =>
  (await discoverPlugins({ firstParty: [], directories: [], installed: [record] })).map(({ packageName, source }) => ({ packageName, source }));

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'mirai-plugin-packages-'));
  await run('npm', ['pack', '--ignore-scripts', '--pack-destination', work, join(FIXTURE_PLUGINS_DIR, 'configurable')]);
  const [tarball] = (await readdir(work)).filter((name) => name.endsWith('.tgz'));
  if (tarball === undefined) throw new Error('npm pack produced no tarball');
  record = join(work, 'plugin-packages');
  await mkdir(record);
  await writeFile(
    join(record, 'package.json'),
    JSON.stringify({ name: 'mirai-plugin-packages', private: true, dependencies: { configurable: `file:../${tarball}` } }),
  );
}, 60_000);
afterAll(() => rm(work, { recursive: true, force: true }));

describe('the record of installed plugin packages', () => {
  it('refuses a recorded package that is missing, naming it, and sync brings back exactly the record (a new replica, a lost node_modules)', async () => {
    await expect(installedNames()).rejects.toMatchObject({ code: 'MIRAI_ERR_PLUGIN_NOT_INSTALLED', extensions: { plugin: 'configurable' } });
    await syncPluginPackages(record);
    expect(await installedNames()).toEqual([{ packageName: 'configurable', source: 'npm' }]);
    await rm(join(record, 'node_modules'), { recursive: true, force: true });
    await expect(installedNames()).rejects.toMatchObject({ code: 'MIRAI_ERR_PLUGIN_NOT_INSTALLED' });
    await syncPluginPackages(record);
    expect(await installedNames()).toEqual([{ packageName: 'configurable', source: 'npm' }]);
    expect(Object.keys(await installedPackages(record))).toEqual(['configurable']);
  }, 120_000);
});
