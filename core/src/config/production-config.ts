import { isIP } from 'node:net';
import type { MiraiError } from '../errors/mirai-error.ts';
import type { MiraiConfig } from './config.ts';
import { invalid } from './config-parsers.ts';
import type { ConfigVariableName } from './config-variables.ts';

const invalidVariable: (name: ConfigVariableName, why: string) => MiraiError = invalid;

/** Loopback is only reachable from the machine itself, so plain http there exposes nothing on the network. */
function isLoopback(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '');
  if (host === 'localhost' || host.endsWith('.localhost')) return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  return host === '::1';
}

function requireHttps(name: ConfigVariableName, value: string): void {
  const url = URL.parse(value);
  if (url === null) throw invalidVariable(name, `holds ${value}, which is not a URL`);
  if (url.protocol === 'http:' && !isLoopback(url.hostname))
    throw invalidVariable(name, `is ${value}: \`mirai start\` and \`mirai worker\` need an https URL (plain http is accepted for localhost only)`);
}

/**
 * `mirai start` and `mirai worker` are how a deployment runs, so they refuse the defaults that only
 * make sense on a laptop: the embedded database, a generated secret key, plain-http public URLs and
 * CORS open to every origin. `mirai dev`, or `start --embedded`, keeps those defaults.
 */
export function assertProductionConfig(config: MiraiConfig, command: 'start' | 'worker'): void {
  if (config.databaseUrl === undefined)
    throw invalidVariable(
      'DATABASE_URL',
      command === 'worker'
        ? 'must be set for `mirai worker`; the embedded database runs its jobs inside `mirai dev` or `mirai start --embedded`'
        : 'must be set for `mirai start`; use `mirai dev`, or `mirai start --embedded`, to run on the embedded database',
    );
  if (config.secretKey === undefined)
    throw invalidVariable(
      'MIRAI_SECRET_KEY',
      'must be set in server mode; a generated key is for the embedded database only (openssl rand -base64 32)',
    );
  requireHttps('MIRAI_PUBLIC_URL', config.publicUrl);
  requireHttps('MIRAI_APP_URL', config.appUrl);
  if (config.corsOrigins.some((origin) => origin.includes('*')))
    throw invalidVariable('MIRAI_CORS_ORIGINS', 'must list origins, not a wildcard: the API sends credentials (cookies) cross-origin');
  for (const origin of config.corsOrigins) requireHttps('MIRAI_CORS_ORIGINS', origin);
}
