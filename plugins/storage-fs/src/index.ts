import { resolve } from 'node:path';
import { definePlugin } from '@mirai/sdk-plugin';
import { FsObjectStore } from './fs-object-store.ts';
import { maxUploadBytesFromEnv, type StorageFsOptions } from './fs-settings.ts';
import { createFsStorageProvider } from './fs-storage-provider.ts';
import { objectRoutes } from './object-routes.ts';
import { signingKeyLoader } from './url-signing.ts';

export { attachmentDisposition } from './content-disposition.ts';
export { FsObjectStore } from './fs-object-store.ts';
export { DEFAULT_MAX_UPLOAD_BYTES, type StorageFsOptions } from './fs-settings.ts';
export { createFsStorageProvider, type FsStorageProviderDeps } from './fs-storage-provider.ts';
export { assertValidKey, MAX_EXPIRES_SECONDS } from './input-validation.ts';
export { canonicalGrant, SIGNING_KEY_STATE, signGrant, type UrlGrant } from './url-signing.ts';

/** The plugin with explicit settings (tests, embedding); the default export reads the environment. */
export function createStorageFsPlugin(options: StorageFsOptions = {}) {
  return definePlugin({
    name: 'storage-fs',
    version: '1.0.0',
    engine: '^1.0.0',
    capabilities: ['storage'],
    register(context) {
      // Default: the plugin's own data directory, which follows the server's MIRAI_DATA_DIR.
      const root = resolve(options.root ?? process.env.MIRAI_STORAGE_FS_ROOT ?? context.dataDir);
      const maxUploadBytes = options.maxUploadBytes ?? maxUploadBytesFromEnv(process.env.MIRAI_STORAGE_FS_MAX_UPLOAD_BYTES);
      const store = new FsObjectStore(root);
      const signingKey = signingKeyLoader(context.state, context.logger);
      for (const route of objectRoutes({ store, signingKey, maxUploadBytes })) context.http.route(route);
      context.provide('storage', createFsStorageProvider({ store, signingKey, baseUrl: context.http.baseUrl, maxUploadBytes }));
      context.logger.info('storage-fs: storing objects on local disk', { root, maxUploadBytes });
    },
  });
}

export default createStorageFsPlugin();
