import { CertificateSchema, SigningKeySchema } from '../certificates/certificate.entity.ts';
import { EmailChangeSchema, PasswordResetSchema } from '../identity/recovery/account-links.entity.ts';

/**
 * Entities of the people module (account recovery, certificates). None is under the `tenant`
 * filter: account links belong to users across organisations, and tenant-owned rows here are
 * scoped by an explicit `tenantId` in every query (certificates are also verified publicly by id).
 */
export const PEOPLE_ENTITIES = [PasswordResetSchema, EmailChangeSchema, CertificateSchema, SigningKeySchema];
