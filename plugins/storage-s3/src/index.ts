import { definePlugin } from '@mirai/sdk-plugin';
import { S3Connections } from './s3-connections.ts';
import { configSchema } from './s3-settings.ts';
import { createS3StorageProvider, type S3StorageProviderOptions } from './s3-storage-provider.ts';

export { S3Connections } from './s3-connections.ts';
export { configSchema, DEFAULT_PREFIX, DEFAULT_REGION, parseS3Config, type S3Settings } from './s3-settings.ts';
export { createS3StorageProvider, type S3StorageProviderOptions, SHA256_META } from './s3-storage-provider.ts';
export { type PresignV4Input, presignV4 } from './sigv4-presign.ts';

/** The plugin with explicit provider settings (tests); the default export uses the defaults. */
export function createStorageS3Plugin(options: Pick<S3StorageProviderOptions, 'singlePutLimit' | 'partSize'> = {}) {
  return definePlugin({
    name: 'storage-s3',
    version: '1.0.0',
    engine: '^1.0.0',
    capabilities: ['storage'],
    configSchema,
    register(context) {
      context.provide('storage', createS3StorageProvider({ ...options, connections: new S3Connections(context.egress), logger: context.logger }));
    },
  });
}

export default createStorageS3Plugin();
