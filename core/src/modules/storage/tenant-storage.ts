import type { EntityManager } from '@mikro-orm/postgresql';
import type { StorageProvider, TenantContext } from '@mirai/sdk-plugin';
import { MiraiError } from '../../errors/mirai-error.ts';
import type { TenantPluginsService } from '../plugins/tenant-plugins.service.ts';

export interface TenantStorage {
  plugin: string;
  storage: StorageProvider;
  tenant: TenantContext;
}

/** The tenant's storage: its most recently configured enabled storage plugin, else the operator's default. */
export async function tenantStorage(plugins: TenantPluginsService, em: EntityManager, tenantId: string, plugin?: string): Promise<TenantStorage> {
  const candidates = await plugins.enabled(em, tenantId, 'storage');
  const chosen = plugin === undefined ? candidates[0] : candidates.find((candidate) => candidate.plugin === plugin);
  if (chosen === undefined)
    throw new MiraiError(
      'MIRAI_ERR_PLUGIN_CAPABILITY_UNAVAILABLE',
      plugin === undefined
        ? 'No storage plugin is enabled for this organisation'
        : `The storage plugin "${plugin}" that holds this file is no longer enabled`,
    );
  return { plugin: chosen.plugin, storage: chosen.implementation, tenant: chosen.tenant };
}
