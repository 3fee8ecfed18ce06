import { definePlugin } from '@mirai/sdk-plugin';
import { createKratosSessionProvider, type SessionLookup } from './kratos-session-provider.ts';
import { instanceConfigSchema, type KratosInstanceConfig, kratosSettings } from './kratos-settings.ts';

export { createKratosSessionProvider, frontendApi, type KratosProviderOptions, type SessionLookup } from './kratos-session-provider.ts';
export {
  DEFAULT_CACHE_TTL_SECONDS,
  DEFAULT_SESSION_COOKIE,
  instanceConfigSchema,
  type KratosInstanceConfig,
  type KratosSettings,
  kratosSettings,
} from './kratos-settings.ts';

export interface AuthKratosOptions {
  /** How sessions are looked up (tests); by default Kratos' FrontendApi. */
  lookup?: SessionLookup;
}

/**
 * The plugin. It is discovered on every server, so without a `publicUrl` (MIRAI_KRATOS_PUBLIC_URL) it
 * stays idle and provides nothing, unless it is the deployment's identity provider: then start-up
 * fails naming the missing variable.
 */
export function createAuthKratosPlugin(options: AuthKratosOptions = {}) {
  return definePlugin({
    name: 'auth-kratos',
    version: '1.0.0',
    engine: '^1.0.0',
    capabilities: ['auth'],
    instanceConfigSchema,
    register(context) {
      const settings = kratosSettings(context.instanceConfig);
      if (settings === null) {
        if ((context.instanceConfig as KratosInstanceConfig).authProvider === context.name)
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
