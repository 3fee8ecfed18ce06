import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodePublicKey, digestFiles, generateSigningKey, packageFiles, SIGNATURE_FILE, signManifest } from '@mirai/sdk-plugin/signing';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PluginCandidate } from './plugin-discovery.ts';
import { loadPlugins } from './plugin-loader.ts';
import type { TrustPolicy } from './plugin-trust.ts';

const publisher = generateSigningKey();
const stranger = generateSigningKey();
let dir: string;

/** An installed partner package (as npm lays it out), optionally signed by `key`. */
async function partnerPackage(capabilities: string[] = ['exporter']): Promise<PluginCandidate> {
  await mkdir(join(dir, 'dist'), { recursive: true });
  await writeFile(join(dir, 'package.json'), JSON.stringify({ name: '@acme/trusty', version: '1.0.0', mirai: { plugin: './dist/index.js' } }));
  await writeFile(
    join(dir, 'dist', 'index.js'),
    `export default { name: 'trusty', version: '1.0.0', engine: '^1.0.0', capabilities: ${JSON.stringify(capabilities)}, register() {} };\n`,
  );
  return { packageName: '@acme/trusty', packageVersion: '1.0.0', dir, entry: join(dir, 'dist', 'index.js'), source: 'npm' };
}

async function sign(privateKeyPem: string, capabilities: string[] = ['exporter']): Promise<void> {
  const files = await digestFiles(dir, await packageFiles(dir));
  const manifest = { name: '@acme/trusty', version: '1.0.0', plugin: 'trusty', capabilities, egress: [], files };
  await writeFile(join(dir, SIGNATURE_FILE), JSON.stringify(signManifest(manifest, privateKeyPem)));
}

const policy = (overrides: Partial<TrustPolicy> = {}): TrustPolicy => ({
  keys: [decodePublicKey(publisher.publicKey)],
  allowUnsigned: false,
  trustedFolders: [],
  ...overrides,
});

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mirai-trust-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('partner plugin packages must be signed by a trusted publisher', () => {
  it('loads a package signed by a trusted key', async () => {
    const candidate = await partnerPackage();
    await sign(publisher.privateKeyPem);
    const [loaded] = await loadPlugins([candidate], { ignoreEngineFor: [], trust: policy() });
    expect(loaded?.definition.name).toBe('trusty');
  });

  it('refuses an unsigned package naming it, unless the operator allows unsigned plugins', async () => {
    const candidate = await partnerPackage();
    await expect(loadPlugins([candidate], { ignoreEngineFor: [], trust: policy() })).rejects.toMatchObject({
      code: 'MIRAI_ERR_PLUGIN_SIGNATURE_MISSING',
      extensions: { plugin: '@acme/trusty' },
    });
    await expect(loadPlugins([candidate], { ignoreEngineFor: [], trust: policy({ allowUnsigned: true }) })).resolves.toHaveLength(1);
  });

  it('refuses a package with one byte changed after signing, even when unsigned ones are allowed', async () => {
    const candidate = await partnerPackage();
    await sign(publisher.privateKeyPem);
    const entry = await readFile(candidate.entry, 'utf8');
    await writeFile(candidate.entry, entry.replace("'trusty'", "'trustz'"));
    await expect(loadPlugins([candidate], { ignoreEngineFor: [], trust: policy({ allowUnsigned: true }) })).rejects.toMatchObject({
      code: 'MIRAI_ERR_PLUGIN_SIGNATURE_INVALID',
      extensions: { plugin: '@acme/trusty', reason: 'dist/index.js differs from what was signed' },
    });
  });

  it('refuses a package signed by a publisher the operator does not trust', async () => {
    const candidate = await partnerPackage();
    await sign(stranger.privateKeyPem);
    await expect(loadPlugins([candidate], { ignoreEngineFor: [], trust: policy() })).rejects.toMatchObject({
      code: 'MIRAI_ERR_PLUGIN_SIGNATURE_UNTRUSTED',
      extensions: { plugin: '@acme/trusty' },
    });
  });

  it('refuses a definition whose capabilities differ from the signed manifest', async () => {
    const candidate = await partnerPackage(['exporter', 'auth']);
    await sign(publisher.privateKeyPem, ['exporter']);
    await expect(loadPlugins([candidate], { ignoreEngineFor: [], trust: policy() })).rejects.toMatchObject({
      code: 'MIRAI_ERR_PLUGIN_SIGNATURE_INVALID',
    });
  });

  it('refuses a package that bundles the SDK of another major, and accepts one of the same major', async () => {
    const candidate = await partnerPackage();
    const sdk = join(dir, 'node_modules', '@mirai', 'sdk-plugin');
    await mkdir(sdk, { recursive: true });
    await writeFile(join(sdk, 'package.json'), JSON.stringify({ name: '@mirai/sdk-plugin', version: '2.0.0' }));
    const trust = policy({ allowUnsigned: true });
    await expect(loadPlugins([candidate], { ignoreEngineFor: [], trust })).rejects.toMatchObject({
      code: 'MIRAI_ERR_PLUGIN_SDK_CONFLICT',
      extensions: { plugin: '@acme/trusty', bundled: '2.0.0' },
    });
    await writeFile(join(sdk, 'package.json'), JSON.stringify({ name: '@mirai/sdk-plugin', version: '1.0.0' }));
    await expect(loadPlugins([candidate], { ignoreEngineFor: [], trust })).resolves.toHaveLength(1);
  });
});
