import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './free-port.ts';
import { repoRoot } from './paths.ts';
import { type ServiceProcess, spawnService } from './service-process.ts';
import { waitForHttp } from './wait-for-http.ts';

const run = promisify(execFile);

export interface NpmRegistry {
  url: string;
  /** Environment for plain `npm` (and `npx`) talking only to this registry, with a token that may publish. */
  env: NodeJS.ProcessEnv;
  /** Runs npm with `args` in `cwd` against this registry; resolves with its stdout. */
  npm(args: string[], cwd: string, extraEnv?: Record<string, string>): Promise<string>;
  stop(): Promise<void>;
}

/** The environment of this process without npm's and pnpm's own settings (registry, user agent...). */
function cleanEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^npm_|^pnpm_|^PNPM_/i.test(name)));
}

async function addUser(url: string): Promise<string> {
  const response = await fetch(`${url}/-/user/org.couchdb.user:partner`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ _id: 'org.couchdb.user:partner', name: 'partner', password: 'registry-test-password', type: 'user', roles: [] }),
  });
  const body = (await response.json()) as { token?: string };
  if (response.status !== 201 || body.token === undefined)
    throw new Error(`the registry refused the user: ${response.status} ${JSON.stringify(body)}`);
  return body.token;
}

/**
 * A real npm registry (Verdaccio) on loopback with its own storage and no uplink: nothing is
 * fetched from the network, so every package a test installs must be published to it first.
 */
export async function startNpmRegistry(dir: string): Promise<NpmRegistry> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  await mkdir(join(dir, 'storage'), { recursive: true });
  const config = join(dir, 'verdaccio.yaml');
  await writeFile(
    config,
    [
      `storage: ${join(dir, 'storage')}`,
      'auth:',
      '  htpasswd:',
      `    file: ${join(dir, 'htpasswd')}`,
      'uplinks: {}',
      'packages:',
      "  '**':",
      '    access: $all',
      '    publish: $authenticated',
      'log: { type: stdout, format: pretty, level: warn }',
      '',
    ].join('\n'),
  );
  const bin = join(repoRoot, 'tests', 'node_modules', 'verdaccio', 'bin', 'verdaccio');
  const service: ServiceProcess = spawnService('verdaccio', process.execPath, [bin, '--config', config, '--listen', `127.0.0.1:${port}`], {
    cwd: dir,
    env: cleanEnv(),
  });
  try {
    await waitForHttp(`${url}/-/ping`, service, 60_000);
  } catch (error) {
    await service.stop();
    throw error;
  }
  const token = await addUser(url);
  const userconfig = join(dir, 'npmrc');
  await writeFile(userconfig, `registry=${url}/\n//127.0.0.1:${port}/:_authToken=${token}\n`);
  const env: NodeJS.ProcessEnv = {
    ...cleanEnv(),
    npm_config_userconfig: userconfig,
    npm_config_registry: `${url}/`,
    npm_config_cache: join(dir, 'npm-cache'),
    npm_config_update_notifier: 'false',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
  };
  return {
    url,
    env,
    npm: async (args, cwd, extraEnv = {}) => (await run('npm', args, { cwd, env: { ...env, ...extraEnv }, maxBuffer: 16 * 1024 * 1024 })).stdout,
    stop: () => service.stop(),
  };
}

/** Publishes packages from the workspace's installed copies (what a scaffolded project needs offline). */
export async function publishInstalledCopies(registry: NpmRegistry, packages: readonly string[]): Promise<void> {
  const store = join(repoRoot, 'node_modules', '.pnpm');
  const copies = await mkdtemp(join(tmpdir(), 'mirai-published-'));
  try {
    // One at a time, each from a plain copy: npm ends with "Exit handler never called!" when it packs
    // some packages (ajv) in place inside pnpm's store, and when several publishes share one cache.
    for (const spec of packages) {
      const at = spec.lastIndexOf('@');
      const name = spec.slice(0, at);
      const copy = join(copies, spec.replace('/', '+'));
      await cp(join(store, spec.replace('/', '+'), 'node_modules', name), copy, { recursive: true, dereference: true });
      await registry.npm(['publish', copy, '--ignore-scripts', '--tag', 'latest'], repoRoot);
    }
  } finally {
    await rm(copies, { recursive: true, force: true });
  }
}
