import { generateKeyPairSync } from 'node:crypto';
import { appendFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decodePublicKey, generateSigningKey, SIGNATURE_FILE, signPackage, verifyPackage } from './index.ts';

let dir: string;
const publisher = generateSigningKey();
const trusted = [decodePublicKey(publisher.publicKey)];

/** A built plugin package as a partner has it before `npm publish`: sources too, only dist ships. */
async function writePackage(into: string): Promise<void> {
  await mkdir(join(into, 'dist'), { recursive: true });
  await mkdir(join(into, 'src'), { recursive: true });
  await writeFile(
    join(into, 'package.json'),
    JSON.stringify({
      name: '@acme/mirai-plugin-signed',
      version: '1.2.3',
      type: 'module',
      files: ['dist', SIGNATURE_FILE],
      mirai: { plugin: './dist/index.js', egress: ['api.acme.example'] },
    }),
  );
  await writeFile(join(into, 'src', 'index.ts'), '// not shipped\n');
  await writeFile(
    join(into, 'dist', 'index.js'),
    "export default { name: 'acme-signed', version: '1.2.3', engine: '^1.0.0', capabilities: ['exporter'], register() {} };\n",
  );
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mirai-sign-'));
  await writePackage(dir);
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('package signatures', { timeout: 30_000 }, () => {
  it('signs exactly the files npm ships, with the manifest of the plugin, and verifies them', async () => {
    const manifest = await signPackage(dir, publisher.privateKeyPem);
    expect(manifest).toMatchObject({
      name: '@acme/mirai-plugin-signed',
      version: '1.2.3',
      plugin: 'acme-signed',
      capabilities: ['exporter'],
      egress: ['api.acme.example'],
    });
    expect(manifest.files.map((file) => file.path)).toEqual(['dist/index.js', 'package.json']);
    // The unpacked package as npm installs it: no sources.
    await rm(join(dir, 'src'), { recursive: true });
    await expect(verifyPackage(dir, trusted)).resolves.toMatchObject({ status: 'verified', manifest: { plugin: 'acme-signed' } });
  });

  it('reports a package with one byte changed, or a file added, as tampered', async () => {
    await signPackage(dir, publisher.privateKeyPem);
    await rm(join(dir, 'src'), { recursive: true });
    const entry = join(dir, 'dist', 'index.js');
    const original = await readFile(entry);
    const changed = Buffer.from(original);
    changed[changed.length - 2] = (changed[changed.length - 2] ?? 0) ^ 1;
    await writeFile(entry, changed);
    await expect(verifyPackage(dir, trusted)).resolves.toEqual({ status: 'tampered', detail: 'dist/index.js differs from what was signed' });
    await writeFile(entry, original);
    await appendFile(join(dir, 'dist', 'extra.js'), 'globalThis.x = 1;\n');
    await expect(verifyPackage(dir, trusted)).resolves.toEqual({ status: 'tampered', detail: 'unsigned files: dist/extra.js' });
  });

  it('reports a forged signature as tampered, and another publisher as untrusted', async () => {
    await signPackage(dir, publisher.privateKeyPem);
    await rm(join(dir, 'src'), { recursive: true });
    const signature = JSON.parse(await readFile(join(dir, SIGNATURE_FILE), 'utf8')) as { payload: string };
    await writeFile(join(dir, SIGNATURE_FILE), JSON.stringify({ ...signature, payload: signature.payload.replace('exporter', 'auth') }));
    await expect(verifyPackage(dir, trusted)).resolves.toMatchObject({ status: 'tampered' });
    const stranger = generateKeyPairSync('ed25519').publicKey;
    await expect(verifyPackage(dir, [stranger])).resolves.toEqual({ status: 'untrusted' });
  });

  it('reports a package without mirai-signature.json as unsigned', async () => {
    await expect(verifyPackage(dir, trusted)).resolves.toEqual({ status: 'unsigned' });
  });

  it('refuses to sign when npm would not ship the signature', async () => {
    const pkg = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')) as Record<string, unknown>;
    await writeFile(join(dir, 'package.json'), JSON.stringify({ ...pkg, files: ['dist'] }));
    await expect(signPackage(dir, publisher.privateKeyPem)).rejects.toThrow(/add it to "files"/);
  });
});
