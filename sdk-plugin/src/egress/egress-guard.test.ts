import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refusedBecause } from './address-policy.ts';
import { parseEgressAllowList } from './allow-list.ts';
import { createEgressGuard } from './egress-guard.ts';

/** A loopback HTTP server that answers with its own name and counts what it received. */
async function listen(host: string, name: string): Promise<{ server: Server; port: number; hits: string[] }> {
  const hits: string[] = [];
  const server = createServer((req, res) => {
    hits.push(`${req.method} ${req.url} ${req.headers.authorization ?? ''}`);
    res.setHeader('content-type', 'text/plain');
    res.end(`internal secret of ${name}`);
  });
  await new Promise<void>((done) => server.listen(0, host, done));
  return { server, port: (server.address() as AddressInfo).port, hits };
}

let first: Awaited<ReturnType<typeof listen>>;
let second: Awaited<ReturnType<typeof listen>>;

beforeAll(async () => {
  first = await listen('127.0.0.1', 'first');
  // 127.0.0.2 is loopback too on Linux: a second, distinguishable internal service.
  second = await listen('127.0.0.2', 'second');
});
afterAll(async () => {
  for (const { server } of [first, second]) await new Promise((done) => server.close(done));
});

const refusal = { name: 'PluginError', code: 'MIRAI_ERR_PLUGIN_EGRESS_REFUSED' };

describe('the egress guard', () => {
  it('refuses loopback by default, over fetch and over the agents, before anything is sent', async () => {
    const guard = createEgressGuard();
    await expect(guard.fetch(`http://127.0.0.1:${first.port}/`)).rejects.toMatchObject(refusal);
    await expect(guard.fetch(`https://127.0.0.1:${first.port}/`)).rejects.toMatchObject(refusal);
    await expect(guard.fetch(`http://[::ffff:127.0.0.1]:${first.port}/`)).rejects.toMatchObject(refusal);
    const viaAgent = new Promise((resolve, reject) => {
      const outgoing = request({ host: '127.0.0.1', port: first.port, agent: guard.httpAgent }, resolve);
      outgoing.on('error', reject);
      outgoing.end();
    });
    await expect(viaAgent).rejects.toMatchObject(refusal);
    expect(first.hits).toEqual([]);
  });

  it('refuses a host name that resolves to loopback (localhost, or any name)', async () => {
    await expect(createEgressGuard().fetch(`http://localhost:${first.port}/`)).rejects.toMatchObject(refusal);
    const guard = createEgressGuard({ resolve: async () => [{ address: '127.0.0.1', family: 4 }] });
    await expect(guard.fetch(`https://internal.example.com:${first.port}/`)).rejects.toMatchObject(refusal);
    expect(first.hits).toEqual([]);
  });

  it('reaches an address or host the operator allowed, over plain http', async () => {
    const byAddress = createEgressGuard({ allow: `127.0.0.1:${first.port}` });
    const response = await byAddress.fetch(`http://127.0.0.1:${first.port}/ok`, { headers: { authorization: 'Bearer x' } });
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('internal secret of first');
    // The allowance is for that port only.
    await expect(byAddress.fetch(`http://127.0.0.2:${second.port}/`)).rejects.toMatchObject(refusal);
    const byName = createEgressGuard({ allow: 'localhost' });
    expect((await byName.fetch(`http://localhost:${first.port}/by-name`, { method: 'POST', body: 'x' })).status).toBe(200);
    expect(first.hits).toEqual(['GET /ok Bearer x', 'POST /by-name ']);
  });

  it('connects to the address it checked, so a second DNS answer (rebinding) is never used', async () => {
    const answers = [
      { address: '127.0.0.1', family: 4 },
      { address: '127.0.0.2', family: 4 },
    ];
    let resolutions = 0;
    const guard = createEgressGuard({
      allow: '127.0.0.1/32',
      resolve: async () => [answers[Math.min(resolutions++, 1)] ?? { address: '127.0.0.2', family: 4 }],
    });
    const response = await guard.fetch(`http://rebind.example.test:${first.port}/`);
    expect(await response.text()).toBe('internal secret of first');
    expect(resolutions).toBe(1);
    await expect(guard.fetch(`http://rebind.example.test:${second.port}/`)).rejects.toMatchObject(refusal);
    expect(second.hits).toEqual([]);
  });

  it('refuses non-http schemes and names that do not resolve', async () => {
    const guard = createEgressGuard();
    await expect(guard.fetch('file:///etc/passwd')).rejects.toMatchObject(refusal);
    await expect(guard.check('https://no-such-host.invalid/')).rejects.toMatchObject(refusal);
  });
});

describe('the address policy', () => {
  it.each([
    '127.0.0.1',
    '10.1.2.3',
    '172.31.255.255',
    '192.168.0.1',
    '100.64.0.1',
    '169.254.169.254',
    '0.0.0.0',
    '224.0.0.1',
    '::1',
    '::',
    'fd00:ec2::254',
    'fc00::1',
    'fe80::1',
    'ff02::1',
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '::ffff:a9fe:a9fe',
    '::127.0.0.1',
    '64:ff9b::a9fe:a9fe',
  ])('refuses %s', (address) => {
    expect(refusedBecause(address)).not.toBeNull();
  });

  it.each(['8.8.8.8', '142.250.74.110', '2001:4860:4860::8888', '::ffff:8.8.8.8', '172.32.0.1', '100.128.0.1'])('allows %s', (address) => {
    expect(refusedBecause(address)).toBeNull();
  });

  it('parses the operator allow-list and names a bad entry', () => {
    expect(parseEgressAllowList('minio:9000, 10.0.0.0/8 [fd00::5]:443 fd00::/8').map((rule) => [rule.kind, rule.port])).toEqual([
      ['host', 9000],
      ['cidr', null],
      ['cidr', 443],
      ['cidr', null],
    ]);
    expect(() => parseEgressAllowList('minio:99999')).toThrow(/minio:99999/);
    expect(() => parseEgressAllowList('10.0.0.0/40')).toThrow(/10.0.0.0\/40/);
  });
});
