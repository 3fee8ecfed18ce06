#!/usr/bin/env node
import { readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { bundleSandboxedPlugin } from '../sandbox/bundle.ts';
import { decodePublicKey, generateSigningKey, signPackage, verifyPackage } from '../signing/index.ts';

const USAGE = `Usage: mirai-plugin <command>

  keygen --out <file>           write a new Ed25519 private key (PEM, mode 600); prints the public key
                                that operators add to MIRAI_PLUGIN_TRUSTED_KEYS
  sign [--key <file>] [dir]     sign the built package in dir (default .): writes mirai-signature.json;
                                without --key the PEM is read from MIRAI_PLUGIN_SIGNING_KEY
  verify --trusted <key> [dir]  check a package folder against a trusted public key
  bundle [--out <file>] [dir]   bundle the plugin in dir (its package.json \`mirai.plugin\` entry) as the
                                sandbox runs it (default out: mirai-sandbox.js in dir)`;

async function privateKey(path: string | undefined): Promise<string> {
  if (path !== undefined) return readFile(path, 'utf8');
  const fromEnv = process.env.MIRAI_PLUGIN_SIGNING_KEY;
  if (fromEnv === undefined || fromEnv.trim() === '') throw new Error('Pass --key <file> or set MIRAI_PLUGIN_SIGNING_KEY');
  return fromEnv;
}

async function main(argv: string[]): Promise<void> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { out: { type: 'string' }, key: { type: 'string' }, trusted: { type: 'string', multiple: true } },
  });
  const [command, dir = '.'] = positionals;
  if (command === 'keygen') {
    if (values.out === undefined) throw new Error('keygen needs --out <file>');
    const { privateKeyPem, publicKey } = generateSigningKey();
    await writeFile(values.out, privateKeyPem, { mode: 0o600, flag: 'wx' });
    process.stdout.write(`${publicKey}\n`);
  } else if (command === 'sign') {
    const manifest = await signPackage(dir, await privateKey(values.key));
    process.stdout.write(`signed ${manifest.name}@${manifest.version} (${manifest.files.length} files)\n`);
  } else if (command === 'verify') {
    const result = await verifyPackage(dir, (values.trusted ?? []).map(decodePublicKey));
    process.stdout.write(`${result.status}${result.status === 'tampered' ? `: ${result.detail}` : ''}\n`);
    if (result.status !== 'verified') process.exitCode = 1;
  } else if (command === 'bundle') {
    const pkg = JSON.parse(await readFile(join(dir, 'package.json'), 'utf8')) as { mirai?: { plugin?: unknown } };
    if (typeof pkg.mirai?.plugin !== 'string') throw new Error(`${dir}/package.json has no mirai.plugin entry`);
    const out = values.out ?? join(dir, 'mirai-sandbox.js');
    const code = await bundleSandboxedPlugin(resolve(dir, pkg.mirai.plugin));
    await writeFile(out, code);
    process.stdout.write(`bundled ${out} (${code.length} bytes)\n`);
  } else {
    process.stdout.write(`${USAGE}\n`);
    if (command !== undefined && command !== 'help') process.exitCode = 2;
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`mirai-plugin: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
