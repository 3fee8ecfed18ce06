import { createHash } from 'node:crypto';
import { MiraiError } from '../../errors/mirai-error.ts';

/** One published version of a package, as the registry's package document lists it. */
export interface RegistryVersion {
  version: string;
  description: string;
  tarball: string;
  /** Subresource-integrity string (`sha512-<base64>`) the registry recorded at publish. */
  integrity: string | null;
}

export interface RegistryPackage {
  name: string;
  description: string;
  latest: string | null;
  versions: RegistryVersion[];
}

interface PackageDocument {
  name?: string;
  description?: string;
  'dist-tags'?: Record<string, string>;
  versions?: Record<string, { version?: string; description?: string; dist?: { tarball?: string; integrity?: string } }>;
}

function unreachable(name: string, reason: string): MiraiError {
  return new MiraiError('MIRAI_ERR_PLUGIN_REGISTRY_UNAVAILABLE', `The plugin registry could not be read for ${name}: ${reason}`, {
    extensions: { package: name },
  });
}

/** Reads package documents and tarballs from the operator's npm registry (MIRAI_PLUGIN_REGISTRY). */
export class PluginRegistryClient {
  readonly #base: string;

  constructor(registryUrl: string) {
    this.#base = registryUrl.endsWith('/') ? registryUrl : `${registryUrl}/`;
  }

  /** The package's published versions, or null when the registry has no such package. */
  async package(name: string): Promise<RegistryPackage | null> {
    // Scoped names keep their `@` and escape the slash, as npm itself asks for them.
    const response = await fetch(`${this.#base}${name.replace('/', '%2f')}`, { headers: { accept: 'application/json' } }).catch((error: unknown) => {
      throw unreachable(name, (error as Error).message);
    });
    if (response.status === 404) return null;
    if (!response.ok) throw unreachable(name, `HTTP ${response.status}`);
    const document = (await response.json()) as PackageDocument;
    const versions = Object.values(document.versions ?? {}).flatMap((entry) =>
      typeof entry.version === 'string' && typeof entry.dist?.tarball === 'string'
        ? [{ version: entry.version, description: entry.description ?? '', tarball: entry.dist.tarball, integrity: entry.dist.integrity ?? null }]
        : [],
    );
    return { name, description: document.description ?? '', latest: document['dist-tags']?.latest ?? null, versions };
  }

  /** The tarball's bytes, checked against the integrity the registry recorded. */
  async tarball(name: string, version: RegistryVersion): Promise<Buffer> {
    const response = await fetch(version.tarball).catch((error: unknown) => {
      throw unreachable(name, (error as Error).message);
    });
    if (!response.ok) throw unreachable(name, `tarball HTTP ${response.status}`);
    const bytes = Buffer.from(await response.arrayBuffer());
    const [algorithm, expected] = (version.integrity ?? '').split('-', 2);
    if (algorithm === 'sha512' && expected !== undefined && createHash('sha512').update(bytes).digest('base64') !== expected)
      throw new MiraiError('MIRAI_ERR_PLUGIN_PACKAGE_REFUSED', `${name}@${version.version}: the tarball does not match the registry's integrity`, {
        extensions: { package: name, version: version.version, reason: 'integrity' },
      });
    return bytes;
  }
}
