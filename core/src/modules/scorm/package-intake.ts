import type { EntityManager } from '@mikro-orm/postgresql';
import { MiraiError } from '../../errors/mirai-error.ts';
import type { TenantPluginsService } from '../plugins/tenant-plugins.service.ts';
import { tenantStorage } from '../storage/tenant-storage.ts';
import { uploadRecords } from '../storage/upload-records.ts';
import type { UploadsService } from '../storage/uploads.service.ts';
import { contentTypeOf } from './content-types.ts';
import { packageRefusal } from './package-refusal.ts';

const invalid = (message: string, code: 'MIRAI_ERR_REQUEST_VALIDATION' | 'MIRAI_ERR_UPLOAD_INCOMPLETE' = 'MIRAI_ERR_REQUEST_VALIDATION') =>
  new MiraiError(code, `/body/uploadId ${message}`, { fieldErrors: [{ field: '/body/uploadId', message }] });

/**
 * The bytes of an organisation's completed upload that is to become a package (SCORM or cmi5).
 * Refusals name `/body/uploadId`; an upload over `maxZipBytes` is refused before it is read.
 */
export async function readPackageUpload(em: EntityManager, uploads: UploadsService, uploadId: string, maxZipBytes: number): Promise<Uint8Array> {
  const upload = await uploadRecords.upload(em, uploadId);
  if (upload === null) throw invalid('is not an upload of this organisation');
  if (upload.status !== 'complete') throw invalid('is not complete; PUT the file and complete the upload first', 'MIRAI_ERR_UPLOAD_INCOMPLETE');
  if (upload.sizeBytes > maxZipBytes)
    throw packageRefusal('MIRAI_ERR_SCORM_PACKAGE_TOO_LARGE', `The upload has ${upload.sizeBytes} bytes; at most ${maxZipBytes}`, {
      limit: 'zipBytes',
    });
  const read = await uploads.read(em, upload, maxZipBytes);
  if (read === null) throw invalid('has no stored file any more; upload it again', 'MIRAI_ERR_UPLOAD_INCOMPLETE');
  return read.bytes;
}

/**
 * Puts a checked package's files into the organisation's storage under `keyOf(path)`, then lets
 * `record` write the rows (in its own transaction). Storage is not transactional: if storing or
 * recording fails, the files already stored are deleted again, so nothing half-imported is left.
 */
export async function storePackageFiles<T>(
  plugins: TenantPluginsService,
  em: EntityManager,
  tenantId: string,
  files: ReadonlyMap<string, Uint8Array>,
  keyOf: (path: string) => string,
  record: (storagePlugin: string) => Promise<T>,
): Promise<T> {
  const { plugin, storage, tenant } = await tenantStorage(plugins, em, tenantId);
  const stored: string[] = [];
  try {
    for (const [path, bytes] of files) {
      const key = keyOf(path);
      await storage.put(key, bytes, { contentType: contentTypeOf(path) }, tenant);
      stored.push(key);
    }
    return await record(plugin);
  } catch (error) {
    await Promise.allSettled(stored.map((key) => storage.delete(key, tenant)));
    throw error;
  }
}
