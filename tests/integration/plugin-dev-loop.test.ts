import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, type TestDatabase } from '@mirai/core/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUp } from '../support/generation-client.ts';
import { startApi } from '../support/start-api.ts';

let work: string;
let database: TestDatabase;

/** A plugin folder as a developer has it: plain ESM importing the SDK, which the host provides. */
async function writePlugin(dir: string, version: string): Promise<void> {
  await writeFile(
    join(dir, 'index.js'),
    `import { definePlugin } from '@mirai/sdk-plugin';
export default definePlugin({ name: 'dev-loop', version: '${version}', engine: '^1.0.0', capabilities: [], register() {} });
`,
  );
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'mirai-dev-loop-'));
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.dispose();
  await rm(work, { recursive: true, force: true });
});

describe('mirai dev --plugin ./path', () => {
  it('loads the plugin in that folder, unsigned, and restarts with its new code when it changes', async () => {
    const plugin = join(work, 'dev-loop');
    await mkdir(plugin);
    await writeFile(
      join(plugin, 'package.json'),
      JSON.stringify({ name: 'dev-loop', version: '0.1.0', type: 'module', mirai: { plugin: './index.js' } }),
    );
    await writePlugin(plugin, '0.1.0');
    const api = await startApi(join(work, 'data'), 120_000, { name: 'api-dev-loop', env: database.env, args: ['--plugin', plugin] });
    try {
      const session = await signUp(api.url, `dev-loop-${Date.now()}@example.com`);
      const version = async () => {
        const response = await fetch(`${api.url}/v1/plugins`, { headers: { authorization: `Bearer ${session.token}` } }).catch(() => null);
        if (response?.status !== 200) return null;
        const { items } = (await response.json()) as { items: Array<{ name: string; version: string }> };
        return items.find((item) => item.name === 'dev-loop')?.version ?? null;
      };
      expect(await version()).toBe('0.1.0');
      await writePlugin(plugin, '0.2.0');
      const deadline = Date.now() + 110_000;
      let seen = await version();
      while (seen !== '0.2.0' && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 250));
        seen = await version();
      }
      expect(seen).toBe('0.2.0');
    } finally {
      await api.stop();
    }
  }, 240_000);
});
