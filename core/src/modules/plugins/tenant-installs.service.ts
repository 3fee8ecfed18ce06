import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { type JsonSchema, PLUGIN_API_VERSION } from '@mirai/sdk-plugin';
import { MiraiError } from '../../errors/mirai-error.ts';
import { type CompatibilityReport, compatibilityReport } from '../../plugin-host/compatibility-report.ts';
import type { PluginHost } from '../../plugin-host/plugin-host.ts';
import { tenantStateNamespace } from '../../plugin-host/plugin-host.ts';
import type { SecretBox } from '../../plugin-host/secret-box.ts';
import type { PluginRegistryClient } from '../../plugin-host/tenant-packages/plugin-registry-client.ts';
import type { AuthContext } from '../identity/auth-context.ts';
import { type PluginChangeAction, PluginConfigChangeSchema } from './plugin-config-change.entity.ts';
import { PluginInstallationSchema } from './plugin-installation.entity.ts';
import { type TenantPluginInstall, TenantPluginInstallSchema } from './tenant-plugin-install.entity.ts';
import { type InstallRecord, sandboxKey, type TenantPluginRuntime } from './tenant-plugin-runtime.ts';
import { storedConfigs } from './tenant-plugins.service.ts';
import { byNewestVersion } from './version-order.ts';

export interface CatalogueEntry {
  package: string;
  description: string;
  latest: string | null;
  versions: string[];
  installed: { plugin: string; version: string } | null;
}

export interface InstallView {
  plugin: string;
  package: string;
  version: string;
  egressApproved: string[];
  installedAt: string;
  updatedAt: string;
}

export interface VersionReport extends CompatibilityReport {
  package: string;
  version: string;
  plugin: string;
  /** Hosts the signed manifest declares; the owner approves them when installing or upgrading. */
  egress: string[];
}

const installView = (row: TenantPluginInstall): InstallView => ({
  plugin: row.pluginName,
  package: row.packageName,
  version: row.version,
  egressApproved: row.egressApproved,
  installedAt: row.installedAt.toISOString(),
  updatedAt: row.updatedAt.toISOString(),
});

/**
 * An organisation's own plugins: the operator's catalogue (MIRAI_PLUGIN_CATALOGUE, read from the
 * registry), and install, upgrade and removal of a signed package for that organisation only.
 * Every change is written to the plugin audit log in the transaction that records it.
 */
export class TenantInstallsService {
  readonly #host: PluginHost;
  readonly #runtime: TenantPluginRuntime;
  readonly #registry: PluginRegistryClient;
  readonly #catalogue: readonly string[];
  readonly #box: SecretBox;

  constructor(options: {
    host: PluginHost;
    runtime: TenantPluginRuntime;
    registry: PluginRegistryClient;
    catalogue: readonly string[];
    box: SecretBox;
  }) {
    this.#host = options.host;
    this.#runtime = options.runtime;
    this.#registry = options.registry;
    this.#catalogue = options.catalogue;
    this.#box = options.box;
  }

  #inCatalogue(packageName: string): void {
    if (!this.#catalogue.includes(packageName))
      throw new MiraiError('MIRAI_ERR_PLUGIN_NOT_IN_CATALOGUE', `${packageName} is not in this server's plugin catalogue`, {
        fieldErrors: [{ field: '/body/package', message: 'not in the catalogue' }],
      });
  }

