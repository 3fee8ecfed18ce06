import { defineModule } from '../mirai-module.ts';
import { PluginConfigChangeSchema } from './plugin-config-change.entity.ts';
import { PluginInstallationSchema } from './plugin-installation.entity.ts';
import { pluginsRoutes } from './plugins.routes.ts';
import type { TenantPluginsService } from './tenant-plugins.service.ts';

/** Which plugins each organisation enabled, with their (sealed) settings and change log. */
export const pluginsModule = defineModule<{ plugins: TenantPluginsService }>({
  name: 'plugins',
  entities: { tenantOwned: [PluginInstallationSchema, PluginConfigChangeSchema], instanceWide: [] },
  routes: async (app, { plugins }) => {
    await app.register(pluginsRoutes, { plugins });
  },
});
