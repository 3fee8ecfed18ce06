import { defineModule } from '../mirai-module.ts';
import { PluginConfigChangeSchema } from './plugin-config-change.entity.ts';
import { PluginInstallationSchema } from './plugin-installation.entity.ts';
import { pluginsRoutes } from './plugins.routes.ts';
import { tenantInstallsRoutes } from './tenant-installs.routes.ts';
import type { TenantInstallsService } from './tenant-installs.service.ts';
import { TenantPluginInstallSchema } from './tenant-plugin-install.entity.ts';
import type { TenantPluginsService } from './tenant-plugins.service.ts';

/** Which plugins each organisation enabled (or installed for itself), with their (sealed) settings and change log. */
export const pluginsModule = defineModule<{ plugins: TenantPluginsService; installs: TenantInstallsService }>({
  name: 'plugins',
  entities: { tenantOwned: [PluginInstallationSchema, PluginConfigChangeSchema, TenantPluginInstallSchema], instanceWide: [] },
  routes: async (app, { plugins, installs }) => {
    await app.register(pluginsRoutes, { plugins });
    await app.register(tenantInstallsRoutes, { installs });
  },
});
