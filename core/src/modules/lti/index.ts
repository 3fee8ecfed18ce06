import { defineModule } from '../mirai-module.ts';
import { LtiPlatformSchema, LtiToolKeySchema } from './lti.entity.ts';
import { ltiAdminRoutes } from './lti-admin.routes.ts';
import { ltiProtocolRoutes } from './lti-protocol.routes.ts';
import { ltiRosterRoutes } from './lti-roster.routes.ts';
import type { LtiServices } from './lti-services.ts';
import { LtiLineItemSchema, LtiToolSchema } from './platform/lti-tool.entity.ts';
import { platformAdminRoutes } from './platform/platform-admin.routes.ts';
import { platformNrpsRoutes } from './platform/platform-nrps.routes.ts';
import { platformProtocolRoutes } from './platform/platform-protocol.routes.ts';

export type { LtiParts, LtiServices } from './lti-services.ts';

/** LTI 1.3 both ways: Mirai as the tool (platform registration, OIDC login, launch, Deep Linking, AGS passback, NRPS roster sync) and as the platform (external tools in lessons) (docs/interoperability.md). */
export const ltiModule = defineModule<LtiServices>({
  name: 'lti',
  entities: { tenantOwned: [LtiPlatformSchema, LtiToolSchema, LtiLineItemSchema], instanceWide: [LtiToolKeySchema] },
  routes: async (app, services) => {
    await app.register(ltiAdminRoutes, services);
    await app.register(ltiProtocolRoutes, services);
    await app.register(ltiRosterRoutes, services);
    await app.register(platformAdminRoutes, services);
    await app.register(platformProtocolRoutes, services);
    await app.register(platformNrpsRoutes, services);
  },
});
