import { isIP } from 'node:net';
import { addressBytes, type Cidr, inCidr, parseCidr } from './address-policy.ts';

/** One operator exception: a host name, or an address range, optionally on one port. */
export type AllowRule = { kind: 'host'; host: string; port: number | null } | { kind: 'cidr'; cidr: Cidr; port: number | null };

function port(text: string | undefined, entry: string): number | null {
  if (text === undefined) return null;
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < 1 || value > 65_535) throw new Error(`MIRAI_EGRESS_ALLOW: "${entry}" has an invalid port`);
  return value;
}

/**
 * Parses `MIRAI_EGRESS_ALLOW`-style entries (comma- or space-separated): `minio`, `minio:9000`,
 * `10.0.0.0/8`, `192.168.1.5:9000`, `[fd00::5]:443`, `fd00::/8`. An entry lets requests reach that
 * host or those addresses even when private or loopback, and over plain http.
 */
export function parseEgressAllowList(entries: string | readonly string[]): AllowRule[] {
  const list = typeof entries === 'string' ? entries.split(/[\s,]+/) : entries;
  return list
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '')
    .map((entry): AllowRule => {
      const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(entry);
      if (bracketed !== null) {
        const cidr = parseCidr(bracketed[1] ?? '');
        if (cidr === null) throw new Error(`MIRAI_EGRESS_ALLOW: "${entry}" is not an IPv6 address`);
        return { kind: 'cidr', cidr, port: port(bracketed[2], entry) };
      }
      if (entry.includes('/') || isIP(entry) === 6) {
        const cidr = parseCidr(entry);
        if (cidr === null) throw new Error(`MIRAI_EGRESS_ALLOW: "${entry}" is not an address range`);
        return { kind: 'cidr', cidr, port: null };
      }
      const [host = '', portText, extra] = entry.split(':');
      if (extra !== undefined || !/^[a-z0-9.-]+$/i.test(host)) throw new Error(`MIRAI_EGRESS_ALLOW: "${entry}" is not a host, host:port or CIDR`);
      const cidr = isIP(host) === 4 ? parseCidr(host) : null;
      return cidr === null
        ? { kind: 'host', host: host.toLowerCase().replace(/\.$/, ''), port: port(portText, entry) }
        : { kind: 'cidr', cidr, port: port(portText, entry) };
    });
}

const portMatches = (rule: AllowRule, target: number) => rule.port === null || rule.port === target;

/** Whether the operator allowed this host name (as written in the URL) on this port. */
export function hostAllowed(rules: readonly AllowRule[], host: string, target: number): boolean {
  return rules.some((rule) => rule.kind === 'host' && rule.host === host && portMatches(rule, target));
}

/** Whether the operator allowed this resolved address on this port. */
export function addressAllowed(rules: readonly AllowRule[], address: string, target: number): boolean {
  const bytes = addressBytes(address);
  return bytes !== null && rules.some((rule) => rule.kind === 'cidr' && inCidr(bytes, rule.cidr) && portMatches(rule, target));
}
