import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { SignedManifest } from '@mirai/sdk-plugin/signing';
import { MiraiError } from '../../errors/mirai-error.ts';
import { checkSignature, type TrustPolicy } from '../plugin-trust.ts';
import type { PluginRegistryClient } from './plugin-registry-client.ts';

const run = promisify(execFile);

export interface StoredPackage {
  dir: string;
  manifest: SignedManifest;
}

const folderName = (packageName: string, version: string) => `${packageName.replace('/', '+')}@${version}`;

/**
 * Packages organisations installed, unpacked per organisation and version under
 * `<MIRAI_DATA_DIR>/tenant-plugins/<tenant>/<package>@<version>` (never into node_modules), and
 * verified against the publisher keys before the folder is handed to anything that runs code.
 */
export class TenantPackageStore {
  readonly #root: string;
  readonly #registry: PluginRegistryClient;
  readonly #trust: TrustPolicy;

  constructor(options: { root: string; registry: PluginRegistryClient; keys: TrustPolicy['keys'] }) {
    this.#root = options.root;
    this.#registry = options.registry;
    // Signed only: no development allowance for unsigned packages, no folder trusted by location.
    this.#trust = { keys: options.keys, allowUnsigned: false, trustedFolders: [] };
  }

  dirOf(tenantId: string, packageName: string, version: string): string {
    return join(this.#root, tenantId, folderName(packageName, version));
  }

  /** The verified package folder, downloaded first when this process's data directory lacks it (another replica installed it). */
  async ensure(tenantId: string, packageName: string, version: string): Promise<StoredPackage> {
    const dir = this.dirOf(tenantId, packageName, version);
    const present = await stat(dir).then(
      () => true,
      () => false,
    );
    // A copy on disk is checked again: the data directory is not trusted to be unchanged.
    return present ? { dir, manifest: await this.#verify(dir, packageName, version) } : this.#download(tenantId, packageName, version, dir);
  }

  /** Downloads and unpacks aside, verifies there, and only then moves the folder into place: a refused package never lands. */
  async #download(tenantId: string, packageName: string, version: string, dir: string): Promise<StoredPackage> {
    const found = (await this.#registry.package(packageName))?.versions.find((entry) => entry.version === version);
    if (found === undefined)
      throw new MiraiError('MIRAI_ERR_PLUGIN_NOT_FOUND', `The registry has no ${packageName}@${version}`, {
        extensions: { package: packageName, version },
      });
    const bytes = await this.#registry.tarball(packageName, found);
    await mkdir(join(this.#root, tenantId), { recursive: true });
    // Unpacked aside and renamed into place: a half-unpacked folder is never taken for a package.
    const staging = await mkdtemp(join(this.#root, tenantId, '.unpack-'));
    try {
      await writeFile(join(staging, 'package.tgz'), bytes);
      await mkdir(join(staging, 'package'));
      // GNU tar refuses members that would land outside the folder (absolute or `..` paths).
      await run('tar', ['-xzf', join(staging, 'package.tgz'), '-C', join(staging, 'package'), '--strip-components=1', '--no-same-owner']);
      await rm(join(staging, 'package.tgz'));
      const manifest = await this.#verify(join(staging, 'package'), packageName, version);
      await rename(join(staging, 'package'), dir).catch(async (error: unknown) => {
        // Another request unpacked the same version first; theirs is as good as ours.
        if ((error as NodeJS.ErrnoException).code !== 'ENOTEMPTY' && (error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      });
      return { dir, manifest };
    } finally {
      await rm(staging, { recursive: true, force: true });
    }
  }

  async #verify(dir: string, packageName: string, version: string): Promise<SignedManifest> {
    try {
      const trust = await checkSignature({ packageName, packageVersion: version, dir, entry: dir, source: 'npm' }, this.#trust);
      if (trust.kind !== 'signed') throw new Error('the package is not signed');
      return trust.manifest;
    } catch (error) {
      const reason = error instanceof MiraiError ? String(error.extensions.reason ?? error.message) : (error as Error).message;
      throw new MiraiError('MIRAI_ERR_PLUGIN_PACKAGE_REFUSED', `${packageName}@${version} is refused: ${reason}`, {
        cause: error,
        extensions: { package: packageName, version, reason, ...(error instanceof MiraiError ? { signatureCode: error.code } : {}) },
      });
    }
  }

  /** Removes every unpacked version of a package the organisation had (previewed or installed). */
  async removeAll(tenantId: string, packageName: string): Promise<void> {
    const prefix = `${packageName.replace('/', '+')}@`;
    const folders = await readdir(join(this.#root, tenantId)).catch(() => [] as string[]);
    for (const folder of folders) if (folder.startsWith(prefix)) await rm(join(this.#root, tenantId, folder), { recursive: true, force: true });
  }

  /** Removes an organisation's unpacked copy of one version. */
  async remove(tenantId: string, packageName: string, version: string): Promise<void> {
    await rm(this.dirOf(tenantId, packageName, version), { recursive: true, force: true });
  }
}
