import type { ProjectOptions } from '../project-files.ts';

export function billingTemplate(options: ProjectOptions): { index: string; test: string } {
  return {
    index: `import { definePlugin, PluginError } from '@mirai/sdk-plugin';

// One free plan, usage counted in plugin state: replace with your billing service's API.
export default definePlugin({
  name: '${options.name}',
  version: '0.1.0',
  engine: '${options.engine}',
  capabilities: ['billing'],
  register(context) {
    context.provide('billing', {
      async createCheckout(input) {
        if (input.plan !== 'free') throw new PluginError('MIRAI_ERR_PLUGIN_BAD_INPUT', \`No plan "\${input.plan}"\`);
        return { url: input.successUrl };
      },
      async createPortalSession(input) {
        return { url: input.returnUrl };
      },
      async entitlements() {
        return { plan: 'free', active: true, seats: 5, aiTokensPerMonth: 100_000 };
      },
      async reportUsage(report, tenant) {
        await context.state.transaction(async (tx) => {
          const key = \`usage:\${tenant.tenantId}:\${report.idempotencyKey}\`;
          if ((await tx.get(key)) !== null) return;
          await tx.set(key, report.aiTokens);
        });
      },
      async reconcile() {
        return { changed: false };
      },
      async plans() {
        return [{ name: 'free', seats: 5, aiTokensPerMonth: 100_000, purchasable: true }];
      },
    });
  },
});
`,
    test: `import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createTestHost } from '@mirai/sdk-plugin/testing';
import plugin from './index.ts';

test('grants the free plan and records usage once per idempotency key', async () => {
  const host = await createTestHost(plugin);
  const billing = host.extension('billing');
  const tenant = host.tenant({}, 'tenant-a');
  assert.equal((await billing.entitlements(tenant)).plan, 'free');
  const report = { aiTokens: 10, idempotencyKey: 'k1', occurredAt: new Date() };
  await billing.reportUsage(report, tenant);
  await billing.reportUsage({ ...report, aiTokens: 99 }, tenant);
  assert.deepEqual([...host.state.entries()], [['usage:tenant-a:k1', 10]]);
});
`,
  };
}
