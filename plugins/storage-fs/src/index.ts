import { resolve } from 'node:path';
import { definePlugin } from '@mirai/sdk-plugin';
import { FsObjectStore } from './fs-object-store.ts';
import { instanceConfigSchema, storageFsSettings } from './fs-settings.ts';
import { createFsStorageProvider } from './fs-storage-provider.ts';
import { objectRoutes } from './object-routes.ts';
import { signingKeyLoader } from './url-signing.ts';

export { attachmentDisposition } from './content-disposition.ts';
export { FsObjectStore } from './fs-object-store.ts';
export { DEFAULT_MAX_UPLOAD_BYTES, instanceConfigSchema, type StorageFsInstanceConfig, storageFsSettings } from './fs-settings.ts';
export { createFsStorageProvider, type FsStorageProviderDeps } from './fs-storage-provider.ts';
export { assertValidKey, MAX_EXPIRES_SECONDS } from './input-validation.ts';
export { canonicalGrant, SIGNING_KEY_STATE, signGrant, type UrlGrant } from './url-signing.ts';

export default definePlugin({
  name: 'storage-fs',
  version: '1.0.0',
  engine: '^1.0.0',
  capabilities: ['storage'],
  instanceConfigSchema,
  register(context) {
    const settings = storageFsSettings(context.instanceConfig, context.dataDir);
    const root = resolve(settings.root);
    const { maxUploadBytes } = settings;
    const store = new FsObjectStore(root);
    const signingKey = signingKeyLoader(context.state, context.logger);
    for (const route of objectRoutes({ store, signingKey, maxUploadBytes })) context.http.route(route);
    context.provide('storage', createFsStorageProvider({ store, signingKey, baseUrl: context.http.baseUrl, maxUploadBytes }));
    context.logger.info('storage-fs: storing objects on local disk', { root, maxUploadBytes });
  },
});
