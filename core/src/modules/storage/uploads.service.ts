import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { PresignedRequest } from '@mirai/sdk-plugin';
import type { Orm } from '../../db/orm.ts';
import { MiraiError } from '../../errors/mirai-error.ts';
import type { AuthContext } from '../identity/auth-context.ts';
import type { TenantPluginsService } from '../plugins/tenant-plugins.service.ts';
import { tenantStorage } from './tenant-storage.ts';
import { type Upload, UploadSchema } from './upload.entity.ts';
import { isCaptionsContentType, looksLikeWebVtt, type UploadLimits, uploadLimit } from './upload-policy.ts';

const UPLOAD_WINDOW_SECONDS = 15 * 60;
/** As long as a learner's lesson file links, for the same reason: the editor's and preview's players fetch recordings in ranges as they play. */
const DOWNLOAD_WINDOW_SECONDS = 6 * 60 * 60;
/** An upload not completed this long after its URL expired is abandoned. */
const ABANDON_AFTER_MS = 60 * 60 * 1000;
// Served back from our own storage origin; HTML or scripts there could run as the app.
const REFUSED_TYPES = /^(text\/html|application\/xhtml\+xml|image\/svg\+xml|application\/(x-)?javascript|text\/javascript)/i;

function safeFileName(name: string): string {
  const cleaned = name
    .normalize('NFKC')
    .replace(/[^\w.\- ]+/g, '_')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 120);
  return cleaned === '' || cleaned === '.' || cleaned === '..' ? 'file' : cleaned;
}

