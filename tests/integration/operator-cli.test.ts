import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createTestDatabase } from '@mirai/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../support/paths.ts';
import { type RunningApi, startApi } from '../support/start-api.ts';

const run = promisify(execFile);
const cli = join(repoRoot, 'core', 'src', 'cli.ts');
const probe = { email: 'probe@example.com', password: 'correct horse battery' };

type Outcome = { code: number; stdout: string; stderr: string };
const mirai = (args: string[], env: Record<string, string> = {}): Promise<Outcome> =>
  run(process.execPath, [cli, ...args], { env: { ...process.env, LOG_LEVEL: 'silent', ...env } }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: Outcome) => error,
  );

describe('mirai smoke against a real API process', () => {
  let dir: string;
  let api: RunningApi;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mirai-smoke-'));
    api = await startApi(join(dir, 'data'), 90_000, { name: 'smoke-api' });
    const signup = await fetch(`${api.url}/v1/auth/signup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...probe, tenantName: 'Smoke probe' }),
    });
    expect(signup.status).toBe(201);
  }, 120_000);
  afterAll(async () => {
    await api?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('signs in the probe account and writes one offline lesson, step by step', { timeout: 120_000 }, async () => {
    const passwordFile = join(dir, 'password');
    await writeFile(passwordFile, `${probe.password}\n`);
    const passed = await mirai(['smoke', '--url', api.url, '--email', probe.email, '--password-file', passwordFile]);
    expect(passed.stderr).toBe('');
    expect(passed.code).toBe(0);
    for (const step of ['sign in probe@example.com', 'grounded course created', 'outline generated', 'lesson generated'])
      expect(passed.stdout).toContain(`ok   ${step}`);
    expect(passed.stdout).toMatch(/smoke test passed in \d+ ms/);
    // The lesson exists for the probe as for any user: one course with one written lesson.
    const login = (await (
      await fetch(`${api.url}/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(probe) })
    ).json()) as {
      token: string;
    };
    const courses = (await (await fetch(`${api.url}/v1/courses`, { headers: { authorization: `Bearer ${login.token}` } })).json()) as {
      items: unknown[];
    };
    expect(courses.items).toHaveLength(1);
  });

  it('fails naming the step when the probe cannot sign in', async () => {
    const wrong = join(dir, 'wrong');
    await writeFile(wrong, 'not the password');
    const failed = await mirai(['smoke', '--url', api.url, '--email', probe.email, '--password-file', wrong]);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain('smoke test failed at "sign in probe@example.com": POST /v1/auth/login answered 401');
  });
});

describe('mirai jobs, outbox and usage-reports as processes', () => {
  it('works on the server database and refuses the embedded one', { timeout: 120_000 }, async () => {
    const database = await createTestDatabase();
    try {
      if (database.env.DATABASE_URL === undefined) {
        const refused = await mirai(['jobs', 'list'], { MIRAI_DATA_DIR: database.env.MIRAI_DATA_DIR ?? '' });
        expect(refused.code).toBe(1);
        expect(refused.stderr).toContain('DATABASE_URL must be set for `mirai jobs`');
        return;
      }
      const env = database.env;
      expect((await mirai(['jobs', 'list'], env)).stderr).toContain('pending migrations; run `mirai migrate` first');
      expect((await mirai(['migrate'], env)).code).toBe(0);
      const listed = await mirai(['jobs', 'list', '--json', '--status', 'failed'], env);
      expect(listed.code).toBe(0);
      expect(JSON.parse(listed.stdout)).toEqual([]);
      expect((await mirai(['outbox', 'replay', '--dry-run'], env)).stdout).toContain('Would make due: 0 outbox row(s)');
      expect((await mirai(['usage-reports', 'retry', '--dry-run'], env)).stdout).toContain('Would retry: 0 failed usage report(s)');
      const missing = await mirai(['jobs', 'retry', '00000000-0000-4000-8000-000000000000'], env);
      expect(missing).toMatchObject({ code: 1 });
      expect(missing.stderr).toContain('no job 00000000-0000-4000-8000-000000000000');
    } finally {
      await database.dispose();
    }
  });
});
