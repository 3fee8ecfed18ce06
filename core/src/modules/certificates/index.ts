import { defineModule } from '../mirai-module.ts';
import { CertificateSchema, SigningKeySchema } from './certificate.entity.ts';
import { certificatesRoutes } from './certificates.routes.ts';
import type { CertificatesService } from './certificates.service.ts';

/**
 * Course certificates (PDF and Open Badge credential) and the keys that sign them. Not under the
 * `tenant` filter: certificates are verified publicly by id, and every other query names its tenant.
 */
export const certificatesModule = defineModule<{ certificates: CertificatesService }>({
  name: 'certificates',
  entities: { tenantOwned: [], instanceWide: [CertificateSchema, SigningKeySchema] },
  routes: async (app, { certificates }) => {
    await app.register(certificatesRoutes, { certificates });
  },
});
