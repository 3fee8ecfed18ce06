// Which test files of the `core` and `integration` projects behave differently against a real
// PostgreSQL and Redis: those whose code, or any module they import, reads MIRAI_TEST_DATABASE_URL
// or MIRAI_TEST_REDIS_URL (the test database, the test Redis, a server started on them). The
// others (a parser, a manifest check, an embedded API started as a child process) run the same
// code either way, so `pnpm test:server` does not run them a second time.
import { existsSync, globSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** What makes a module depend on the test mode: it reads one of these variables. */
const MODE_VARIABLES = /\bMIRAI_TEST_(?:DATABASE|REDIS)_URL\b/;

/** `import … from '…'`, `export … from '…'`, `import '…'` and `import('…')` with a literal specifier. */
const SPECIFIERS = /(?:\bfrom\s*|\bimport\s*\(?\s*)['"]([^'"]+)['"]/g;

const PROJECT_FILES = ['core/src/**/*.test.ts', 'tests/integration/**/*.test.ts'];

interface WorkspacePackage {
  dir: string;
  exports: Record<string, string>;
}

/** The workspace's own packages by name, with the files their `exports` map to. */
function workspacePackages(root: string): Map<string, WorkspacePackage> {
  const packages = new Map<string, WorkspacePackage>();
  for (const manifest of globSync(['*/package.json', 'packages/*/package.json', 'plugins/*/package.json'], { cwd: root })) {
    const parsed = JSON.parse(readFileSync(path.join(root, manifest), 'utf8')) as { name?: string; exports?: unknown };
    if (typeof parsed.name !== 'string') continue;
    const exports: Record<string, string> = {};
    if (typeof parsed.exports === 'string') exports['.'] = parsed.exports;
    else if (typeof parsed.exports === 'object' && parsed.exports !== null)
      for (const [subpath, target] of Object.entries(parsed.exports)) if (typeof target === 'string') exports[subpath] = target;
    packages.set(parsed.name, { dir: path.join(root, path.dirname(manifest)), exports });
  }
  return packages;
}

function existingFile(candidate: string): string | undefined {
  const tries = [candidate, candidate.replace(/\.js$/, '.ts'), `${candidate}.ts`, path.join(candidate, 'index.ts')];
  return tries.find((file) => file.endsWith('.ts') && existsSync(file));
}

/** A specifier's file in this repository; undefined for third-party modules and Node's built-ins. */
function resolveSpecifier(specifier: string, from: string, packages: Map<string, WorkspacePackage>): string | undefined {
  if (specifier.startsWith('.')) return existingFile(path.resolve(path.dirname(from), specifier));
  const scoped = /^(@[^/]+\/[^/]+)(\/.*)?$/.exec(specifier);
  const workspace = scoped?.[1] === undefined ? undefined : packages.get(scoped[1]);
  if (workspace === undefined) return undefined;
  const target = workspace.exports[`.${scoped?.[2] ?? ''}`];
  return target === undefined ? undefined : existingFile(path.join(workspace.dir, target));
}

/** The `core` and `integration` test files (relative to `root`) that depend on the test mode, sorted. */
export function serverModeFiles(root: string): string[] {
  const packages = workspacePackages(root);
  const testFiles = globSync(PROJECT_FILES, { cwd: root }).filter((file) => !file.endsWith('.load.test.ts') && !file.includes('node_modules'));
  // Every module the test files reach, who imports it, and which read a mode variable themselves.
  const importers = new Map<string, string[]>();
  const readsMode: string[] = [];
  const pending = testFiles.map((file) => path.join(root, file));
  const seen = new Set(pending);
  for (let file = pending.pop(); file !== undefined; file = pending.pop()) {
    const source = readFileSync(file, 'utf8');
    if (MODE_VARIABLES.test(source)) readsMode.push(file);
    for (const match of source.matchAll(SPECIFIERS)) {
      const imported = match[1] === undefined ? undefined : resolveSpecifier(match[1], file, packages);
      if (imported === undefined) continue;
      importers.set(imported, [...(importers.get(imported) ?? []), file]);
      if (!seen.has(imported)) {
        seen.add(imported);
        pending.push(imported);
      }
    }
  }
  // Back from those modules through their importers: everything that loads one depends on the mode.
  const dependsOnMode = new Set(readsMode);
  for (let file = readsMode.pop(); file !== undefined; file = readsMode.pop())
    for (const importer of importers.get(file) ?? [])
      if (!dependsOnMode.has(importer)) {
        dependsOnMode.add(importer);
        readsMode.push(importer);
      }
  return testFiles.filter((file) => dependsOnMode.has(path.join(root, file))).sort();
}
