import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { serverModeFiles } from './server-mode-files.ts';

const root = mkdtempSync(path.join(tmpdir(), 'server-mode-files-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function write(file: string, text: string): void {
  mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
  writeFileSync(path.join(root, file), text);
}

describe('serverModeFiles', () => {
  it('selects the test files that load, however indirectly, a module reading the test database or Redis URL', () => {
    write('core/package.json', JSON.stringify({ name: '@mirai/core', exports: { '.': './src/index.ts', './testing': './src/testing/server.ts' } }));
    write('core/src/testing/database.ts', 'export const url = process.env.MIRAI_TEST_DATABASE_URL;');
    write('core/src/testing/redis.ts', "export const url = process.env['MIRAI_TEST_REDIS_URL'];");
    write('core/src/testing/server.ts', "export { url } from './database.ts';");
    write('core/src/testing/helper.ts', "import { url } from './server.js';\nexport const h = url;");
    write('core/src/index.ts', 'export const pure = 1;');
    // Two modules importing each other, one of them reaching the database: both depend on it.
    write('core/src/cycle/a.ts', "import './b.ts';\nexport const a = 1;");
    write('core/src/cycle/b.ts', "import './a.ts';\nimport '../testing/redis.ts';\nexport const b = 1;");
    write('core/src/cycle/c.ts', "import './a.ts';\nexport const c = 1;");
    write('core/src/parser/parser.test.ts', "import { pure } from '../index.ts';\nimport { describe } from 'vitest';");
    write('core/src/jobs/jobs.test.ts', "import { h } from '../testing/helper.ts';");
    write('core/src/jobs/dynamic.test.ts', "const { url } = await import('../testing/database.ts');");
    write('core/src/cycle/cycle.test.ts', "import '../cycle/c.ts';");
    write('core/src/jobs/heavy.load.test.ts', "import '../testing/database.ts';");
    write('tests/integration/cli.test.ts', "import { something } from '@mirai/core/testing';");
    write('tests/integration/manifests.test.ts', "import { pure } from '@mirai/core';\nimport { load } from 'js-yaml';");
    write('tests/integration/own.test.ts', "if (process.env.MIRAI_TEST_DATABASE_URL) console.log('server');");

    expect(serverModeFiles(root)).toEqual([
      'core/src/cycle/cycle.test.ts',
      'core/src/jobs/dynamic.test.ts',
      'core/src/jobs/jobs.test.ts',
      'tests/integration/cli.test.ts',
      'tests/integration/own.test.ts',
    ]);
  });

  it("selects, in this repository, every file that starts a test server or opens a test database, and leaves a parser's tests out", () => {
    const repo = fileURLToPath(new URL('../', import.meta.url));
    const selected = new Set(serverModeFiles(repo));
    const opensDatabase = ['core/src/jobs/job-starter.test.ts', 'core/src/jobs/tenant-hand-over.test.ts', 'tests/integration/crash-resume.test.ts'];
    for (const file of opensDatabase) expect(selected.has(file), file).toBe(true);
    expect(selected.has('core/src/errors/error-catalogue.test.ts')).toBe(false);
  });
});
