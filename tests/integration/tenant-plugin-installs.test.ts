import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { InProcessTestSandbox, type SignedUp, startTestServer, type TestServer } from '@mirai/core/testing';
import type { CourseDocument } from '@mirai/sdk-plugin';
import { digestFiles, generateSigningKey, packageFiles, SIGNATURE_FILE, signManifest } from '@mirai/sdk-plugin/signing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type NpmRegistry, startNpmRegistry } from '../support/npm-registry.ts';
import { repoRoot } from '../support/paths.ts';

// An organisation owner installs a signed package from the operator's catalogue (a real registry
// on loopback), configures it, calls it, upgrades it after reading the report and removes it;
// another organisation never sees it. The sandbox is the in-process TEST stand-in.
const run = promisify(execFile);
const PACKAGE = 'mirai-plugin-acme-notes';
let work: string;
let registry: NpmRegistry;
let t: TestServer;
let sandbox: InProcessTestSandbox;
let owner: SignedUp;
let other: SignedUp;
let catalogueEnv: Record<string, string>;

function pluginSource(version: string, prefixMaxLength: number): string {
  return `export default {
  name: 'acme-notes', version: '${version}', engine: '^1.0.0', capabilities: ['exporter'],
  configSchema: { type: 'object', properties: { prefix: { type: 'string', maxLength: ${prefixMaxLength} } }, required: ['prefix'], additionalProperties: false },
  register(context) {
    context.provide('exporter', {
      format: 'acme-notes', label: 'Acme notes', mediaType: 'text/plain',
      fileName: (course) => course.title + '.txt',
      async *export(course, options, tenant) {
        const count = ((await context.state.get('exports')) ?? 0) + 1;
        await context.state.set('exports', count);
        yield new TextEncoder().encode(tenant.config.prefix + ' ' + course.title + ' v${version} n' + count);
      },
    });
  },
};
`;
}

/**
 * Builds, signs (the SDK's signing, as `mirai-plugin sign` writes it) and publishes one version
 * through the registry's publish API; `tamper` changes a byte after signing. No npm process: each
 * would cost seconds on a loaded machine.
 */
