/** The `tenant_class` label of a tenant: bounded, unlike tenant ids, so safe as a Prometheus label. */
export type TenantClassOf = (tenantId: string) => string;

export const DEFAULT_TENANT_CLASS = 'standard';

/** From MIRAI_METRICS_TENANT_CLASSES (`<tenant id>=<class>` pairs); every other tenant is `standard`. */
export function tenantClasses(classes: ReadonlyMap<string, string>): TenantClassOf {
  return (tenantId) => classes.get(tenantId) ?? DEFAULT_TENANT_CLASS;
}
