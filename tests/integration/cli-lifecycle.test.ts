import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createTestDatabase, type TestDatabase } from '@mirai/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../support/paths.ts';
import { startApi } from '../support/start-api.ts';

const run = promisify(execFile);
const cli = join(repoRoot, 'core', 'src', 'cli.ts');
const credentials = { email: 'restart@example.com', password: 'correct horse battery' };
let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase({ empty: true });
});
afterAll(() => database.dispose());

const post = (url: string, body: unknown) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('mirai CLI', () => {
  it('applies migrations once with `mirai migrate`', async () => {
    const env = { ...process.env, ...database.env, LOG_LEVEL: 'silent' };
    const first = await run(process.execPath, [cli, 'migrate'], { env });
    expect(first.stdout).toContain('Applied: 0001-identity-and-tenancy');
    const second = await run(process.execPath, [cli, 'migrate'], { env });
    expect(second.stdout).toContain('No pending migrations');
  });

  it('refuses to start with a bad variable, naming it', async () => {
    const failed = await run(process.execPath, [cli, 'dev'], { env: { ...process.env, PORT: 'eighty' } }).catch(
      (error: { code: number; stderr: string }) => error,
    );
    expect(failed).toMatchObject({ code: 1 });
    expect((failed as { stderr: string }).stderr).toContain('MIRAI_ERR_CONFIG_INVALID: PORT must be an integer');
  });

  it('exits 0 on SIGTERM and keeps its data for the next start', async () => {
    const dataDir = database.env.MIRAI_DATA_DIR ?? '';
    const first = await startApi(dataDir, 90_000, { name: 'api-restart-1', env: database.env });
    expect((await post(`${first.url}/v1/auth/signup`, { ...credentials, tenantName: 'Restarted' })).status).toBe(201);
    first.service.child.kill('SIGTERM');
    expect(await first.service.exited).toBe(0);
    await first.stop();

    const second = await startApi(dataDir, 90_000, { name: 'api-restart-2', env: database.env });
    try {
      const login = await post(`${second.url}/v1/auth/login`, credentials);
      expect(login.status).toBe(200);
      expect(((await login.json()) as { tenant: { name: string } }).tenant.name).toBe('Restarted');
    } finally {
      await second.stop();
    }
  });
});
