import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { PluginHttpResponse, PresignedRequest } from '@mirai/sdk-plugin';
import { createTestHost, type TestPlugin } from '@mirai/sdk-plugin/testing';
import type { PresignedResponse, StorageContractSubject } from '@mirai/sdk-plugin/testing/storage-contract';
import storageFs, { type StorageFsInstanceConfig } from '../index.ts';

export const BASE_URL = 'http://mirai.test';

export async function responseBytes(body: PluginHttpResponse['body']): Promise<Uint8Array> {
  if (body === undefined) return new Uint8Array();
  if (typeof body === 'string') return new TextEncoder().encode(body);
  if (body instanceof Uint8Array) return body;
  const chunks: Uint8Array[] = [];
  for await (const chunk of body) chunks.push(chunk);
  return Buffer.concat(chunks);
}

/** Sends a presigned request to the plugin's routes the way the core would, from the absolute URL. */
export async function fetchThroughHost(
  host: TestPlugin,
  request: { url: string; method: 'PUT' | 'GET'; headers: Record<string, string> },
  body?: Uint8Array,
): Promise<PresignedResponse> {
  const url = new URL(request.url);
  const mount = new URL(`${BASE_URL}/v1/plugins/storage-fs/routes`).pathname;
  if (url.origin !== BASE_URL || !url.pathname.startsWith(`${mount}/`)) throw new Error(`${request.url} is not below the plugin's routes`);
  const response = await host.request(request.method, url.pathname.slice(mount.length), {
    headers: request.headers,
    query: Object.fromEntries(url.searchParams),
    ...(body === undefined ? {} : { body }),
  });
  const headers = Object.fromEntries(Object.entries(response.headers ?? {}).map(([name, value]) => [name.toLowerCase(), value]));
  return { status: response.status, headers, body: await responseBytes(response.body) };
}

export interface FsTestHost {
  host: TestPlugin;
  root: string;
  subject: StorageContractSubject;
}

export async function startFsTestHost(options: Omit<StorageFsInstanceConfig, 'root'> = {}): Promise<FsTestHost> {
  const root = await mkdtemp(join(tmpdir(), 'mirai-storage-fs-'));
  const host = await createTestHost(storageFs, { baseUrl: BASE_URL, instanceConfig: { ...options, root } });
  const subject: StorageContractSubject = {
    storage: host.extension('storage'),
    tenant: host.tenant({}, 'tenant-a'),
    otherTenant: host.tenant({}, 'tenant-b'),
    fetchPresigned: (request: PresignedRequest, body?: Uint8Array) => fetchThroughHost(host, request, body),
    teardown: async () => {
      await host.stop();
      await rm(root, { recursive: true, force: true });
    },
  };
  return { host, root, subject };
}
