import { execFile } from 'node:child_process';
import { access, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { digestFiles, generateSigningKey, packageFiles, SIGNATURE_FILE, signManifest } from '@mirai/sdk-plugin/signing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig, type MiraiConfig } from '../config/config.ts';
import { createOrm } from '../db/create-orm.ts';
import { migrate } from '../db/orm.ts';
import { createTestDatabase, type TestDatabase } from '../testing/test-database.ts';
import { candidateFrom, checkPlugins } from './plugins-check.ts';

// `mirai plugins check <spec>` before an upgrade: the candidate version comes from npm (here a
// packed tarball, so the test runs offline; a `name@version` goes through the same npm install),
// is verified like an install, and is read with the host's SDK, since a package carries none.
const run = promisify(execFile);
const publisher = generateSigningKey();
const noInstalledPlugins = { firstParty: [], directories: [], installed: [] };
let work: string;
let database: TestDatabase;
let config: MiraiConfig;

/** A partner package `@acme/mirai-plugin-upgrade@2.0.0` (engine ^2.0.0), packed; its entry writes `marker` when imported. */
async function packedCandidate(options: { signed: boolean; marker: string }): Promise<string> {
  const dir = await mkdtemp(join(work, 'candidate-'));
  await mkdir(join(dir, 'dist'));
  const manifest = {
    name: '@acme/mirai-plugin-upgrade',
    version: '2.0.0',
    type: 'module',
    mirai: { plugin: './dist/index.js' },
    peerDependencies: { '@mirai/sdk-plugin': '^1.0.0' },
  };
  await writeFile(join(dir, 'package.json'), JSON.stringify(manifest));
  await writeFile(
    join(dir, 'dist', 'index.js'),
    [
      "import { writeFileSync } from 'node:fs';",
      "import { definePlugin } from '@mirai/sdk-plugin';",
      `if (process.env.MIRAI_TEST_MARKER_ARMED === '1') writeFileSync(${JSON.stringify(options.marker)}, 'imported');`,
      "export default definePlugin({ name: 'upgrade-probe', version: '2.0.0', engine: '^2.0.0', capabilities: ['exporter'], register() {} });",
    ].join('\n'),
  );
  if (options.signed) {
    // What `mirai-plugin sign` writes (signed here without importing the plugin into the test runner).
    const files = await digestFiles(dir, await packageFiles(dir));
    const signed = { name: manifest.name, version: manifest.version, plugin: 'upgrade-probe', capabilities: ['exporter'], egress: [], files };
    await writeFile(join(dir, SIGNATURE_FILE), JSON.stringify(signManifest(signed, publisher.privateKeyPem)));
  }
  await run('npm', ['pack', '--ignore-scripts', '--pack-destination', dir, dir]);
  const tarball = (await readdir(dir)).find((name) => name.endsWith('.tgz'));
  if (tarball === undefined) throw new Error('npm pack produced no tarball');
  return join(dir, tarball);
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'mirai-plugins-check-test-'));
  database = await createTestDatabase();
  config = loadConfig({ LOG_LEVEL: 'silent', ...database.env, MIRAI_PLUGIN_TRUSTED_KEYS: publisher.publicKey });
  // A server-mode test database starts empty (servers migrate it); the check itself never migrates.
  if (config.databaseUrl !== undefined) {
    const orm = await createOrm({ url: config.databaseUrl, poolMax: 1 });
    await migrate(orm);
    await orm.close(true);
  }
}, 180_000);
afterAll(async () => {
  delete process.env.MIRAI_TEST_MARKER_ARMED;
  await database?.dispose();
  await rm(work, { recursive: true, force: true });
});

describe('mirai plugins check <spec>', () => {
  it('reports a signed candidate fetched by npm, read with the host SDK, and records nothing', async () => {
    const candidate = await candidateFrom(await packedCandidate({ signed: true, marker: join(work, 'unused') }), config);
    expect(candidate).toMatchObject({ name: 'upgrade-probe', version: '2.0.0', engine: '^2.0.0' });
    const now = await checkPlugins(config, noInstalledPlugins, { candidate });
    expect(now.engines).toEqual([{ plugin: 'upgrade-probe', version: '2.0.0', engine: '^2.0.0', compatible: false }]);
    expect(now.ok).toBe(false);
    expect((await checkPlugins(config, noInstalledPlugins, { engine: '2.0.0', candidate })).ok).toBe(true);
    await expect(access(join(config.dataDir, 'plugin-packages'))).rejects.toMatchObject({ code: 'ENOENT' });
  }, 120_000);

  it('refuses an unsigned candidate, naming it, before any of its code runs', async () => {
    const marker = join(work, 'imported');
    const tarball = await packedCandidate({ signed: false, marker });
    process.env.MIRAI_TEST_MARKER_ARMED = '1';
    await expect(candidateFrom(tarball, config)).rejects.toMatchObject({
      code: 'MIRAI_ERR_PLUGIN_SIGNATURE_MISSING',
      extensions: { plugin: '@acme/mirai-plugin-upgrade' },
    });
    await expect(access(marker)).rejects.toMatchObject({ code: 'ENOENT' });
  }, 120_000);
});
