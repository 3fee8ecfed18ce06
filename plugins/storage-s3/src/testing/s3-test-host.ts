import { randomUUID } from 'node:crypto';
import type { JsonObject, PresignedRequest } from '@mirai/sdk-plugin';
import { createTestHost, type TestPlugin } from '@mirai/sdk-plugin/testing';
import type { PresignedResponse, StorageContractSubject } from '@mirai/sdk-plugin/testing/storage-contract';
import { createStorageS3Plugin } from '../index.ts';
import { S3RVER_ACCESS_KEY, S3RVER_SECRET_KEY, type S3TestServer, startS3TestServer } from './s3-test-server.ts';

/** Performs a presigned request over real HTTP, as a browser would (fetch sets Content-Length from the body). */
export async function fetchPresigned(request: PresignedRequest, body?: Uint8Array): Promise<PresignedResponse> {
  const headers = Object.fromEntries(Object.entries(request.headers).filter(([name]) => name.toLowerCase() !== 'content-length'));
  const response = await fetch(request.url, { method: request.method, headers, ...(body === undefined ? {} : { body }) });
  return {
    status: response.status,
    headers: Object.fromEntries(response.headers),
    body: new Uint8Array(await response.arrayBuffer()),
  };
}

export interface S3TestHost {
  server: S3TestServer;
  host: TestPlugin;
  config: JsonObject;
  subject: StorageContractSubject;
}

export async function startS3TestHost(
  options: { singlePutLimit?: number; partSize?: number; config?: JsonObject; egressAllow?: string } = {},
): Promise<S3TestHost> {
  const server = await startS3TestServer();
  const host = await createTestHost(
    createStorageS3Plugin({
      ...(options.singlePutLimit === undefined ? {} : { singlePutLimit: options.singlePutLimit }),
      ...(options.partSize === undefined ? {} : { partSize: options.partSize }),
    }),
    // s3rver listens on loopback, which only the operator's allow-list opens.
    { egressAllow: options.egressAllow ?? '127.0.0.1' },
  );
  const config: JsonObject = {
    endpoint: server.endpoint,
    accessKey: S3RVER_ACCESS_KEY,
    secretKey: S3RVER_SECRET_KEY,
    bucket: `mirai-${randomUUID().slice(0, 8)}`,
    ...options.config,
  };
  const subject: StorageContractSubject = {
    storage: host.extension('storage'),
    tenant: host.tenant(config, 'tenant-a'),
    otherTenant: host.tenant(config, 'tenant-b'),
    fetchPresigned,
    teardown: async () => {
      await host.stop();
      await server.close();
    },
  };
  return { server, host, config, subject };
}
