import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, realpath, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../support/paths.ts';

// Every kind the scaffold offers writes a project that type-checks, passes its own test against
// createTestHost, builds and packs, against the SDK as published (dist and declarations). The
// registry round trip (plugin-registry.test.ts) walks the exporter kind through npm end to end;
// this covers the other kinds offline. Dependencies are linked from the workspace's store, not
// downloaded: one node_modules above all the projects, as npm would lay it out.
const run = promisify(execFile);
const cli = join(repoRoot, 'packages', 'create-plugin', 'src', 'cli.ts');
// The kinds the scaffold itself offers (its usage line), so a new kind is covered without editing this test.
const usage = (await run(process.execPath, [cli, '--help'])).stdout;
const kinds = /--kind ([a-z|]+)/.exec(usage)?.[1]?.split('|') ?? [];
let work: string;

async function link(target: string, at: string): Promise<void> {
  await symlink(await realpath(target), at, 'dir');
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'mirai-scaffold-kinds-'));
  const modules = join(work, 'node_modules');
  await mkdir(join(modules, '@mirai', 'sdk-plugin'), { recursive: true });
  await mkdir(join(modules, '@types'));
  // pnpm packs with publishConfig applied (dist exports), as the release workflow publishes.
  await run('pnpm', ['pack', '--pack-destination', work], { cwd: join(repoRoot, 'sdk-plugin') });
  const tarball = (await readdir(work)).find((name) => name.endsWith('.tgz'));
  if (tarball === undefined) throw new Error('pnpm pack of the SDK produced nothing');
  await run('tar', ['-xzf', join(work, tarball), '-C', join(modules, '@mirai', 'sdk-plugin'), '--strip-components=1']);
  for (const dependency of ['ajv', 'esbuild', 'semver'])
    await link(join(repoRoot, 'sdk-plugin', 'node_modules', dependency), join(modules, dependency));
  await link(join(repoRoot, 'node_modules', 'typescript'), join(modules, 'typescript'));
  await link(join(repoRoot, 'node_modules', '@types', 'node'), join(modules, '@types', 'node'));
}, 180_000);
afterAll(() => rm(work, { recursive: true, force: true }));

describe('npm create @mirai/plugin, for every kind', () => {
  it('offers the five kinds of the plugin API', () => {
    expect(kinds).toEqual(['ai', 'storage', 'exporter', 'billing', 'auth']);
  });

  it.each(kinds)(
    '%s: the scaffolded plugin type-checks, passes its test, builds and packs',
    async (kind) => {
      await run(process.execPath, [cli, kind, '--kind', kind], { cwd: work });
      const project = join(work, kind);
      const tsc = join(work, 'node_modules', 'typescript', 'bin', 'tsc');
      await run(process.execPath, [tsc, '--noEmit'], { cwd: project });
      const { stdout } = await run(process.execPath, ['--test', 'src/**/*.test.ts'], { cwd: project });
      expect(stdout).toMatch(/^ℹ pass [1-9]/m);
      expect(stdout).toMatch(/^ℹ fail 0$/m);
      await run(process.execPath, [tsc, '-p', 'tsconfig.build.json'], { cwd: project });
      const packed = JSON.parse((await run('npm', ['pack', '--dry-run', '--ignore-scripts', '--json'], { cwd: project })).stdout) as Array<{
        files: Array<{ path: string }>;
      }>;
      expect(packed[0]?.files.map((file) => file.path).sort()).toEqual(['README.md', 'dist/index.d.ts', 'dist/index.js', 'package.json']);
    },
    180_000,
  );
});
