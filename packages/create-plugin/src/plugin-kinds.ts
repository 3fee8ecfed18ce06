export const PLUGIN_KINDS = ['ai', 'storage', 'exporter', 'billing', 'auth'] as const;
export type PluginKind = (typeof PLUGIN_KINDS)[number];

export function isPluginKind(value: string): value is PluginKind {
  return (PLUGIN_KINDS as readonly string[]).includes(value);
}
