import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createGroundedCourse, createTestDatabase, type TestDatabase } from '@mirai/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Session, signUp, waitForJob } from '../support/generation-client.ts';
import { type NpmRegistry, publishInstalledCopies, startNpmRegistry } from '../support/npm-registry.ts';
import { repoRoot } from '../support/paths.ts';
import { startApi } from '../support/start-api.ts';

// The partner's path with plain npm against a real registry on loopback, outside the workspace:
// SDK and scaffold published like a release, `npm create` -> install -> test -> build -> publish
// (signed), then the operator's `mirai plugins install` and an export through the server.
const run = promisify(execFile);
let work: string;
let outside: string;
let registry: NpmRegistry;
let database: TestDatabase;
let publicKey: string;
let sdkTarball: string;

/** pnpm packs a workspace package with its publishConfig (dist exports) applied. */
async function packWorkspacePackage(dir: string): Promise<string> {
  const destination = await mkdtemp(join(work, 'pack-'));
  await run('pnpm', ['pack', '--pack-destination', destination], { cwd: join(repoRoot, dir), env: { ...process.env } });
  const [tarball] = await readdir(destination);
  if (tarball === undefined) throw new Error(`pnpm pack of ${dir} produced nothing`);
  return join(destination, tarball);
}

/** The sample partner plugin, built with plain tsc and signed with the partner's key. */
async function publishSamplePlugin(privateKeyPath: string): Promise<void> {
  const fixture = join(repoRoot, 'tests', 'fixtures', 'partner-plugin');
  await run(join(repoRoot, 'node_modules', '.bin', 'tsc'), ['-p', join(fixture, 'tsconfig.build.json')]);
  const copy = join(work, 'glossary');
  await cp(join(fixture, 'dist'), join(copy, 'dist'), {
    recursive: true,
    filter: (path) => !path.endsWith('.test.js') && !path.endsWith('.test.d.ts'),
  });
  const { devDependencies: _workspaceOnly, ...manifest } = JSON.parse(await readFile(join(fixture, 'package.json'), 'utf8')) as Record<
    string,
    unknown
  >;
  await writeFile(join(copy, 'package.json'), JSON.stringify(manifest, null, 2));
  await run(process.execPath, [join(repoRoot, 'sdk-plugin', 'src', 'cli', 'mirai-plugin.ts'), 'sign', '--key', privateKeyPath, copy], {
    env: registry.env,
  });
  await registry.npm(['publish', '--ignore-scripts'], copy);
}

function mirai(args: string[], env: Record<string, string>): Promise<{ stdout: string }> {
  return run(process.execPath, [join(repoRoot, 'core', 'src', 'cli.ts'), ...args], { cwd: outside, env: { ...registry.env, ...env } });
}

// The limit only catches a hang: publishing TypeScript and esbuild took over 300 s at load 22.
beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'mirai-registry-'));
  outside = await mkdtemp(join(tmpdir(), 'mirai-partner-'));
  [registry, database] = await Promise.all([startNpmRegistry(join(work, 'registry')), createTestDatabase()]);
  // What a scaffolded project installs besides the SDK: no uplink, so it is published here first.
  // What the SDK, a scaffolded project and the docs' commands install, and their dependencies (ajv validates plugin config).
  await publishInstalledCopies(registry, [
    'semver@7.8.6',
    'typescript@5.9.3',
    '@types/node@24.19.2',
    'undici-types@7.24.6',
    'ajv@8.17.1',
    'fast-deep-equal@3.1.3',
    'fast-uri@3.1.9',
    'json-schema-traverse@1.0.0',
    'require-from-string@2.0.2',
    // The SDK bundles plugins for the sandbox with esbuild (its binary comes as a platform package).
    'esbuild@0.28.2',
    '@esbuild/linux-x64@0.28.2',
  ]);
  sdkTarball = await packWorkspacePackage('sdk-plugin');
  await registry.npm(['publish', sdkTarball], work);
  await registry.npm(['publish', await packWorkspacePackage('packages/create-plugin')], work);
}, 600_000);

