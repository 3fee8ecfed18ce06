import { createHash } from 'node:crypto';
import { LockMode } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { MiraiError } from '../../errors/mirai-error.ts';
import type { XapiCaller } from './xapi-credentials.service.ts';
import { type XapiDocument, XapiDocumentSchema } from './xapi-records.entity.ts';
import { isObject } from './xapi-values.ts';

/** Which documents a request addresses: a State (activity, agent, registration) or an Agent Profile (agent). */
export interface DocumentScope {
  kind: 'state' | 'agent-profile';
  activityId: string;
  agentKey: string;
  registration: string;
}

export interface DocumentBody {
  content: Buffer;
  contentType: string;
}

/** If-Match / If-None-Match as sent (xAPI concurrency control, §2.1.3 Communication). */
export interface Preconditions {
  ifMatch?: string;
  ifNoneMatch?: string;
}

const etagOf = (content: Buffer): string => `"${createHash('sha1').update(content).digest('hex')}"`;

const isJson = (contentType: string): boolean => contentType.split(';')[0]?.trim().toLowerCase() === 'application/json';

function jsonObject(body: DocumentBody, which: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = isJson(body.contentType) ? JSON.parse(body.content.toString('utf8')) : undefined;
  } catch {
    parsed = undefined;
  }
  if (!isObject(parsed))
    throw new MiraiError(
      'MIRAI_ERR_XAPI_DOCUMENT_NOT_MERGEABLE',
      `POST merges JSON objects only; the ${which} document is not an application/json object`,
    );
  return parsed;
}

/** The State and Agent Profile resources: opaque documents keyed by scope and id, with ETags. */
export class XapiDocumentsService {
  async get(em: EntityManager, scope: DocumentScope, documentId: string): Promise<XapiDocument> {
    const document = await em.findOne(XapiDocumentSchema, { ...scope, documentId });
    if (document === null) throw new MiraiError('MIRAI_ERR_XAPI_DOCUMENT_NOT_FOUND', `No document ${documentId}`);
    return document;
  }

  async ids(em: EntityManager, scope: DocumentScope, since: Date | undefined): Promise<string[]> {
    const documents = await em.find(
      XapiDocumentSchema,
      { ...scope, ...(since === undefined ? {} : { updatedAt: { $gt: since } }) },
      { orderBy: { documentId: 'asc' } },
    );
    return documents.map((document) => document.documentId);
  }

  /**
   * PUT replaces; POST (`merge`) merges a JSON object into a stored JSON object, top-level keys of
   * the new one winning. `requirePrecondition`: an existing Agent Profile is only overwritten by a
   * PUT that says which version it replaces (409 otherwise), as xAPI requires.
   */
  async write(
    em: EntityManager,
    caller: XapiCaller,
    scope: DocumentScope,
    documentId: string,
    body: DocumentBody,
    options: { merge: boolean; preconditions: Preconditions; requirePrecondition: boolean },
  ): Promise<void> {
    await em.transactional(async (tx) => {
      const existing = await tx.findOne(XapiDocumentSchema, { ...scope, documentId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      checkPreconditions(existing, options.preconditions);
      if (
        existing !== null &&
        !options.merge &&
        options.requirePrecondition &&
        options.preconditions.ifMatch === undefined &&
        options.preconditions.ifNoneMatch === undefined
      )
        throw new MiraiError('MIRAI_ERR_XAPI_DOCUMENT_CONFLICT', 'This document exists: send If-Match with its ETag to replace it');
      let stored = body;
      if (options.merge) {
        const incoming = jsonObject(body, 'sent');
        if (existing !== null) {
          const merged = {
            ...jsonObject({ content: Buffer.from(existing.contentBase64, 'base64'), contentType: existing.contentType }, 'stored'),
            ...incoming,
          };
          stored = { content: Buffer.from(JSON.stringify(merged)), contentType: 'application/json' };
        }
      }
      const fields = {
        contentType: stored.contentType,
        contentBase64: stored.content.toString('base64'),
        etag: etagOf(stored.content),
        updatedAt: new Date(),
      };
      if (existing === null) tx.create(XapiDocumentSchema, { id: crypto.randomUUID(), tenantId: caller.tenantId, ...scope, documentId, ...fields });
      else Object.assign(existing, fields);
      await tx.flush();
    });
  }

  /** Deletes one document, or every document of the scope when `documentId` is absent (State only). */
  async delete(em: EntityManager, scope: DocumentScope, documentId: string | undefined, preconditions: Preconditions): Promise<void> {
    if (documentId !== undefined) {
      const existing = await em.findOne(XapiDocumentSchema, { ...scope, documentId });
      checkPreconditions(existing, preconditions);
    }
    await em.nativeDelete(XapiDocumentSchema, { ...scope, ...(documentId === undefined ? {} : { documentId }) });
  }
}

function checkPreconditions(existing: XapiDocument | null, preconditions: Preconditions): void {
  const { ifMatch, ifNoneMatch } = preconditions;
  if (ifMatch !== undefined && (existing === null || (ifMatch !== '*' && !ifMatch.split(',').some((tag) => tag.trim() === existing.etag))))
    throw new MiraiError('MIRAI_ERR_XAPI_PRECONDITION_FAILED', 'If-Match does not match the stored document');
  if (ifNoneMatch !== undefined && existing !== null && (ifNoneMatch === '*' || ifNoneMatch.split(',').some((tag) => tag.trim() === existing.etag)))
    throw new MiraiError('MIRAI_ERR_XAPI_PRECONDITION_FAILED', 'If-None-Match: the document exists');
}
