import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { registerHooks } from 'node:module';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { validatePluginDefinition } from '../manifest-validation.ts';
import type { PluginDefinition } from '../plugin-definition.ts';
import { digestFiles, SIGNATURE_FILE } from './package-digest.ts';
import { type SignedManifest, signManifest } from './package-signature.ts';

const run = promisify(execFile);

interface PackageJson {
  name?: unknown;
  version?: unknown;
  mirai?: { plugin?: unknown; egress?: unknown };
}

/** The files `npm pack` would ship, so that the signature covers exactly the published package. */
async function packedFiles(dir: string): Promise<string[]> {
  const { stdout } = await run('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: dir });
  const [report] = JSON.parse(stdout) as Array<{ files: Array<{ path: string }> }>;
  return (report?.files ?? []).map((file) => file.path);
}

let sdkProvided = false;

/** The plugin is imported to read its definition; like the host, provide this SDK to it. */
function provideThisSdk(): void {
  if (sdkProvided) return;
  sdkProvided = true;
  registerHooks({
    resolve: (specifier, context, nextResolve) =>
      specifier === '@mirai/sdk-plugin' || specifier.startsWith('@mirai/sdk-plugin/')
        ? nextResolve(specifier, { ...context, parentURL: import.meta.url })
        : nextResolve(specifier, context),
  });
}

/**
 * Signs the package in `dir` (already built): imports its plugin entry for the name and
 * capabilities, digests every file npm would pack and writes `mirai-signature.json`.
 */
export async function signPackage(dir: string, privateKeyPem: string): Promise<SignedManifest> {
  const root = resolve(dir);
  const pkg = JSON.parse(await readFile(join(root, 'package.json'), 'utf8')) as PackageJson;
  if (typeof pkg.name !== 'string' || typeof pkg.version !== 'string' || typeof pkg.mirai?.plugin !== 'string')
    throw new Error('package.json needs name, version and mirai.plugin');
  provideThisSdk();
  const module = (await import(pathToFileURL(resolve(root, pkg.mirai.plugin)).href)) as { default?: unknown };
  const problems = validatePluginDefinition(module.default);
  if (problems.length > 0) throw new Error(`The plugin definition is invalid: ${problems.join('; ')}`);
  const definition = module.default as PluginDefinition;
  const egress = Array.isArray(pkg.mirai.egress) ? pkg.mirai.egress.filter((host): host is string => typeof host === 'string') : [];
  const files = (await packedFiles(root)).filter((path) => path !== SIGNATURE_FILE);
  const manifest: SignedManifest = {
    name: pkg.name,
    version: pkg.version,
    plugin: definition.name,
    capabilities: [...definition.capabilities],
    egress,
    files: await digestFiles(root, files),
  };
  await writeFile(join(root, SIGNATURE_FILE), `${JSON.stringify(signManifest(manifest, privateKeyPem), null, 2)}\n`);
  if (!(await packedFiles(root)).includes(SIGNATURE_FILE)) throw new Error(`npm would not ship ${SIGNATURE_FILE}: add it to "files" in package.json`);
  return manifest;
}