afterAll(async () => {
  await registry?.stop();
  await database?.dispose();
  await rm(work, { recursive: true, force: true });
  await rm(outside, { recursive: true, force: true });
});

describe('a partner plugin from a registry, with plain npm outside the workspace', () => {
  it('ships the SDK as compiled JavaScript and declarations only', async () => {
    const manifest = JSON.parse(await registry.npm(['view', '@mirai/sdk-plugin', '--json'], outside)) as {
      exports: Record<string, { types: string; default: string }>;
    };
    expect(manifest.exports['.']).toEqual({ types: './dist/index.d.ts', default: './dist/index.js' });
    const { stdout } = await run('tar', ['-tzf', sdkTarball]);
    const files = stdout.split('\n').filter(Boolean);
    expect(files.filter((file) => !file.startsWith('package/dist/')).sort()).toEqual([
      'package/CHANGELOG.md',
      'package/LICENSE',
      'package/README.md',
      'package/package.json',
    ]);
    expect(files.some((file) => file.endsWith('.ts') && !file.endsWith('.d.ts'))).toBe(false);
  });

  it('runs the commands and tsconfig of docs/plugins.md in an empty folder', async () => {
    const doc = await readFile(join(repoRoot, 'docs', 'plugins.md'), 'utf8');
    const blocks = [...doc.matchAll(/```(\w+)\n([\s\S]*?)```/g)].map(([, lang, body]) => ({ lang, body: body ?? '' }));
    const setup = blocks.find((block) => block.lang === 'bash' && block.body.includes('npm init'));
    const tsconfig = blocks.find((block) => block.lang === 'json' && block.body.includes('compilerOptions'));
    const definition = blocks.find((block) => block.lang === 'ts' && block.body.startsWith('// src/index.ts'));
    if (setup === undefined || tsconfig === undefined || definition === undefined) throw new Error('docs/plugins.md lost a code block');
    const docs = join(outside, 'from-docs');
    await mkdir(docs);
    await run('sh', ['-e', '-c', setup.body], { cwd: docs, env: registry.env });
    const project = join(docs, 'mirai-plugin-glossary');
    await writeFile(join(project, 'tsconfig.json'), tsconfig.body);
    await mkdir(join(project, 'src'));
    await writeFile(join(project, 'src', 'index.ts'), definition.body);
    await run('npx', ['tsc'], { cwd: project, env: registry.env });
    const built = (await import(join(project, 'dist', 'index.js'))) as { default: { name: string } };
    expect(built.default.name).toBe('acme-glossary');
  }, 240_000);

  it('scaffolds, tests, builds and publishes a signed plugin that the operator installs and an organisation uses', async () => {
    await registry.npm(['--yes', 'create', '@mirai/plugin', 'acme-md', '--', '--kind', 'exporter'], outside);
    const project = join(outside, 'acme-md');
    const scaffolded = JSON.parse(await readFile(join(project, 'package.json'), 'utf8')) as { peerDependencies: Record<string, string> };
    expect(scaffolded.peerDependencies).toEqual({ '@mirai/sdk-plugin': '^1.1.0' });
    await registry.npm(['install'], project);
    expect(await registry.npm(['test'], project)).toMatch(/pass 1\n/);
    await registry.npm(['run', 'build'], project);
    const keyFile = join(outside, 'partner-key.pem');
    publicKey = (await registry.npm(['exec', '--', 'mirai-plugin', 'keygen', '--out', keyFile], project)).trim();
    await registry.npm(['publish'], project, { MIRAI_PLUGIN_SIGNING_KEY: await readFile(keyFile, 'utf8') });
    await publishSamplePlugin(keyFile);

    // The operator: installs by range from the registry; the record is what the server loads.
    // Both packages are marked trusted (run in-process): the glossary serves an HTTP route, which a sandboxed plugin may not.
    const operator = {
      MIRAI_DATA_DIR: join(work, 'data'),
      MIRAI_PLUGIN_TRUSTED_KEYS: publicKey,
      MIRAI_PLUGINS_TRUSTED: 'mirai-plugin-acme-md,@acme/mirai-plugin-glossary',
    };
    await mirai(['plugins', 'install', 'mirai-plugin-acme-md@^0.1.0'], operator);
    await mirai(['plugins', 'install', '@acme/mirai-plugin-glossary@^0.3.0'], operator);
    expect((await mirai(['plugins', 'list'], operator)).stdout.split('\n').filter(Boolean).sort()).toEqual([
      '@acme/mirai-plugin-glossary@^0.3.0',
      'mirai-plugin-acme-md@^0.1.0',
    ]);
    const api = await startApi(operator.MIRAI_DATA_DIR, 120_000, { name: 'api-registry', cwd: outside, env: { ...database.env, ...operator } });
    try {
      const session: Session = await signUp(api.url, `registry-${Date.now()}@example.com`);
      const { items } = (await session.call({ method: 'GET', url: '/v1/plugins' })).body as { items: Array<{ name: string; source: string }> };
      expect(
        items
          .filter((p) => p.source === 'npm')
          .map((p) => p.name)
          .sort(),
      ).toEqual(['acme-glossary', 'acme-md']);
      for (const [name, config] of [
        ['acme-md', {}],
        ['acme-glossary', { separator: ';' }],
      ] as const) {
        const configured = await session.call({ method: 'PUT', url: `/v1/plugins/${name}`, payload: { enabled: true, config } });
        expect(configured.body).toMatchObject({ enabled: true, config });
      }
      const courseId = await createGroundedCourse(session.call, 'Tides and the Moon');
      for (const step of ['generate-outline', 'generate-lessons']) {
        const payload = step === 'generate-outline' ? { moduleCount: 1, lessonsPerModule: 1 } : {};
        const { jobId } = (await session.call({ method: 'POST', url: `/v1/courses/${courseId}/${step}`, payload })).body as { jobId: string };
        expect(await waitForJob(session, jobId)).toMatchObject({ status: 'completed' });
      }
      const started = (await session.call({ method: 'POST', url: `/v1/courses/${courseId}/exports`, payload: { format: 'acme-md-md' } })).body as {
        jobId: string;
        exportId: string;
      };
      expect(await waitForJob(session, started.jobId)).toMatchObject({ status: 'completed' });
      const { url } = (await session.call({ method: 'GET', url: `/v1/exports/${started.exportId}/download` })).body as { url: string };
      const file = await fetch(url);
      expect(file.status).toBe(200);
      expect(await file.text()).toMatch(/^# Tides and the Moon\n/);
    } finally {
      await api.stop();
    }

    // Before an upgrade: the candidate is fetched from the registry by name and range, verified,
    // and checked against the stored configs (the glossary's `;` above); nothing is recorded.
    const report = JSON.parse(
      (await mirai(['plugins', 'check', '@acme/mirai-plugin-glossary@^0.3.0', '--json'], { ...database.env, ...operator })).stdout,
    ) as { ok: boolean; engines: Array<{ plugin: string; version: string; compatible: boolean }>; configs: unknown[] };
    expect(report).toMatchObject({ ok: true, configs: [] });
    expect(report.engines).toContainEqual(expect.objectContaining({ plugin: 'acme-glossary', compatible: true }));
    expect((await mirai(['plugins', 'list'], operator)).stdout.split('\n').filter(Boolean)).toHaveLength(2);

    // One byte changed in the installed package: the server refuses it, naming plugin and reason.
    const entry = join(work, 'data', 'plugin-packages', 'node_modules', 'mirai-plugin-acme-md', 'dist', 'index.js');
    const bytes = await readFile(entry);
    bytes[bytes.length - 2] = (bytes[bytes.length - 2] ?? 0) ^ 1;
    await writeFile(entry, bytes);
    const refused = await startApi(operator.MIRAI_DATA_DIR, 120_000, {
      name: 'api-registry-tampered',
      cwd: outside,
      env: { ...database.env, ...operator },
    }).then(
      async (api) => {
        await api.stop();
        return 'started';
      },
      (error: unknown) => String(error),
    );
    expect(refused).toContain('MIRAI_ERR_PLUGIN_SIGNATURE_INVALID');
    expect(refused).toContain('mirai-plugin-acme-md');
  }, 600_000);
});
