import { describe, expect, it } from 'vitest';
import * as sdk from '../index.ts';
import * as sandboxSdk from './sdk-entry.ts';

/**
 * Runtime exports of the SDK a sandboxed plugin does not get, and why. Everything else the SDK
 * exports must be in the sandbox's copy, or a plugin that runs trusted fails to bundle sandboxed.
 */
const HOST_ONLY: Record<string, string> = {
  createEgressGuard: 'Node sockets and DNS; a sandboxed plugin reaches the network only through context.egress, which the host guards',
  parseEgressAllowList: 'node:net; allow lists are applied by the host',
  hostAllowed: 'node:net; allow lists are applied by the host',
  addressAllowed: 'node:net; allow lists are applied by the host',
  isEngineCompatible: 'the host checks engine ranges before it loads a plugin; it would add semver to every bundle',
};

describe("the sandbox's copy of @mirai/sdk-plugin", () => {
  it('exports every runtime export of the SDK but the host-only ones, and nothing else', () => {
    const expected = Object.keys(sdk)
      .filter((name) => !(name in HOST_ONLY))
      .sort();
    expect(Object.keys(sandboxSdk).sort()).toEqual(expected);
  });

  it('excludes only names the SDK still exports', () => {
    for (const name of Object.keys(HOST_ONLY)) expect(Object.keys(sdk)).toContain(name);
  });

  it('exports the very same values, not copies', () => {
    for (const [name, value] of Object.entries(sandboxSdk)) expect(value).toBe((sdk as Record<string, unknown>)[name]);
  });
});
