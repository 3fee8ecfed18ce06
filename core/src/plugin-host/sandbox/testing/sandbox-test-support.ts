// Shared by the sandbox's test files (in-process workerd, the plugin runtime, the attack suite).
import { readdirSync, readFileSync } from 'node:fs';
import type { JsonValue, PluginStateStore } from '@mirai/sdk-plugin';
import type { TestPlugin } from '@mirai/sdk-plugin/testing';
import { aiProviderContract } from '@mirai/sdk-plugin/testing/ai-provider-contract';
import { exporterContract } from '@mirai/sdk-plugin/testing/exporter-contract';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** Host-side state per (plugin, organisation), as the composition root keeps it in plugin_state. */
export function memoryPluginState(): {
  store: Map<string, JsonValue>;
  state: (plugin: string, tenantId: string) => PluginStateStore;
} {
  const store = new Map<string, JsonValue>();
  return {
    store,
    state: (plugin, tenantId) => ({
      get: async (key) => store.get(`${plugin}/${tenantId}/${key}`) ?? null,
      set: async (key, value) => void store.set(`${plugin}/${tenantId}/${key}`, value),
      delete: async (key) => void store.delete(`${plugin}/${tenantId}/${key}`),
    }),
  };
}

/** Runs the SDK's AI-provider and exporter contracts against one loaded plugin, as organisation org-a. */
export function runPluginContracts(label: string, host: () => Promise<TestPlugin>): void {
  const api = { describe, it, expect, beforeAll, afterAll };
  const tenantOf = (plugin: TestPlugin) => (signal?: AbortSignal) => ({
    ...plugin.tenant({}, 'org-a'),
    ...(signal === undefined ? {} : { signal }),
  });
  aiProviderContract(api, label, async () => {
    const plugin = await host();
    return { ai: plugin.extension('ai'), tenant: tenantOf(plugin), teardown: async () => {} };
  });
  exporterContract(api, label, async () => {
    const plugin = await host();
    return { exporter: plugin.extension('exporter'), tenant: tenantOf(plugin), teardown: async () => {} };
  });
}

/** CPU time (ms, all threads) of each workerd process this process started, by pid (Linux /proc). */
function childWorkerdCpu(): Map<number, number> {
  const found = new Map<number, number>();
  for (const entry of readdirSync('/proc').filter((name) => /^\d+$/.test(name))) {
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')) !== 'workerd' || Number(fields[1]) !== process.pid) continue;
      let cpuNs = 0;
      for (const thread of readdirSync(`/proc/${entry}/task`))
        cpuNs += Number(readFileSync(`/proc/${entry}/task/${thread}/schedstat`, 'utf8').split(' ')[0]);
      found.set(Number(entry), cpuNs / 1e6);
    } catch {
      // Ended while being read.
    }
  }
  return found;
}

/**
 * A meter of the CPU time this process's sandboxes burn from now on: what killed processes had
 * burned when last seen counts too, so a sandbox restarted meanwhile does not set it back.
 */
export function sandboxCpuMeter(): () => number {
  const start = childWorkerdCpu();
  const last = new Map(start);
  return () => {
    for (const [pid, ms] of childWorkerdCpu()) last.set(pid, ms);
    let burned = 0;
    for (const [pid, ms] of last) burned += ms - (start.get(pid) ?? 0);
    return burned;
  };
}
