// Runs the database-backed test projects against the machine's real PostgreSQL and Redis.
// Fails loudly when either is unreachable: a skipped server-mode suite would prove nothing.
// Without arguments it runs the files of the `core` and `integration` projects that depend on
// the mode (server-mode-files.ts); the others run the same code either way, and `pnpm test` has
// run them. Arguments go to vitest as given (e.g. one file, or `--project core` for all of it).
import { spawn } from 'node:child_process';
import { connect } from 'node:net';
import { fileURLToPath } from 'node:url';
import { serverModeFiles } from './server-mode-files.ts';

const databaseUrl = process.env.MIRAI_TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const redisUrl = process.env.MIRAI_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

function probe(url: string, hello: string | null, expect: RegExp | null): Promise<void> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect({ host: hostname, port: Number(port) });
    const fail = (why: string) => {
      socket.destroy();
      reject(new Error(`${url} is not reachable: ${why}`));
    };
    socket.setTimeout(3000, () => fail('timed out'));
    socket.on('error', (error) => fail(error.message));
    socket.on('connect', () => {
      if (hello === null) {
        socket.end();
        resolve();
      } else socket.write(hello);
    });
    socket.on('data', (data) => {
      socket.end();
      if (expect === null || expect.test(data.toString())) resolve();
      else fail(`unexpected answer ${JSON.stringify(data.toString())}`);
    });
  });
}

try {
  await probe(databaseUrl, null, null);
  await probe(redisUrl, 'PING\r\n', /^\+PONG/);
} catch (error) {
  process.stderr.write(`server-mode tests need PostgreSQL and Redis: ${(error as Error).message}\n`);
  process.exit(1);
}

const given = process.argv.slice(2);
let files: string[] = [];
if (given.length === 0) {
  files = serverModeFiles(fileURLToPath(new URL('../', import.meta.url)));
  process.stdout.write(
    `server mode: ${files.length} test files of core and integration depend on the database mode; the others ran alike in \`pnpm test\`\n`,
  );
}
const child = spawn('vitest', ['run', '--project', 'core', '--project', 'integration', ...given, ...files], {
  stdio: 'inherit',
  env: { ...process.env, MIRAI_TEST_DATABASE_URL: databaseUrl, MIRAI_TEST_REDIS_URL: redisUrl },
});
child.on('exit', (code) => process.exit(code ?? 1));
