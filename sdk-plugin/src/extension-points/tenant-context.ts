import type { JsonObject } from '../json-schema.ts';

/**
 * Passed to every per-tenant call of an extension point: which tenant is asking and that
 * tenant's configuration of the plugin (secrets decrypted, validated against `configSchema`).
 */
export interface TenantContext<Config extends JsonObject = JsonObject> {
  readonly tenantId: string;
  readonly config: Config;
  readonly signal?: AbortSignal;
}