  async catalogue(em: EntityManager): Promise<CatalogueEntry[]> {
    const installed = await em.find(TenantPluginInstallSchema, {});
    const packages = await Promise.all(this.#catalogue.map((name) => this.#registry.package(name)));
    return packages.flatMap((found, index) => {
      const name = this.#catalogue[index] ?? '';
      const own = installed.find((row) => row.packageName === name);
      return found === null
        ? []
        : [
            {
              package: name,
              description: found.description,
              latest: found.latest,
              versions: found.versions.map((entry) => entry.version).sort(byNewestVersion),
              installed: own === undefined ? null : { plugin: own.pluginName, version: own.version },
            },
          ];
    });
  }

  async installs(em: EntityManager): Promise<InstallView[]> {
    return (await em.find(TenantPluginInstallSchema, {}, { orderBy: { pluginName: 'asc' } })).map(installView);
  }

  /**
   * What installing `version` would mean for the organisation: the version is downloaded,
   * verified and loaded in the sandbox (never in this process) to read its engine range and
   * config schema, which are checked against this server and the organisation's stored settings.
   */
  async report(em: EntityManager, tenantId: string, packageName: string, version: string): Promise<VersionReport> {
    this.#inCatalogue(packageName);
    const sandbox = this.#runtime.sandbox;
    const stored = await this.#runtime.packages.ensure(tenantId, packageName, version);
    const key = `preview:${sandboxKey(tenantId, stored.manifest.plugin, version)}`;
    const { definition } = await sandbox.load(stored.dir, { key, egressAllow: [] });
    await sandbox.unload(key);
    const current = this.#host.tenantPlugins(tenantId).find(({ loaded }) => loaded.definition.name === definition.name)?.loaded.definition;
    const configs = (await storedConfigs(em, this.#box, tenantId)).filter((config) => config.plugin === definition.name);
    const candidate = { name: definition.name, version, engine: definition.engine, configSchema: definition.configSchema as JsonSchema | undefined };
    const report = compatibilityReport({
      installed: current === undefined ? [] : [current],
      apiVersion: PLUGIN_API_VERSION,
      candidate,
      stored: configs,
    });
    return { ...report, package: packageName, version, plugin: definition.name, egress: [...stored.manifest.egress] };
  }

  #approved(declared: readonly string[], approveEgress: readonly string[]): string[] {
    const missing = declared.filter((host) => !approveEgress.includes(host));
    if (missing.length > 0)
      throw new MiraiError('MIRAI_ERR_PLUGIN_EGRESS_UNAPPROVED', `The plugin reaches ${missing.join(', ')}; approve them to continue`, {
        fieldErrors: [{ field: '/body/approveEgress', message: `missing ${missing.join(', ')}` }],
        extensions: { egress: declared },
      });
    return [...declared];
  }

  #audit(em: EntityManager, actor: AuthContext, plugin: string, action: PluginChangeAction, version: string, enabled: boolean): void {
    em.create(PluginConfigChangeSchema, {
      id: randomUUID(),
      tenantId: actor.tenantId,
      pluginName: plugin,
      actorUserId: actor.userId,
      actorEmail: actor.email,
      changedFields: [],
      secretsChanged: [],
      secretsCleared: [],
      enabled,
      action,
      version,
    });
  }

  async install(
    em: EntityManager,
    actor: AuthContext,
    input: { package: string; version: string; approveEgress?: string[] | undefined },
  ): Promise<InstallView> {
    const { tenantId } = actor;
    this.#inCatalogue(input.package);
    await this.#runtime.sync(em, tenantId);
    return this.#runtime.exclusive(tenantId, async () => {
      const { manifest } = await this.#runtime.packages.ensure(tenantId, input.package, input.version);
      const egressApproved = this.#approved(manifest.egress, input.approveEgress ?? []);
      const taken =
        this.#host.get(manifest.plugin) !== undefined || (await em.findOne(TenantPluginInstallSchema, { pluginName: manifest.plugin })) !== null;
      if (taken)
        throw new MiraiError('MIRAI_ERR_PLUGIN_ALREADY_INSTALLED', `A plugin named "${manifest.plugin}" is already available to the organisation`, {
          extensions: { plugin: manifest.plugin },
        });
      const record: InstallRecord = { pluginName: manifest.plugin, packageName: input.package, version: input.version, egressApproved };
      await this.#runtime.start(tenantId, record);
      try {
        const row = em.create(TenantPluginInstallSchema, { id: randomUUID(), tenantId, ...record, installedBy: actor.userId });
        this.#audit(em, actor, record.pluginName, 'install', record.version, false);
        await em.flush();
        return installView(row);
      } catch (error) {
        await this.#runtime.stop(tenantId, record.pluginName);
        throw error;
      }
    });
  }

  #installed(row: TenantPluginInstall | null, plugin: string): TenantPluginInstall {
    if (row === null)
      throw new MiraiError('MIRAI_ERR_PLUGIN_NOT_FOUND', `The organisation has not installed "${plugin}"`, { extensions: { plugin } });
    return row;
  }

  /**
   * Moves the organisation to another version once its compatibility report was read: a report
   * with problems refuses unless `acceptReport`; a stored configuration the new schema refuses is
   * then disabled (kept, for the owner to fix) rather than handed to the plugin.
   */
  async upgrade(
    em: EntityManager,
    actor: AuthContext,
    plugin: string,
    input: { version: string; approveEgress?: string[] | undefined; acceptReport?: boolean | undefined },
  ): Promise<InstallView> {
    const { tenantId } = actor;
    await this.#runtime.sync(em, tenantId);
    const row = this.#installed(await em.findOne(TenantPluginInstallSchema, { pluginName: plugin }), plugin);
    if (row.version === input.version)
      throw new MiraiError('MIRAI_ERR_PLUGIN_ALREADY_INSTALLED', `${row.packageName}@${input.version} is the installed version`, {
        extensions: { plugin },
      });
    const report = await this.report(em, tenantId, row.packageName, input.version);
    if (report.plugin !== plugin)
      throw new MiraiError(
        'MIRAI_ERR_PLUGIN_INSTALL_FAILED',
        `${row.packageName}@${input.version} is the plugin "${report.plugin}", not "${plugin}"`,
      );
    if (!report.ok && input.acceptReport !== true)
      throw new MiraiError(
        'MIRAI_ERR_PLUGIN_UPGRADE_INCOMPATIBLE',
        `${row.packageName}@${input.version}: read the compatibility report, then accept it`,
        {
          extensions: { report },
        },
      );
    // Hosts approved for an earlier version stay approved; only hosts the new version adds need approving.
    const egressApproved = this.#approved(report.egress, [...row.egressApproved, ...(input.approveEgress ?? [])]);
    const previous: InstallRecord = { ...row, egressApproved: row.egressApproved };
    return this.#runtime.exclusive(tenantId, async () => {
      await this.#runtime.start(tenantId, { pluginName: plugin, packageName: row.packageName, version: input.version, egressApproved });
      try {
        const config = await em.findOne(PluginInstallationSchema, { pluginName: plugin });
        if (config !== null && report.configs.length > 0) em.assign(config, { enabled: false });
        em.assign(row, { version: input.version, egressApproved });
        this.#audit(em, actor, plugin, 'upgrade', input.version, config?.enabled ?? false);
        await em.flush();
      } catch (error) {
        await this.#runtime.start(tenantId, previous);
        throw error;
      }
      await this.#runtime.packages.remove(tenantId, row.packageName, previous.version);
      return installView(row);
    });
  }

  /** Stops the plugin for the organisation and removes its install, settings, secrets and state. */
  async uninstall(em: EntityManager, actor: AuthContext, plugin: string): Promise<void> {
    const { tenantId } = actor;
    const row = this.#installed(await em.findOne(TenantPluginInstallSchema, { pluginName: plugin }), plugin);
    await this.#runtime.exclusive(tenantId, async () => {
      await em.transactional(async (tx) => {
        await tx.nativeDelete(TenantPluginInstallSchema, { id: row.id, tenantId });
        await tx.nativeDelete(PluginInstallationSchema, { pluginName: plugin, tenantId });
        await tx.execute('delete from plugin_state where plugin_name = ?', [tenantStateNamespace(plugin, tenantId)]);
        this.#audit(tx, actor, plugin, 'uninstall', row.version, false);
      });
      await this.#runtime.stop(tenantId, plugin);
      await this.#runtime.packages.removeAll(tenantId, row.packageName);
    });
  }
}
