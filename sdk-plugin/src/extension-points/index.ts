import type { AiProvider } from './ai.ts';
import type { AuthProvider } from './auth.ts';
import type { BillingProvider } from './billing.ts';
import type { Exporter } from './exporter.ts';
import type { MailProvider } from './mail.ts';
import type { StorageProvider } from './storage.ts';

/**
 * Every extension point a plugin can provide, by capability name. Augment this interface
 * (declaration merging) only in the SDK: core never special-cases a plugin by name.
 */
export interface ExtensionPoints {
  auth: AuthProvider;
  ai: AiProvider;
  storage: StorageProvider;
  billing: BillingProvider;
  exporter: Exporter;
  mail: MailProvider;
}

export type Capability = keyof ExtensionPoints;

export const CAPABILITIES: readonly Capability[] = ['auth', 'ai', 'storage', 'billing', 'exporter', 'mail'];

export function isCapability(value: string): value is Capability {
  return (CAPABILITIES as readonly string[]).includes(value);
}
