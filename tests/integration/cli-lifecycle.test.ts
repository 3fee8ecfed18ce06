import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
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

  it('refuses `start` and `worker` on laptop defaults, naming the variable', async () => {
    const { DATABASE_URL: _url, MIRAI_SECRET_KEY: _key, NODE_ENV: _env, ...base } = process.env;
    const refusal = async (args: string[], env: Record<string, string>) => {
      const failed = await run(process.execPath, [cli, ...args], { env: { ...base, LOG_LEVEL: 'silent', ...env } }).then(
        () => ({ code: 0, stderr: '' }),
        (error: { code: number; stderr: string }) => error,
      );
      expect(failed.code).toBe(1);
      return failed.stderr;
    };
    expect(await refusal(['start'], {})).toContain('MIRAI_ERR_CONFIG_INVALID: DATABASE_URL must be set for `mirai start`');
    expect(await refusal(['worker'], {})).toContain('MIRAI_ERR_CONFIG_INVALID: DATABASE_URL must be set for `mirai worker`');
    expect(await refusal(['worker', '--embedded'], {})).toContain('`mirai worker` takes no argument --embedded');
    const server = { DATABASE_URL: 'postgres://postgres@127.0.0.1:1/none', MIRAI_SECRET_KEY: Buffer.alloc(32, 1).toString('base64') };
    expect(await refusal(['start', '--embedded'], server)).toContain('DATABASE_URL is set, so `--embedded` contradicts it');
    expect(await refusal(['start'], { ...server, MIRAI_PUBLIC_URL: 'http://api.example' })).toContain('MIRAI_PUBLIC_URL is http://api.example');
    expect(await refusal(['worker'], { ...server, MIRAI_PUBLIC_URL: 'https://api.example', MIRAI_CORS_ORIGINS: '*' })).toContain(
      'MIRAI_CORS_ORIGINS must list origins, not a wildcard',
    );
  });

  it('serves on the embedded defaults with `start --embedded`, as `pnpm start` runs it', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'mirai-start-embedded-'));
    const api = await startApi(dataDir, 90_000, { name: 'api-start-embedded', command: 'start', args: ['--embedded'] });
    try {
      const signup = await post(`${api.url}/v1/auth/signup`, {
        email: 'embedded@example.com',
        password: 'correct horse battery',
        tenantName: 'Laptop',
      });
      expect(signup.status).toBe(201);
    } finally {
      await api.stop();
      await rm(dataDir, { recursive: true, force: true });
    }
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
