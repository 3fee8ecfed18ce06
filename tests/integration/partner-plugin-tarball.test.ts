import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rm, symlink } from 'node:fs/promises';
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

/** Unpacks the tarball the way `npm install` lays a package out, next to the host's SDK. */
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
  // The host provides the SDK (a peer dependency of every plugin).
  await mkdir(join(work, 'node_modules', '@mirai'), { recursive: true });
  await symlink(join(repoRoot, 'sdk-plugin'), join(work, 'node_modules', '@mirai', 'sdk-plugin'), 'dir');
}, 120_000);

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
    const api = await startApi(join(work, 'data-dir'), 90_000, {
      name: 'api-partner-dir',
      env: { ...database.env, MIRAI_DATA_DIR: join(work, 'data-dir'), MIRAI_PLUGIN_PATHS: join(work, 'plugins') },
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
  });

  it('loads from an installed npm package that declares mirai.plugin', async () => {
    await rm(join(work, 'plugins'), { recursive: true, force: true });
    await install(join(work, 'node_modules', '@acme', 'mirai-plugin-glossary'));
    const other = await createTestDatabase();
    const api = await startApi(join(work, 'data-npm'), 90_000, {
      name: 'api-partner-npm',
      cwd: work,
      env: { ...other.env, MIRAI_DATA_DIR: join(work, 'data-npm') },
    });
    try {
      const auth = await signUp(api);
      expect((await plugins(api, auth)).find((p) => p.name === 'acme-glossary')).toMatchObject({ source: 'npm' });
    } finally {
      await api.stop();
      await other.dispose();
    }
  });
});
