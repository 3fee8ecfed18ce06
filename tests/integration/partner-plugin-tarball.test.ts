import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createTestDatabase, type TestDatabase } from '@mirai/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../support/paths.ts';
import { type RunningApi, startApi } from '../support/start-api.ts';

const run = promisify(execFile);
const fixture = join(repoRoot, 'tests', 'fixtures', 'partner-plugin');
let work: string;
let tarball: string;

/** Unpacks the tarball the way `npm install` lays a package out: no SDK beside it, the host provides it. */
async function install(into: string): Promise<void> {
  await mkdir(into, { recursive: true });
  await run('tar', ['-xzf', tarball, '-C', into, '--strip-components=1']);
}

async function signUp(api: RunningApi): Promise<{ authorization: string }> {
  const response = await fetch(`${api.url}/v1/auth/signup`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: `partner-${Date.now()}@example.com`, password: 'correct horse battery', tenantName: 'Partner test' }),
  });
  const { token } = (await response.json()) as { token: string };
  return { authorization: `Bearer ${token}` };
}

async function plugins(api: RunningApi, auth: { authorization: string }) {
  const response = await fetch(`${api.url}/v1/plugins`, { headers: auth });
  return ((await response.json()) as { items: Array<{ name: string; source: string; version: string; capabilities: string[] }> }).items;
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'mirai-partner-'));
  // A partner builds with plain tsc and packs with npm: nothing from the core is involved.
  await run(join(repoRoot, 'node_modules', '.bin', 'tsc'), ['-p', join(fixture, 'tsconfig.build.json')]);
  await run('npm', ['pack', '--pack-destination', work], { cwd: fixture });
  const packed = (await readdir(work)).find((file) => file.endsWith('.tgz'));
  if (packed === undefined) throw new Error('npm pack produced no tarball');
  tarball = join(work, packed);
}, 120_000);

// This package is not signed (the registry test signs one): development mode allows that.
// The glossary serves an HTTP route, which only a trusted (in-process) plugin may: the operator marks it trusted.
const UNSIGNED_OK = { MIRAI_PLUGINS_ALLOW_UNSIGNED: 'true', MIRAI_PLUGINS_TRUSTED: '@acme/mirai-plugin-glossary' };

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('a partner plugin built only on @mirai/sdk-plugin', () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase();
  });
  afterAll(() => database.dispose());

  it('ships only compiled files in its tarball', async () => {
    const { stdout } = await run('tar', ['-tzf', tarball]);
    expect(stdout.split('\n').filter(Boolean).sort()).toEqual(
      expect.arrayContaining(['package/dist/index.js', 'package/dist/glossary.js', 'package/package.json']),
    );
    expect(stdout).not.toContain('src/');
  });

  it('loads from an operator plugin directory (MIRAI_PLUGIN_PATHS) and serves its routes', async () => {
    await install(join(work, 'plugins', 'acme-glossary'));
    const api = await startApi(join(work, 'data-dir'), 200_000, {
      name: 'api-partner-dir',
      env: { ...database.env, ...UNSIGNED_OK, MIRAI_DATA_DIR: join(work, 'data-dir'), MIRAI_PLUGIN_PATHS: join(work, 'plugins') },
    });
    try {
      const auth = await signUp(api);
      expect((await plugins(api, auth)).find((p) => p.name === 'acme-glossary')).toMatchObject({
        source: 'directory',
        version: '0.3.0',
        capabilities: ['exporter'],
      });
      const configured = await fetch(`${api.url}/v1/plugins/acme-glossary`, {
        method: 'PUT',
        headers: { ...auth, 'content-type': 'application/json' },
        body: JSON.stringify({ enabled: true, config: { separator: ';' } }),
      });
      expect(await configured.json()).toMatchObject({ enabled: true, config: { separator: ';' } });
      const about = await fetch(`${api.url}/v1/plugins/acme-glossary/routes/about`);
      expect(await about.json()).toEqual({ plugin: 'acme-glossary', formats: ['glossary-csv'] });
    } finally {
      await api.stop();
    }
  }, 300_000);

  it('loads an installed package only when the operator recorded it, never for sitting in node_modules', async () => {
    await rm(join(work, 'plugins'), { recursive: true, force: true });
    // Lying in the server's node_modules is not enough...
    await install(join(work, 'node_modules', '@acme', 'mirai-plugin-glossary'));
    // ...the record of `mirai plugins install` (MIRAI_DATA_DIR/plugin-packages/package.json) is.
    const dataDir = join(work, 'data-npm');
    const recorded = join(dataDir, 'plugin-packages');
    const other = await createTestDatabase();
    const start = (name: string) => startApi(dataDir, 200_000, { name, cwd: work, env: { ...other.env, ...UNSIGNED_OK, MIRAI_DATA_DIR: dataDir } });
    try {
      let api = await start('api-partner-unrecorded');
      try {
        expect((await plugins(api, await signUp(api))).find((p) => p.name === 'acme-glossary')).toBeUndefined();
      } finally {
        await api.stop();
      }
      await install(join(recorded, 'node_modules', '@acme', 'mirai-plugin-glossary'));
      await writeFile(join(recorded, 'package.json'), JSON.stringify({ private: true, dependencies: { '@acme/mirai-plugin-glossary': '^0.3.0' } }));
      api = await start('api-partner-npm');
      try {
        expect((await plugins(api, await signUp(api))).find((p) => p.name === 'acme-glossary')).toMatchObject({ source: 'npm' });
      } finally {
        await api.stop();
      }
    } finally {
      await other.dispose();
    }
  }, 600_000);
});
