import type { JsonObject } from '@mirai/sdk-plugin';
import type { Orm } from '../../db/orm.ts';
import type { PeriodicTask } from '../../jobs/job-scheduler.ts';
import type { BillingService } from './billing.service.ts';

export const RECONCILE_TASK = 'billing-reconcile';

/**
 * Asks each tenant's billing plugin to compare its local subscription state with the provider's
 * and heal drift (a webhook that never arrived). One tenant failing does not stop the others.
 */
export async function reconcileAllTenants(
  orm: Orm,
  billing: BillingService,
  onError: (error: unknown, tenantId: string) => void = () => undefined,
): Promise<{ tenants: number; changed: number; failed: number }> {
  const tenants = await orm.em.fork().execute<{ id: string }[]>('select id from tenant order by id');
  const result = { tenants: 0, changed: 0, failed: 0 };
  for (const { id } of tenants) {
    try {
      const found = await billing.billingFor(orm.em.fork(), id);
      if (found === null) continue;
      result.tenants += 1;
      if ((await found.provider.reconcile(found.tenant)).changed) result.changed += 1;
    } catch (error) {
      result.failed += 1;
      onError(error, id);
    }
  }
  return result;
}

export function billingReconcileTask(options: {
  orm: Orm;
  billing: BillingService;
  everyMs: number;
  onError: (error: unknown, tenantId: string) => void;
}): PeriodicTask {
  return {
    name: RECONCILE_TASK,
    everyMs: options.everyMs,
    run: async (): Promise<JsonObject> => reconcileAllTenants(options.orm, options.billing, options.onError),
  };
}