async function publish(version: string, prefixMaxLength: number, privateKeyPem: string, tamper = false): Promise<void> {
  const dir = join(work, `${version}`, 'package');
  await mkdir(dir, { recursive: true });
  const pkg = { name: PACKAGE, version, type: 'module', mirai: { plugin: './index.js', egress: ['api.acme.example'] } };
  await writeFile(join(dir, 'package.json'), JSON.stringify(pkg, null, 2));
  await writeFile(join(dir, 'index.js'), pluginSource(version, prefixMaxLength));
  const manifest = {
    name: PACKAGE,
    version,
    plugin: 'acme-notes',
    capabilities: ['exporter'],
    egress: pkg.mirai.egress,
    files: await digestFiles(dir, await packageFiles(dir)),
  };
  await writeFile(join(dir, SIGNATURE_FILE), JSON.stringify(signManifest(manifest, privateKeyPem)));
  if (tamper) await writeFile(join(dir, 'index.js'), `${pluginSource(version, prefixMaxLength)}// changed after signing\n`);
  const tarball = join(work, version, 'package.tgz');
  await run('tar', ['-czf', tarball, '-C', join(work, version), 'package']);
  const data = await readFile(tarball);
  const file = `${PACKAGE}-${version}.tgz`;
  const token = /:_authToken=(.+)/.exec(await readFile(registry.env.npm_config_userconfig ?? '', 'utf8'))?.[1] ?? '';
  const response = await fetch(`${registry.url}/${PACKAGE}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({
      _id: PACKAGE,
      name: PACKAGE,
      'dist-tags': { latest: version },
      versions: {
        [version]: {
          ...pkg,
          _id: `${PACKAGE}@${version}`,
          dist: {
            tarball: `${registry.url}/${PACKAGE}/-/${file}`,
            shasum: createHash('sha1').update(data).digest('hex'),
            integrity: `sha512-${createHash('sha512').update(data).digest('base64')}`,
          },
        },
      },
      _attachments: { [file]: { content_type: 'application/octet-stream', data: data.toString('base64'), length: data.length } },
    }),
  });
  if (response.status !== 201) throw new Error(`publishing ${version} failed: ${response.status} ${await response.text()}`);
}

const COURSE: CourseDocument = { id: 'c1', title: 'Tides', desiredOutcome: 'know tides', language: 'en', modules: [] };

/** Calls the organisation's acme-notes exporter as the export job would find it; null when it has none. */
async function exportWith(server: TestServer['server'], who: SignedUp): Promise<string | null> {
  const em = server.orm.em.fork();
  em.setFilterParams('tenant', { tenantId: who.tenantId });
  const found = (await server.plugins.enabled(em, who.tenantId, 'exporter')).find((entry) => entry.plugin === 'acme-notes');
  if (found === undefined) return null;
  let text = '';
  for await (const chunk of found.implementation.export(COURSE, { settings: {}, readAsset: async () => null }, found.tenant))
    text += new TextDecoder().decode(chunk);
  return text;
}

const call = (who: SignedUp, method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: object) =>
  t.inject({ method, url, headers: who.auth, ...(payload === undefined ? {} : { payload }) });

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'mirai-tenant-installs-'));
  registry = await startNpmRegistry(join(work, 'registry'));
  const key = generateSigningKey();
  await publish('0.9.0', 20, key.privateKeyPem, true);
  await publish('1.0.0', 20, key.privateKeyPem);
  await publish('1.1.0', 3, key.privateKeyPem);
  sandbox = new InProcessTestSandbox();
  catalogueEnv = {
    MIRAI_PLUGIN_CATALOGUE: `${PACKAGE},mirai-plugin-not-published`,
    MIRAI_PLUGIN_REGISTRY: registry.url,
    MIRAI_PLUGIN_TRUSTED_KEYS: key.publicKey,
  };
  t = await startTestServer(catalogueEnv, { sandbox });
  owner = await t.signup('installs-owner@example.com');
  other = await t.signup('installs-other@example.com');
}, 180_000);

afterAll(async () => {
  await t?.close();
  await registry?.stop();
  await rm(work, { recursive: true, force: true });
});

describe('tenant plugin installs', () => {
  it("lists the operator's catalogue with its published versions, for owners only", async () => {
    const catalogue = await call(owner, 'GET', '/v1/plugin-catalogue');
    expect(catalogue.statusCode).toBe(200);
    expect(catalogue.json().items).toEqual([
      { package: PACKAGE, description: '', latest: '1.1.0', versions: ['1.1.0', '1.0.0', '0.9.0'], installed: null },
    ]);
    const admin = await t.join(owner, 'installs-admin@example.com', 'admin');
    expect((await call(admin, 'GET', '/v1/plugin-catalogue')).statusCode).toBe(403);
  });

  it('refuses a package altered after signing before any of its code runs', async () => {
    const refused = await call(owner, 'POST', '/v1/plugin-installs', { package: PACKAGE, version: '0.9.0', approveEgress: ['api.acme.example'] });
    expect(refused.statusCode).toBe(422);
    expect(refused.json()).toMatchObject({ code: 'MIRAI_ERR_PLUGIN_PACKAGE_REFUSED' });
    expect(refused.json().reason).toContain('index.js');
    expect(sandbox.loaded.size).toBe(0);
    const outside = await call(owner, 'POST', '/v1/plugin-installs', { package: 'left-pad', version: '1.0.0' });
    expect(outside.json()).toMatchObject({ code: 'MIRAI_ERR_PLUGIN_NOT_IN_CATALOGUE', errors: [{ field: '/body/package' }] });
  });

  it('installs a version for the organisation only once its egress is approved', async () => {
    const unapproved = await call(owner, 'POST', '/v1/plugin-installs', { package: PACKAGE, version: '1.0.0' });
    expect(unapproved.json()).toMatchObject({ code: 'MIRAI_ERR_PLUGIN_EGRESS_UNAPPROVED', errors: [{ field: '/body/approveEgress' }] });
    const installed = await call(owner, 'POST', '/v1/plugin-installs', { package: PACKAGE, version: '1.0.0', approveEgress: ['api.acme.example'] });
    expect(installed.statusCode).toBe(201);
    expect(installed.json()).toMatchObject({ plugin: 'acme-notes', package: PACKAGE, version: '1.0.0', egressApproved: ['api.acme.example'] });
    expect([...sandbox.loaded.entries()]).toEqual([
      [
        `${owner.tenantId}:acme-notes@1.0.0`,
        { dir: expect.stringContaining(join('tenant-plugins', owner.tenantId)), egressAllow: ['api.acme.example'] },
      ],
    ]);
    const again = await call(owner, 'POST', '/v1/plugin-installs', { package: PACKAGE, version: '1.1.0', approveEgress: ['api.acme.example'] });
    expect(again.json().code).toBe('MIRAI_ERR_PLUGIN_ALREADY_INSTALLED');
    const listed = (await call(owner, 'GET', '/v1/plugins')).json().items.find((p: { name: string }) => p.name === 'acme-notes');
    expect(listed).toMatchObject({ origin: 'organisation', version: '1.0.0', enabled: false, scope: 'tenant' });
  });

  it('configures and calls it for its organisation, and no other organisation sees it', async () => {
    const configured = await call(owner, 'PUT', '/v1/plugins/acme-notes', { enabled: true, config: { prefix: 'Notes:' } });
    expect(configured.statusCode).toBe(200);
    expect(await exportWith(t.server, owner)).toBe('Notes: Tides v1.0.0 n1');
    expect(await exportWith(t.server, other)).toBeNull();
    expect((await call(other, 'GET', '/v1/plugins')).json().items.map((p: { name: string }) => p.name)).not.toContain('acme-notes');
    expect((await call(other, 'PUT', '/v1/plugins/acme-notes', { enabled: true, config: { prefix: 'x' } })).statusCode).toBe(404);
    expect((await call(other, 'GET', '/v1/plugin-catalogue')).json().items[0].installed).toBeNull();
    expect((await call(other, 'DELETE', '/v1/plugin-installs/acme-notes')).statusCode).toBe(404);
  });

  it('reports what an upgrade breaks, refuses it until the report is accepted, then keeps state and disables the refused settings', async () => {
    const report = await call(owner, 'GET', `/v1/plugin-catalogue/report?package=${PACKAGE}&version=1.1.0`);
    expect(report.statusCode).toBe(200);
    expect(report.json()).toMatchObject({
      ok: false,
      plugin: 'acme-notes',
      version: '1.1.0',
      egress: ['api.acme.example'],
      engines: [{ plugin: 'acme-notes', version: '1.1.0', compatible: true }],
      configs: [{ plugin: 'acme-notes', tenantId: owner.tenantId, fields: [{ field: '/config/prefix' }] }],
    });
    const refused = await call(owner, 'PUT', '/v1/plugin-installs/acme-notes', { version: '1.1.0' });
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ code: 'MIRAI_ERR_PLUGIN_UPGRADE_INCOMPATIBLE', report: { ok: false } });
    expect(await exportWith(t.server, owner)).toBe('Notes: Tides v1.0.0 n2');
    const upgraded = await call(owner, 'PUT', '/v1/plugin-installs/acme-notes', { version: '1.1.0', acceptReport: true });
    expect(upgraded.json()).toMatchObject({ version: '1.1.0' });
    expect([...sandbox.loaded.keys()]).toEqual([`${owner.tenantId}:acme-notes@1.1.0`]);
    expect(await exportWith(t.server, owner)).toBeNull();
    expect((await call(owner, 'PUT', '/v1/plugins/acme-notes', { enabled: true, config: { prefix: 'N:' } })).statusCode).toBe(200);
    expect(await exportWith(t.server, owner)).toBe('N: Tides v1.1.0 n3');
    expect(await readdir(join(t.env.MIRAI_DATA_DIR ?? '', 'tenant-plugins', owner.tenantId))).toEqual([`${PACKAGE}@1.1.0`]);
  });

  it('uninstalls it with its settings and state, and records every step in the audit log', async () => {
    expect((await call(owner, 'DELETE', '/v1/plugin-installs/acme-notes')).statusCode).toBe(204);
    expect(sandbox.loaded.size).toBe(0);
    expect(await exportWith(t.server, owner)).toBeNull();
    expect((await call(owner, 'GET', '/v1/plugins')).json().items.map((p: { name: string }) => p.name)).not.toContain('acme-notes');
    const sql = t.server.orm.em.fork().getConnection();
    expect(await sql.execute('select * from plugin_state where plugin_name like ?', ['acme-notes%'])).toEqual([]);
    expect(await sql.execute('select * from plugin_installation where plugin_name = ?', ['acme-notes'])).toEqual([]);
    expect(await readdir(join(t.env.MIRAI_DATA_DIR ?? '', 'tenant-plugins', owner.tenantId))).toEqual([]);
    const log = (await call(owner, 'GET', '/v1/plugins/changes')).json().items as Array<{ action: string; version: string | null; plugin: string }>;
    expect(log.filter((entry) => entry.plugin === 'acme-notes').map((entry) => [entry.action, entry.version])).toEqual([
      ['uninstall', '1.1.0'],
      ['configure', null],
      ['upgrade', '1.1.0'],
      ['configure', null],
      ['install', '1.0.0'],
    ]);
    expect((await call(other, 'GET', '/v1/plugins/changes')).json().items).toEqual([]);
    // Installed again from scratch: nothing of the first install's state survived.
    await call(owner, 'POST', '/v1/plugin-installs', { package: PACKAGE, version: '1.0.0', approveEgress: ['api.acme.example'] });
    await call(owner, 'PUT', '/v1/plugins/acme-notes', { enabled: true, config: { prefix: 'Again' } });
    expect(await exportWith(t.server, owner)).toBe('Again Tides v1.0.0 n1');
  });
});

describe('state of an install, sandboxed in workerd', () => {
  it("is kept per organisation where the host keeps an organisation's plugin state, and removed on uninstall", async () => {
    // The server's own sandbox this time: the package runs in workerd and its state crosses the host bridge.
    const sandboxed = await startTestServer(catalogueEnv);
    try {
      const [first, second] = [await sandboxed.signup('sandboxed-first@example.com'), await sandboxed.signup('sandboxed-second@example.com')];
      for (const [who, prefix] of [
        [first, 'First'],
        [second, 'Second'],
      ] as const) {
        const headers = who.auth;
        const install = { package: PACKAGE, version: '1.0.0', approveEgress: ['api.acme.example'] };
        expect((await sandboxed.inject({ method: 'POST', url: '/v1/plugin-installs', headers, payload: install })).statusCode).toBe(201);
        const configure = { enabled: true, config: { prefix } };
        expect((await sandboxed.inject({ method: 'PUT', url: '/v1/plugins/acme-notes', headers, payload: configure })).statusCode).toBe(200);
      }
      expect(await exportWith(sandboxed.server, first)).toBe('First Tides v1.0.0 n1');
      expect(await exportWith(sandboxed.server, first)).toBe('First Tides v1.0.0 n2');
      expect(await exportWith(sandboxed.server, second)).toBe('Second Tides v1.0.0 n1');
      const sql = sandboxed.server.orm.em.fork().getConnection();
      const stored = () => sql.execute("select plugin_name, key, value from plugin_state where plugin_name like 'acme-notes%' order by value desc");
      expect(await stored()).toEqual([
        { plugin_name: `acme-notes@${first.tenantId}`, key: 'exports', value: 2 },
        { plugin_name: `acme-notes@${second.tenantId}`, key: 'exports', value: 1 },
      ]);
      expect((await sandboxed.inject({ method: 'DELETE', url: '/v1/plugin-installs/acme-notes', headers: first.auth })).statusCode).toBe(204);
      expect(await stored()).toEqual([{ plugin_name: `acme-notes@${second.tenantId}`, key: 'exports', value: 1 }]);
      expect(await exportWith(sandboxed.server, second)).toBe('Second Tides v1.0.0 n2');
    } finally {
      await sandboxed.close();
    }
  });
});

/** The app's catalogue page logic (app/app/components/admin/plugin-catalogue.server.ts), as this test uses it. */
interface CataloguePage {
  loadCatalogue(api: unknown): Promise<{ kind: string; status: number; entries?: Array<{ package: string; installed: { version: string } | null }> }>;
  runCatalogueAction(
    api: unknown,
    form: FormData,
  ): Promise<{ ok: boolean; message: string; status: number; report?: { ok: boolean; egress: string[] } }>;
}
interface AppClient {
  createApiClient(token: { bearer: string }): unknown;
}

describe("the admin catalogue page's loader and action, against the API", () => {
  it('checks, upgrades after accepting the report, and uninstalls, as the page submits them', async () => {
    process.env.MIRAI_API_URL = await t.server.app.listen({ port: 0, host: '127.0.0.1' });
    // Loaded by path: the app is built with its own module settings, outside this project's typecheck.
    const app = (file: string) => import(pathToFileURL(join(repoRoot, 'app', 'app', file)).href);
    const page = (await app('components/admin/plugin-catalogue.server.ts')) as CataloguePage;
    const { createApiClient } = (await app('api/client.server.ts')) as AppClient;
    const api = createApiClient({ bearer: owner.token });
    const form = (fields: Record<string, string>) => {
      const body = new FormData();
      for (const [name, value] of Object.entries(fields)) body.append(name, value);
      return body;
    };
    expect((await page.loadCatalogue(api)).entries?.[0]?.installed?.version).toBe('1.0.0');
    const checked = await page.runCatalogueAction(api, form({ intent: 'check', package: PACKAGE, version: '1.1.0' }));
    expect(checked).toMatchObject({ ok: true, report: { ok: false, egress: ['api.acme.example'] } });
    const refused = await page.runCatalogueAction(api, form({ intent: 'upgrade', plugin: 'acme-notes', version: '1.1.0' }));
    expect(refused).toMatchObject({ ok: false, status: 409, report: { ok: false } });
    const moved = await page.runCatalogueAction(api, form({ intent: 'upgrade', plugin: 'acme-notes', version: '1.1.0', acceptReport: 'true' }));
    expect(moved).toMatchObject({ ok: true, message: 'acme-notes now runs version 1.1.0.' });
    expect((await page.runCatalogueAction(api, form({ intent: 'uninstall', plugin: 'acme-notes' }))).ok).toBe(true);
    expect((await page.loadCatalogue(api)).entries?.[0]?.installed).toBeNull();
    const admin = await t.join(owner, 'installs-page-admin@example.com', 'admin');
    expect((await page.loadCatalogue(createApiClient({ bearer: admin.token }))).kind).toBe('owners-only');
  });
});

describe('several API replicas', () => {
  // Replicas share PostgreSQL (server mode); the embedded database belongs to one process.
  it.skipIf(process.env.MIRAI_TEST_DATABASE_URL === undefined)(
    'an install on one replica is effective on another at its next request, and so is its removal',
    async () => {
      const replicaSandbox = new InProcessTestSandbox();
      const replicaData = await mkdtemp(join(tmpdir(), 'mirai-replica-data-'));
      const { buildServer, loadConfig } = await import('@mirai/core');
      const replica = await buildServer(loadConfig({ ...t.env, MIRAI_DATA_DIR: replicaData }), { role: 'api', sandbox: replicaSandbox });
      try {
        expect(await exportWith(replica, owner)).toBeNull();
        await call(owner, 'POST', '/v1/plugin-installs', { package: PACKAGE, version: '1.0.0', approveEgress: ['api.acme.example'] });
        await call(owner, 'PUT', '/v1/plugins/acme-notes', { enabled: true, config: { prefix: 'Replica' } });
        expect(await exportWith(replica, owner)).toBe('Replica Tides v1.0.0 n1');
        // Downloaded and verified into the replica's own data directory, never shared with the first.
        expect(await readdir(join(replicaData, 'tenant-plugins', owner.tenantId))).toEqual([`${PACKAGE}@1.0.0`]);
        expect(await exportWith(replica, other)).toBeNull();
        expect((await call(owner, 'DELETE', '/v1/plugin-installs/acme-notes')).statusCode).toBe(204);
        expect(await exportWith(replica, owner)).toBeNull();
        expect(replicaSandbox.loaded.size).toBe(0);
        expect(await readdir(join(replicaData, 'tenant-plugins', owner.tenantId))).toEqual([]);
      } finally {
        await replica.close();
        await rm(replicaData, { recursive: true, force: true });
      }
      expect(replicaSandbox.closed).toBe(true);
    },
  );
});