/** Where the presigned PUT writes; `complete` copies it to the served key. */
const incomingKey = (key: string) => key.replace(/^uploads\//, 'uploads-incoming/');

/**
 * Uploads go from the browser straight to storage with a presigned PUT bound to the exact size
 * and type; the API only records them. Completing checks the stored object against the record.
 */
export class UploadsService {
  readonly #plugins: TenantPluginsService;
  readonly #limits: UploadLimits;

  constructor(plugins: TenantPluginsService, limits: UploadLimits) {
    this.#plugins = plugins;
    this.#limits = limits;
  }

  async create(
    em: EntityManager,
    actor: AuthContext,
    input: { fileName: string; contentType: string; size: number },
  ): Promise<{ upload: Upload; request: PresignedRequest }> {
    const limit = uploadLimit(input.contentType, this.#limits);
    if (input.size > limit.bytes)
      throw new MiraiError('MIRAI_ERR_REQUEST_VALIDATION', `/body/size must be at most ${limit.bytes} bytes (${limit.variable})`, {
        fieldErrors: [{ field: '/body/size', message: `must be at most ${limit.bytes}` }],
      });
    if (REFUSED_TYPES.test(input.contentType))
      throw new MiraiError('MIRAI_ERR_REQUEST_VALIDATION', '/body/contentType is not accepted for uploads', {
        fieldErrors: [{ field: '/body/contentType', message: 'is not accepted for uploads' }],
      });
    const { plugin, storage, tenant } = await tenantStorage(this.#plugins, em, actor.tenantId);
    const id = randomUUID();
    const fileName = safeFileName(input.fileName);
    const key = `uploads/${id}/${fileName}`;
    const request = await storage.presignUpload(
      { key: incomingKey(key), contentType: input.contentType, size: input.size, expiresInSeconds: UPLOAD_WINDOW_SECONDS },
      tenant,
    );
    const upload = em.create(UploadSchema, {
      id,
      tenantId: actor.tenantId,
      ownerId: actor.userId,
      storagePlugin: plugin,
      storageKey: key,
      fileName,
      contentType: input.contentType,
      sizeBytes: input.size,
      sha256: null,
      status: 'pending',
      expiresAt: request.expiresAt,
      completedAt: null,
    });
    await em.flush();
    return { upload, request };
  }

  async get(em: EntityManager, id: string): Promise<Upload> {
    const upload = await em.findOne(UploadSchema, { id });
    if (upload === null) throw new MiraiError('MIRAI_ERR_UPLOAD_NOT_FOUND');
    return upload;
  }

  /**
   * Confirms the object arrived as announced; a mismatch deletes it and answers 400. The presigned
   * PUT wrote to an incoming key that is copied to the served key here, so a PUT with the same
   * URL after completion cannot replace the file that is served.
   */
  async complete(em: EntityManager, id: string): Promise<Upload> {
    const upload = await this.get(em, id);
    if (upload.status === 'complete') return upload;
    const { storage, tenant } = await tenantStorage(this.#plugins, em, upload.tenantId, upload.storagePlugin);
    const incoming = incomingKey(upload.storageKey);
    const arrived = await storage.head(incoming, tenant);
    if (arrived === null) throw new MiraiError('MIRAI_ERR_UPLOAD_INCOMPLETE', 'Nothing was uploaded yet; PUT the file to the upload URL first');
    await storage.copy(incoming, upload.storageKey, tenant);
    await storage.delete(incoming, tenant);
    // Checked on the copy, which nothing can write to any more.
    const stored = await storage.head(upload.storageKey, tenant);
    if (stored === null || stored.size !== upload.sizeBytes) {
      await storage.delete(upload.storageKey, tenant);
      throw new MiraiError(
        'MIRAI_ERR_UPLOAD_INCOMPLETE',
        `The stored file has ${stored?.size ?? 0} bytes, ${upload.sizeBytes} were announced; upload it again`,
      );
    }
    if (isCaptionsContentType(upload.contentType)) await this.#requireWebVtt(em, upload);
    em.assign(upload, { status: 'complete', completedAt: new Date(), sha256: stored.sha256 ?? null });
    await em.flush();
    return upload;
  }

  /** Captions are served as text/vtt to players, which ignore anything without the WebVTT signature. */
  async #requireWebVtt(em: EntityManager, upload: Upload): Promise<void> {
    const { storage, tenant } = await tenantStorage(this.#plugins, em, upload.tenantId, upload.storagePlugin);
    const found = await storage.get(upload.storageKey, tenant);
    const chunks: Uint8Array[] = [];
    let total = 0;
    // The signature is in the first bytes; the rest of the file is never read.
    for await (const chunk of found?.body ?? []) {
      chunks.push(chunk);
      total += chunk.length;
      if (total >= 16) break;
    }
    if (looksLikeWebVtt(Buffer.concat(chunks))) return;
    await storage.delete(upload.storageKey, tenant);
    throw new MiraiError('MIRAI_ERR_CAPTIONS_NOT_WEBVTT', 'A text/vtt upload must start with "WEBVTT"; upload the captions again as WebVTT');
  }

  /** Stores bytes the API already holds (the bounded JSON document route) as a complete upload. */
  async store(em: EntityManager, actor: AuthContext, input: { fileName: string; contentType: string; bytes: Uint8Array }): Promise<Upload> {
    const { plugin, storage, tenant } = await tenantStorage(this.#plugins, em, actor.tenantId);
    const id = randomUUID();
    const key = `uploads/${id}/${safeFileName(input.fileName)}`;
    const stored = await storage.put(key, input.bytes, { contentType: input.contentType }, tenant);
    const upload = em.create(UploadSchema, {
      id,
      tenantId: actor.tenantId,
      ownerId: actor.userId,
      storagePlugin: plugin,
      storageKey: key,
      fileName: safeFileName(input.fileName),
      contentType: input.contentType,
      sizeBytes: input.bytes.length,
      sha256: stored.sha256 ?? null,
      status: 'complete',
      expiresAt: new Date(),
      completedAt: new Date(),
    });
    await em.flush();
    return upload;
  }

  /** The bytes of a stored upload; reading stops past `maxBytes` (then `overLimit`). Null when the object is gone. */
  async read(em: EntityManager, upload: Upload, maxBytes: number): Promise<{ bytes: Uint8Array; overLimit: boolean } | null> {
    const { storage, tenant } = await tenantStorage(this.#plugins, em, upload.tenantId, upload.storagePlugin);
    const found = await storage.get(upload.storageKey, tenant);
    if (found === null) return null;
    const chunks: Uint8Array[] = [];
    let total = 0;
    for await (const chunk of found.body) {
      total += chunk.length;
      if (total > maxBytes) break;
      chunks.push(chunk);
    }
    return { bytes: Buffer.concat(chunks), overLimit: total > maxBytes };
  }

  async downloadUrl(em: EntityManager, id: string): Promise<PresignedRequest> {
    const upload = await this.get(em, id);
    if (upload.status !== 'complete') throw new MiraiError('MIRAI_ERR_UPLOAD_INCOMPLETE');
    const { storage, tenant } = await tenantStorage(this.#plugins, em, upload.tenantId, upload.storagePlugin);
    return storage.presignDownload({ key: upload.storageKey, expiresInSeconds: DOWNLOAD_WINDOW_SECONDS, fileName: upload.fileName }, tenant);
  }

  /** Deletes uploads abandoned before completion, object and record; safe to run in every replica. */
  async cleanupAbandoned(orm: Orm, now = new Date()): Promise<number> {
    const em = orm.em.fork();
    const stale = await em.find(
      UploadSchema,
      { status: 'pending', expiresAt: { $lt: new Date(now.getTime() - ABANDON_AFTER_MS) } },
      { filters: { tenant: false }, limit: 200 },
    );
    for (const upload of stale) {
      const scoped = orm.em.fork();
      scoped.setFilterParams('tenant', { tenantId: upload.tenantId });
      const { storage, tenant } = await tenantStorage(this.#plugins, scoped, upload.tenantId, upload.storagePlugin).catch(() => ({
        storage: null,
        tenant: null,
      }));
      if (storage !== null && tenant !== null) await storage.delete(incomingKey(upload.storageKey), tenant);
      await em.nativeDelete(UploadSchema, { id: upload.id }, { filters: { tenant: false } });
    }
    return stale.length;
  }
}
