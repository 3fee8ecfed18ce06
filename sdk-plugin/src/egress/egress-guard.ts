import { lookup } from 'node:dns/promises';
import * as http from 'node:http';
import * as https from 'node:https';
import { isIP } from 'node:net';
import type { Duplex } from 'node:stream';
import { PluginError } from '../errors.ts';
import { refusedBecause } from './address-policy.ts';
import { type AllowRule, addressAllowed, hostAllowed, parseEgressAllowList } from './allow-list.ts';
import { guardedFetch } from './guarded-fetch.ts';

/**
 * What the host gives a plugin for requests whose destination a tenant can choose (`context.egress`):
 * each connection is checked after DNS resolution and made to the address that was checked.
 */
export interface PluginEgress {
  /** `fetch` through the guard (redirects are not followed: a 3xx comes back as is). */
  readonly fetch: typeof globalThis.fetch;
  /** For libraries that take a Node agent (minio `transportAgent`, Stripe `createNodeHttpClient`). */
  readonly httpAgent: http.Agent;
  readonly httpsAgent: https.Agent;
  /** Resolves and checks a destination without connecting; rejects with MIRAI_ERR_PLUGIN_EGRESS_REFUSED. */
  check(url: string | URL): Promise<{ address: string; family: 4 | 6 }>;
}

export interface EgressGuardOptions {
  /** Operator exceptions (`MIRAI_EGRESS_ALLOW`): hosts, host:port, IPs, CIDRs. Nothing by default. */
  allow?: string | readonly string[] | readonly AllowRule[];
  /** DNS resolution; tests substitute one. Default: the system resolver, every address. */
  resolve?: (host: string) => Promise<Array<{ address: string; family: number }>>;
}

const systemResolve = (host: string) => lookup(host, { all: true, verbatim: true });

function refused(target: string, why: string): PluginError {
  return new PluginError(
    'MIRAI_ERR_PLUGIN_EGRESS_REFUSED',
    `Outbound request to ${target} refused: ${why}. An operator can allow it with MIRAI_EGRESS_ALLOW.`,
  );
}

function rulesOf(allow: EgressGuardOptions['allow']): readonly AllowRule[] {
  if (allow === undefined) return [];
  if (typeof allow === 'string') return parseEgressAllowList(allow);
  return allow.every((entry) => typeof entry === 'string') ? parseEgressAllowList(allow as readonly string[]) : (allow as readonly AllowRule[]);
}

/** Builds the guard: https to public addresses only, unless an allow rule says otherwise. */
export function createEgressGuard(options: EgressGuardOptions = {}): PluginEgress {
  const rules = rulesOf(options.allow);
  const resolve = options.resolve ?? systemResolve;

  /** The address to connect to for `host:port` over `protocol`, or a refusal. */
  async function destination(protocol: string, rawHost: string, port: number): Promise<{ address: string; family: 4 | 6 }> {
    const host = rawHost
      .replace(/^\[(.*)\]$/, '$1')
      .toLowerCase()
      .replace(/\.$/, '');
    const target = `${host.includes(':') ? `[${host}]` : host}:${port}`;
    if (protocol !== 'https:' && protocol !== 'http:') throw refused(target, `the scheme "${protocol}" is not allowed`);
    const named = hostAllowed(rules, host, port);
    const literal = isIP(host);
    const candidates = literal !== 0 ? [{ address: host, family: literal }] : await resolve(host).catch(() => []);
    if (candidates.length === 0) throw refused(target, 'the host name does not resolve');
    let why = '';
    for (const candidate of candidates) {
      const family = candidate.family === 6 ? 6 : 4;
      if (named || addressAllowed(rules, candidate.address, port)) return { address: candidate.address, family };
      const reason = refusedBecause(candidate.address);
      if (reason === null && protocol === 'https:') return { address: candidate.address, family };
      why ||= reason === null ? 'plain http is only allowed to destinations in MIRAI_EGRESS_ALLOW' : `${candidate.address} is ${reason}`;
    }
    throw refused(target, why);
  }

  /** Overrides an agent's socket creation: resolve and check first, then connect to that address. */
  function guard<A extends http.Agent>(agent: A, protocol: 'http:' | 'https:'): A {
    const create = agent.createConnection.bind(agent);
    agent.createConnection = (connectOptions, callback) => {
      const port = Number(connectOptions.port ?? (protocol === 'https:' ? 443 : 80));
      const host = String(connectOptions.host ?? connectOptions.hostname ?? 'localhost');
      destination(protocol, host, port).then(
        ({ address, family }) => {
          // `servername` (TLS SNI and certificate check) stays the name from the URL.
          const socket = create({ ...connectOptions, host: address, family }, callback) as Duplex | null | undefined;
          if (socket !== null && socket !== undefined) callback?.(null, socket);
        },
        (error: Error) => callback?.(error, undefined as unknown as Duplex),
      );
      return undefined;
    };
    return agent;
  }

  const httpAgent = guard(new http.Agent({ keepAlive: true }), 'http:');
  const httpsAgent = guard(new https.Agent({ keepAlive: true }), 'https:');
  return {
    httpAgent,
    httpsAgent,
    fetch: guardedFetch(httpAgent, httpsAgent, (url) => refused(url.origin, `the scheme "${url.protocol}" is not allowed`)),
    check(url) {
      const parsed = new URL(url);
      const port = parsed.port === '' ? (parsed.protocol === 'http:' ? 80 : 443) : Number(parsed.port);
      return destination(parsed.protocol, parsed.hostname, port);
    },
  };
}
