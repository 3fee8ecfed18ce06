// Writes core/openapi.json from the route schemas (the web app's client is generated from it).
// With --check, exits 1 when the committed file differs, so a route change cannot ship without it.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../src/config/config.ts';
import { CORE_DIR } from '../src/paths.ts';
import { buildServer } from '../src/server.ts';

const target = join(CORE_DIR, 'openapi.json');
const dataDir = await mkdtemp(join(tmpdir(), 'mirai-openapi-'));
const server = await buildServer(loadConfig({ MIRAI_DATA_DIR: dataDir, LOG_LEVEL: 'silent' }), { migrate: true });
const document = `${JSON.stringify(server.app.swagger(), null, 2)}\n`;
await server.close();
await rm(dataDir, { recursive: true, force: true });

if (process.argv.includes('--check')) {
  const committed = await readFile(target, 'utf8').catch(() => '');
  if (committed !== document) {
    process.stderr.write('core/openapi.json is out of date: run `pnpm --filter @mirai/core openapi`\n');
    process.exit(1);
  }
  process.stdout.write('core/openapi.json is up to date\n');
} else {
  await writeFile(target, document);
  process.stdout.write(`wrote ${target}\n`);
}
