import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../support/paths.ts';

const run = promisify(execFile);

describe('the web app API client', () => {
  it('is generated from the committed core/openapi.json (regenerate with `pnpm --filter @mirai/app generate:api`)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mirai-client-'));
    try {
      const out = join(dir, 'schema.d.ts');
      await run(join(repoRoot, 'app', 'node_modules', '.bin', 'openapi-typescript'), [join(repoRoot, 'core', 'openapi.json'), '-o', out], {
        cwd: join(repoRoot, 'app'),
      });
      expect(await readFile(out, 'utf8')).toBe(await readFile(join(repoRoot, 'app', 'app', 'api', 'schema.d.ts'), 'utf8'));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
