import { definePlugin } from '@mirai/sdk-plugin';
import { createKratosSessionProvider, type SessionLookup } from './kratos-session-provider.ts';
import { type KratosSettings, kratosSettingsFromEnv } from './kratos-settings.ts';

export { createKratosSessionProvider, frontendApi, type KratosProviderOptions, type SessionLookup } from './kratos-session-provider.ts';
export { DEFAULT_CACHE_TTL_SECONDS, DEFAULT_SESSION_COOKIE, type KratosSettings, kratosSettingsFromEnv } from './kratos-settings.ts';

export interface AuthKratosOptions {
  /** Explicit settings (tests, embedding); by default they are read from the environment at register. */
  settings?: KratosSettings;
  lookup?: SessionLookup;
}

/**
 * The plugin. It is discovered on every server, so without `MIRAI_KRATOS_PUBLIC_URL` it stays
 * idle and provides nothing, unless it is the configured MIRAI_AUTH_PROVIDER: then start-up fails
 * naming the missing variable.
 */
export function createAuthKratosPlugin(options: AuthKratosOptions = {}) {
  return definePlugin({
    name: 'auth-kratos',
    version: '1.0.0',
    engine: '^1.0.0',
    capabilities: ['auth'],
    register(context) {
      const settings = options.settings ?? kratosSettingsFromEnv(process.env);
      if (settings === null) {
        if (process.env.MIRAI_AUTH_PROVIDER?.trim() === context.name)
          throw new Error(`MIRAI_KRATOS_PUBLIC_URL must be set when MIRAI_AUTH_PROVIDER is ${context.name} (see plugins/auth-kratos/README.md)`);
        context.logger.debug('auth-kratos: MIRAI_KRATOS_PUBLIC_URL is not set, so this plugin provides no auth');
        return;
      }
      context.provide('auth', createKratosSessionProvider({ settings, ...(options.lookup === undefined ? {} : { lookup: options.lookup }) }));
      context.logger.info('auth-kratos: checking sessions with Kratos', {
        publicUrl: settings.publicUrl,
        browserUrl: settings.browserUrl,
        cacheTtlMs: settings.cacheTtlMs,
      });
    },
  });
}

export default createAuthKratosPlugin();
