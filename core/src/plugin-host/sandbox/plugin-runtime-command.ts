import { pino } from 'pino';
import type { MiraiConfig } from '../../config/config.ts';
import { MiraiError } from '../../errors/mirai-error.ts';
import { createPluginRuntimeServer } from './plugin-runtime-server.ts';

/** The runtime's port when MIRAI_PLUGIN_RUNTIME_URL does not name one. */
export const DEFAULT_RUNTIME_PORT = 7070;

/**
 * `mirai plugin-runtime`: serves the sandboxes on HOST and the port of MIRAI_PLUGIN_RUNTIME_URL
 * until SIGTERM. It reads no DATABASE_URL, REDIS_URL or MIRAI_SECRET_KEY and opens nothing of them.
 */
export async function runPluginRuntime(config: MiraiConfig): Promise<void> {
  const { url, token } = config.pluginRuntime;
  if (token === undefined)
    throw new MiraiError('MIRAI_ERR_CONFIG_INVALID', 'MIRAI_PLUGIN_RUNTIME_TOKEN must be set for `mirai plugin-runtime`', {
      extensions: { variable: 'MIRAI_PLUGIN_RUNTIME_TOKEN' },
    });
  const logger = pino({ level: config.logLevel, base: { service: 'plugin-runtime' } });
  const port = url === undefined || new URL(url).port === '' ? DEFAULT_RUNTIME_PORT : Number(new URL(url).port);
  const server = createPluginRuntimeServer({ token, logger, callTimeoutMs: config.sandboxCallTimeoutMs, memoryLimitMb: config.sandboxMemoryMb });
  const address = await server.listen(port, config.host);
  const stop = (signal: string) => {
    logger.info({ signal }, 'plugin runtime: stopping its sandboxes');
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
  logger.info({ host: address.address, port: address.port }, 'Mirai plugin runtime ready');
}
