import type { ProjectOptions } from '../project-files.ts';

export function storageTemplate(options: ProjectOptions): { index: string; test: string } {
  return {
    index: `import { randomUUID } from 'node:crypto';
import {
  assertValidStorageKey,
  definePlugin,
  type PluginHttpResponse,
  type PresignedRequest,
  type StoredObjectInfo,
  type TenantContext,
} from '@mirai/sdk-plugin';

interface StoredObject {
  info: StoredObjectInfo;
  bytes: Uint8Array;
}

async function readAll(body: Uint8Array | AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  if (body instanceof Uint8Array) return body;
  const chunks: Uint8Array[] = [];
  for await (const chunk of body) chunks.push(chunk);
  return Buffer.concat(chunks);
}

async function* once(bytes: Uint8Array): AsyncIterable<Uint8Array> {
  yield bytes;
}

// Objects live in memory here: replace the Map with your storage service's API.
export default definePlugin({
  name: '${options.name}',
  version: '0.1.0',
  engine: '${options.engine}',
  capabilities: ['storage'],
  register(context) {
    const objects = new Map<string, StoredObject>();
    const grants = new Map<string, { id: string; method: 'GET' | 'PUT'; key: string; contentType: string; expiresAt: Date }>();
    const id = (key: string, tenant: TenantContext) => {
      assertValidStorageKey(key);
      return \`\${tenant.tenantId}/\${key}\`;
    };
    const grant = (method: 'GET' | 'PUT', key: string, contentType: string, seconds: number, tenant: TenantContext): PresignedRequest => {
      const token = randomUUID();
      const expiresAt = new Date(Date.now() + seconds * 1000);
      grants.set(token, { id: id(key, tenant), method, key, contentType, expiresAt });
      const headers: Record<string, string> = method === 'PUT' ? { 'content-type': contentType } : {};
      return { url: \`\${context.http.baseUrl}/objects?token=\${token}\`, method, headers, expiresAt };
    };
    context.http.route({
      method: 'GET',
      path: '/objects',
      handler: async (request): Promise<PluginHttpResponse> => {
        const granted = grants.get(request.query.token ?? '');
        const object = granted !== undefined && granted.method === 'GET' && granted.expiresAt > new Date() ? objects.get(granted.id) : undefined;
        if (object === undefined) return { status: 404, headers: {}, body: '' };
        return { status: 200, headers: { 'content-type': object.info.contentType }, body: object.bytes };
      },
    });
    context.http.route({
      method: 'PUT',
      path: '/objects',
      handler: async (request): Promise<PluginHttpResponse> => {
        const granted = grants.get(request.query.token ?? '');
        if (granted === undefined || granted.method !== 'PUT' || granted.expiresAt <= new Date()) return { status: 403, headers: {}, body: '' };
        grants.delete(request.query.token ?? '');
        const info = { key: granted.key, size: request.rawBody.byteLength, contentType: granted.contentType, lastModified: new Date() };
        objects.set(granted.id, { info, bytes: request.rawBody });
        return { status: 200, headers: {}, body: '' };
      },
    });
    context.provide('storage', {
      async put(key, body, { contentType }, tenant) {
        const bytes = await readAll(body);
        const info = { key, size: bytes.byteLength, contentType, lastModified: new Date() };
        objects.set(id(key, tenant), { info, bytes });
        return info;
      },
      async get(key, tenant) {
        const object = objects.get(id(key, tenant));
        return object === undefined ? null : { info: object.info, body: once(object.bytes) };
      },
      async head(key, tenant) {
        return objects.get(id(key, tenant))?.info ?? null;
      },
      async delete(key, tenant) {
        objects.delete(id(key, tenant));
      },
      async copy(fromKey, toKey, tenant) {
        const object = objects.get(id(fromKey, tenant));
        if (object !== undefined) objects.set(id(toKey, tenant), { info: { ...object.info, key: toKey }, bytes: object.bytes });
      },
      async presignUpload(input, tenant) {
        return grant('PUT', input.key, input.contentType, input.expiresInSeconds, tenant);
      },
      async presignDownload(input, tenant) {
        return grant('GET', input.key, 'application/octet-stream', input.expiresInSeconds, tenant);
      },
    });
  },
});
`,
    test: `import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createTestHost } from '@mirai/sdk-plugin/testing';
import plugin from './index.ts';

test('stores, reads and deletes objects per organisation', async () => {
  const host = await createTestHost(plugin);
  const storage = host.extension('storage');
  const a = host.tenant({}, 'tenant-a');
  const b = host.tenant({}, 'tenant-b');
  await storage.put('notes/one.txt', new TextEncoder().encode('hello'), { contentType: 'text/plain' }, a);
  assert.equal((await storage.head('notes/one.txt', a))?.size, 5);
  assert.equal(await storage.head('notes/one.txt', b), null);
  await storage.delete('notes/one.txt', a);
  assert.equal(await storage.get('notes/one.txt', a), null);
});
`,
  };
}
