import type { EntityManager } from '@mikro-orm/postgresql';
import { isEngineCompatible, PLUGIN_API_VERSION } from '@mirai/sdk-plugin';
import type { FastifyBaseLogger } from 'fastify';
import { MiraiError } from '../../errors/mirai-error.ts';
import type { PluginHost } from '../../plugin-host/plugin-host.ts';
import type { LoadedPlugin } from '../../plugin-host/plugin-loader.ts';
import { assertMatchesSignature } from '../../plugin-host/plugin-trust.ts';
import type { PluginSandbox } from '../../plugin-host/sandbox/index.ts';
import type { TenantPackageStore } from '../../plugin-host/tenant-packages/tenant-package-store.ts';
import { TenantPluginInstallSchema } from './tenant-plugin-install.entity.ts';

/** What identifies one running copy of an organisation's plugin: organisation × plugin × version. */
export const sandboxKey = (tenantId: string, plugin: string, version: string) => `${tenantId}:${plugin}@${version}`;

export interface InstallRecord {
  pluginName: string;
  packageName: string;
  version: string;
  egressApproved: string[];
}

/**
 * Keeps what this process hosts of each organisation's own plugins equal to what the database
 * records. Replicas do not announce installs to each other: before any lookup for an
 * organisation, its records are read (one indexed query) and missing or outdated versions are
 * downloaded, verified, started in the sandbox, or stopped, so an install made on one replica is
 * effective on every replica at its next request for that organisation.
 */
export class TenantPluginRuntime {
  readonly #host: PluginHost;
  /** Where an organisation's plugins run: nothing an organisation installs ever runs in this process. */
  readonly sandbox: PluginSandbox;
  readonly packages: TenantPackageStore;
  readonly #logger: FastifyBaseLogger;
  /** One change at a time per organisation: two requests never start the same version twice. */
  readonly #locks = new Map<string, Promise<unknown>>();
  /** Which package version each sandbox key runs, to delete its folder once it is replaced or removed. */
  readonly #packagesOf = new Map<string, { packageName: string; version: string }>();

  constructor(options: { host: PluginHost; sandbox: PluginSandbox; packages: TenantPackageStore; logger: FastifyBaseLogger }) {
    this.#host = options.host;
    this.sandbox = options.sandbox;
    this.packages = options.packages;
    this.#logger = options.logger;
  }

  /** Runs `work` alone for the organisation (installs, upgrades, removals and syncs of one organisation queue). */
  exclusive<T>(tenantId: string, work: () => Promise<T>): Promise<T> {
    const previous = this.#locks.get(tenantId) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(work);
    const settled = next.catch(() => undefined);
    this.#locks.set(tenantId, settled);
    void settled.then(() => {
      if (this.#locks.get(tenantId) === settled) this.#locks.delete(tenantId);
    });
    return next;
  }

  /** Loads a verified package in the sandbox and checks it is what was signed and fits this server's plugin API. */
  async load(tenantId: string, record: InstallRecord): Promise<LoadedPlugin> {
    const { sandbox } = this;
    const stored = await this.packages.ensure(tenantId, record.packageName, record.version);
    const key = sandboxKey(tenantId, stored.manifest.plugin, record.version);
    const egressAllow = stored.manifest.egress.filter((host) => record.egressApproved.includes(host));
    const loaded = await sandbox.load(stored.dir, { key, egressAllow });
    try {
      assertMatchesSignature(loaded.definition, { kind: 'signed', manifest: stored.manifest }, record.packageName);
      if (!isEngineCompatible(loaded.definition.engine, PLUGIN_API_VERSION))
        throw new MiraiError(
          'MIRAI_ERR_PLUGIN_INSTALL_FAILED',
          `${record.packageName}@${record.version} requires plugin API ${loaded.definition.engine}; this server provides ${PLUGIN_API_VERSION}`,
          { extensions: { plugin: loaded.definition.name, engine: loaded.definition.engine, apiVersion: PLUGIN_API_VERSION } },
        );
    } catch (error) {
      await sandbox.unload(key);
      if (error instanceof MiraiError && error.code === 'MIRAI_ERR_PLUGIN_SIGNATURE_INVALID')
        throw new MiraiError('MIRAI_ERR_PLUGIN_INSTALL_FAILED', error.message, { cause: error, extensions: error.extensions });
      throw error;
    }
    return loaded;
  }

  /** Loads and starts a version for the organisation, replacing the version hosted before (whose sandbox is then released). */
  async start(tenantId: string, record: InstallRecord): Promise<LoadedPlugin> {
    const loaded = await this.load(tenantId, record);
    const key = sandboxKey(tenantId, loaded.definition.name, record.version);
    const previous = this.#host.tenantPlugins(tenantId).find((hosted) => hosted.loaded.definition.name === loaded.definition.name);
    try {
      await this.#host.bootForTenant({ tenantId, key }, loaded);
    } catch (error) {
      await this.sandbox.unload(key);
      throw error;
    }
    this.#packagesOf.set(key, { packageName: record.packageName, version: record.version });
    if (previous !== undefined && previous.key !== key) await this.#release(tenantId, previous.key);
    return loaded;
  }

  /** Stops the organisation's plugin in this process and releases its sandbox. */
  async stop(tenantId: string, pluginName: string): Promise<void> {
    const key = await this.#host.stopForTenant(tenantId, pluginName);
    if (key !== undefined) await this.#release(tenantId, key);
  }

  /** Frees a version no longer hosted: its sandbox, and its unpacked folder in this process's data directory. */
  async #release(tenantId: string, key: string): Promise<void> {
    await this.sandbox.unload(key);
    const stored = this.#packagesOf.get(key);
    this.#packagesOf.delete(key);
    if (stored !== undefined) await this.packages.remove(tenantId, stored.packageName, stored.version);
  }

  /** Brings this process in line with the organisation's recorded installs (see the class comment). */
  async sync(em: EntityManager, tenantId: string): Promise<void> {
    const records = await em.find(TenantPluginInstallSchema, { tenantId }, { filters: { tenant: false } });
    const hosted = this.#host.tenantPlugins(tenantId);
    const wanted = new Set(records.map((record) => sandboxKey(tenantId, record.pluginName, record.version)));
    if (hosted.length === records.length && hosted.every((plugin) => wanted.has(plugin.key))) return;
    await this.exclusive(tenantId, async () => {
      const current = new Set(this.#host.tenantPlugins(tenantId).map((plugin) => plugin.key));
      for (const plugin of this.#host.tenantPlugins(tenantId))
        if (!wanted.has(plugin.key) && !records.some((record) => record.pluginName === plugin.loaded.definition.name))
          await this.stop(tenantId, plugin.loaded.definition.name);
      for (const record of records) {
        if (current.has(sandboxKey(tenantId, record.pluginName, record.version))) continue;
        // One broken install must not take the organisation's other plugins (or its request) down.
        await this.start(tenantId, record).catch((error: unknown) =>
          this.#logger.error({ err: error, tenantId, plugin: record.pluginName, version: record.version }, 'organisation plugin could not start'),
        );
      }
    });
  }
}
