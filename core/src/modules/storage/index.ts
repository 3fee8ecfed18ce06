import { defineModule } from '../mirai-module.ts';
import { UploadSchema } from './upload.entity.ts';
import { uploadsRoutes } from './uploads.routes.ts';
import type { UploadsService } from './uploads.service.ts';

/** Uploads to the tenant's storage plugin (presigned), tracked until complete or abandoned. */
export const storageModule = defineModule<{ uploads: UploadsService }>({
  name: 'storage',
  entities: { tenantOwned: [UploadSchema], instanceWide: [] },
  routes: async (app, { uploads }) => {
    await app.register(uploadsRoutes, { uploads });
  },
});
