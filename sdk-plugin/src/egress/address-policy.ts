import { isIP } from 'node:net';

/**
 * Which network addresses an outbound request may reach. Addresses are compared as 16 bytes
 * (IPv4 as IPv4-mapped IPv6), so `::ffff:127.0.0.1`, `::ffff:7f00:1` and `127.0.0.1` are one address.
 */
type Bytes = Uint8Array;

function ipv4Bytes(address: string): number[] {
  return address.split('.').map(Number);
}

/** The 16 bytes of an IPv4 or IPv6 literal (IPv4 mapped into ::ffff:0:0/96); null if not an IP. */
export function addressBytes(literal: string): Bytes | null {
  const address = literal.replace(/^\[(.*)\]$/, '$1').replace(/%.*$/, '');
  const family = isIP(address);
  if (family === 4) return Uint8Array.from([0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, ...ipv4Bytes(address)]);
  if (family !== 6) return null;
  // An embedded dotted quad (::ffff:1.2.3.4) becomes two hextets.
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(address)?.[1];
  let text = address;
  if (dotted !== undefined) {
    const [a = 0, b = 0, c = 0, d = 0] = ipv4Bytes(dotted);
    text = `${address.slice(0, -dotted.length)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = '', tail] = text.split('::');
  const left = head === '' ? [] : head.split(':');
  const right = tail === undefined || tail === '' ? [] : tail.split(':');
  const hextets = [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right].map((h) => Number.parseInt(h, 16));
  return Uint8Array.from(hextets.flatMap((h) => [h >> 8, h & 0xff]));
}

export interface Cidr {
  bytes: Bytes;
  /** Prefix length over the 16-byte form. */
  bits: number;
}

/** `10.0.0.0/8`, `fc00::/7` or a single address; null if not one. */
export function parseCidr(text: string): Cidr | null {
  const [address = '', length] = text.split('/');
  const bytes = addressBytes(address);
  if (bytes === null) return null;
  const v4 = isIP(address.replace(/^\[(.*)\]$/, '$1')) === 4;
  const max = v4 ? 32 : 128;
  const prefix = length === undefined ? max : Number(length);
  if (!Number.isInteger(prefix) || prefix < 0 || prefix > max || (length !== undefined && !/^\d+$/.test(length))) return null;
  return { bytes, bits: v4 ? prefix + 96 : prefix };
}

export function inCidr(bytes: Bytes, cidr: Cidr): boolean {
  for (let bit = 0; bit < cidr.bits; bit++) {
    const mask = 0x80 >> (bit % 8);
    const index = Math.floor(bit / 8);
    if (((bytes[index] ?? 0) & mask) !== ((cidr.bytes[index] ?? 0) & mask)) return false;
  }
  return true;
}

const cidrs = (ranges: Array<[string, string]>) =>
  ranges.map(([range, why]) => {
    const cidr = parseCidr(range);
    if (cidr === null) throw new Error(`bad built-in range ${range}`);
    return { cidr, why };
  });

/** Ranges no tenant may aim a request at (checked after DNS resolution). */
const REFUSED = cidrs([
  ['0.0.0.0/8', 'an unspecified ("this network") address'],
  ['10.0.0.0/8', 'a private address'],
  ['100.64.0.0/10', 'a carrier-grade NAT address'],
  ['127.0.0.0/8', 'a loopback address'],
  ['169.254.0.0/16', 'a link-local (cloud metadata) address'],
  ['172.16.0.0/12', 'a private address'],
  ['192.0.0.0/24', 'an IETF protocol address'],
  ['192.168.0.0/16', 'a private address'],
  ['198.18.0.0/15', 'a benchmarking address'],
  ['224.0.0.0/4', 'a multicast address'],
  ['240.0.0.0/4', 'a reserved address'],
  ['::/128', 'the unspecified address'],
  ['::1/128', 'a loopback address'],
  ['64:ff9b::/96', 'a NAT64 address'],
  ['64:ff9b:1::/48', 'a NAT64 address'],
  ['2002::/16', 'a 6to4 address'],
  ['fc00::/7', 'a unique-local (private) address'],
  ['fe80::/10', 'a link-local address'],
  ['fec0::/10', 'a site-local address'],
  ['ff00::/8', 'a multicast address'],
]);

/** Why an address may not be reached, or null when it is a public unicast address. */
export function refusedBecause(address: string): string | null {
  const bytes = addressBytes(address);
  if (bytes === null) return 'not an IP address';
  // IPv4-compatible (::a.b.c.d, deprecated) addresses carry an IPv4 address too.
  const compatible =
    bytes.slice(0, 12).every((b) => b === 0) &&
    bytes.slice(12).some((b) => b !== 0) &&
    !(bytes[15] === 1 && bytes.slice(12, 15).every((b) => b === 0));
  if (compatible) bytes.set([0xff, 0xff], 10);
  return REFUSED.find(({ cidr }) => inCidr(bytes, cidr))?.why ?? null;
}
