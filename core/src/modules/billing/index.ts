import { defineModule } from '../mirai-module.ts';
import { billingRoutes } from './billing.routes.ts';
import type { BillingService } from './billing.service.ts';

/** Plans and entitlements through the billing plugin; usage reports. Its tables are reached by SQL (outbox-like queues), not entities. */
export const billingModule = defineModule<{ billing: BillingService }>({
  name: 'billing',
  entities: { tenantOwned: [], instanceWide: [] },
  routes: async (app, { billing }) => {
    await app.register(billingRoutes, { billing });
  },
});
