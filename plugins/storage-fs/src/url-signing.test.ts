import { type JsonValue, PluginError, type PluginLogger, type PluginStateStore } from '@mirai/sdk-plugin';
import { describe, expect, it } from 'vitest';
import { canonicalGrant, grantSignatureMatches, SIGNING_KEY_STATE, signGrant, signingKeyLoader, type UrlGrant } from './url-signing.ts';

const logger: PluginLogger = { debug() {}, info() {}, warn() {}, error() {} };

/** A state store whose reads all happen before any write lands, as with two cores starting at once. */
function racingState(): PluginStateStore & { values: Map<string, JsonValue>; writes: number } {
  const values = new Map<string, JsonValue>();
  let pendingReads: Array<() => void> = [];
  const store = {
    values,
    writes: 0,
    async get(key: string) {
      const snapshot = values.get(key) ?? null;
      if (snapshot === null && pendingReads.length < 1) {
        await new Promise<void>((resolve) => pendingReads.push(resolve));
        return null;
      }
      for (const release of pendingReads) release();
      pendingReads = [];
      return snapshot ?? values.get(key) ?? null;
    },
    async set(key: string, value: JsonValue, options?: { ifAbsent?: boolean }) {
      store.writes++;
      if (options?.ifAbsent === true && values.has(key)) throw new PluginError('MIRAI_ERR_PLUGIN_CONFLICT', `${key} exists`);
      values.set(key, value);
    },
    async delete(key: string) {
      values.delete(key);
    },
  };
  return store;
}

describe('URL signing', () => {
  const grant: UrlGrant = { method: 'PUT', tenant: 't1', key: 'a/b.txt', expires: 1_900_000_000, size: 5, type: 'text/plain' };
  const secret = Buffer.alloc(32, 7);

  it('covers every field of the grant, unambiguously', () => {
    const sig = signGrant(secret, grant);
    expect(grantSignatureMatches(secret, grant, sig)).toBe(true);
    for (const changed of [
      { ...grant, method: 'GET' as const },
      { ...grant, tenant: 't2' },
      { ...grant, key: 'a/c.txt' },
      { ...grant, expires: grant.expires + 1 },
      { ...grant, size: 6 },
      { ...grant, type: 'text/html' },
      { ...grant, name: 'x' },
    ])
      expect(grantSignatureMatches(secret, changed, sig)).toBe(false);
    expect(grantSignatureMatches(Buffer.alloc(32, 8), grant, sig)).toBe(false);
    // Moving a separator between fields must not produce the same canonical string.
    expect(canonicalGrant({ ...grant, tenant: 't1","a', key: 'b.txt' })).not.toBe(canonicalGrant({ ...grant, tenant: 't1', key: 'a","b.txt' }));
  });

  it('rejects malformed signatures without throwing', () => {
    for (const bad of ['', 'x', `${signGrant(secret, grant)}=`, '+'.repeat(43), 'A'.repeat(44)])
      expect(grantSignatureMatches(secret, grant, bad)).toBe(false);
  });

  it('lets two instances that start together agree on one signing key', async () => {
    const state = racingState();
    const [first, second] = await Promise.all([signingKeyLoader(state, logger)(), signingKeyLoader(state, logger)()]);
    expect(state.writes).toBe(2);
    expect(first.equals(second)).toBe(true);
    expect(Buffer.from(String(state.values.get(SIGNING_KEY_STATE)), 'base64url').equals(first)).toBe(true);
  });

  it('loads the key once per instance and retries after a failure', async () => {
    let failures = 1;
    const values = new Map<string, JsonValue>();
    let reads = 0;
    const state: PluginStateStore = {
      async get(key) {
        reads++;
        if (failures-- > 0) throw new Error('database unavailable');
        return values.get(key) ?? null;
      },
      async set(key, value) {
        values.set(key, value);
      },
      async delete() {},
    };
    const load = signingKeyLoader(state, logger);
    await expect(load()).rejects.toThrow('database unavailable');
    const key = await load();
    expect((await load()).equals(key)).toBe(true);
    expect(reads).toBe(2);
  });
});
