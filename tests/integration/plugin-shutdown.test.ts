import { mkdtemp, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, type TestDatabase } from '@mirai/core/testing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { repoRoot } from '../support/paths.ts';
import { startApi } from '../support/start-api.ts';

let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(() => database.dispose());

const call = async (url: string, method: string, body?: unknown, token?: string) => {
  const headers: Record<string, string> = body === undefined ? {} : { 'content-type': 'application/json' };
  if (token !== undefined) headers.authorization = `Bearer ${token}`;
  const response = await fetch(url, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  return { status: response.status, body: (await response.json()) as Record<string, string> };
};

describe('mirai with a plugin that hangs', () => {
  it('exits within 10 s of SIGTERM while an export never ends and the plugin stop() never returns', async () => {
    const plugins = await mkdtemp(join(tmpdir(), 'mirai-hung-plugins-'));
    await symlink(join(repoRoot, 'core', 'test-fixtures', 'plugins', 'never-ends'), join(plugins, 'never-ends'), 'dir');
    const api = await startApi(database.env.MIRAI_DATA_DIR ?? '', 90_000, {
      name: 'api-hung-plugin',
      env: {
        ...database.env,
        MIRAI_PLUGIN_PATHS: plugins,
        MIRAI_DEFAULT_TENANT_PLUGINS: 'storage-fs,never-ends',
        // The limits must not be what ends it: shutdown itself has to.
        MIRAI_PLUGIN_CALL_TIMEOUT_MS: '3600000',
        MIRAI_PLUGIN_REGISTER_TIMEOUT_MS: '600000',
      },
    });
    try {
      const signup = await call(`${api.url}/v1/auth/signup`, 'POST', {
        email: 'hung@example.com',
        password: 'correct horse battery',
        tenantName: 'Hung',
      });
      expect(signup.status).toBe(201);
      const token = signup.body.token;
      const course = await call(`${api.url}/v1/courses`, 'POST', { title: 'Never exported' }, token);
      const started = await call(`${api.url}/v1/courses/${course.body.id}/exports`, 'POST', { format: 'never' }, token);
      expect(started.status).toBe(202);
      // Wait until the worker is inside the plugin's export.
      await vi.waitFor(
        async () => expect((await call(`${api.url}/v1/jobs/${started.body.jobId}`, 'GET', undefined, token)).body.status).toBe('running'),
        { timeout: 60_000, interval: 100 },
      );

      const signalled = Date.now();
      api.service.child.kill('SIGTERM');
      await api.service.exited;
      expect(Date.now() - signalled).toBeLessThan(10_000);
    } finally {
      await api.stop();
    }
  }, 180_000);
});
