import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { SourceChunk } from '@mirai/sdk-plugin';
import { MiraiError } from '../../errors/mirai-error.ts';
import { chunkText } from './chunking.ts';
import { type Sme, SmeSchema } from './sme.entity.ts';
import { type SmeDocument, SmeDocumentSchema } from './sme-document.entity.ts';
import type { DocumentMediaType } from './text-extraction.ts';
import { orQuery, textSearchConfig } from './text-search-config.ts';

export interface SmeInput {
  name?: string | undefined;
  expertise?: string | undefined;
}

export interface ChunkHit extends SourceChunk {
  smeId: string;
  documentId: string;
  rank: number;
}

/** What a stored document is made of; `replace` overwrites the text and chunks of the document with this id. */
export interface StoredDocumentInput {
  id: string;
  smeId: string;
  title: string;
  mediaType: DocumentMediaType;
  sizeBytes: number;
  text: string;
  language?: string | undefined;
  tags?: string[] | undefined;
  uploadId?: string | null | undefined;
  sourceUrl?: string | null | undefined;
  replace?: boolean | undefined;
}

/** SMEs, their documents and full-text search over document chunks (Postgres tsvector). */
export class KnowledgeService {
  listSmes(em: EntityManager): Promise<Sme[]> {
    return em.find(SmeSchema, {}, { orderBy: { createdAt: 'asc' } });
  }

  async getSme(em: EntityManager, id: string): Promise<Sme> {
    const sme = await em.findOne(SmeSchema, { id });
    if (sme === null) throw new MiraiError('MIRAI_ERR_SME_NOT_FOUND');
    return sme;
  }

  async createSme(em: EntityManager, tenantId: string, input: Required<SmeInput>): Promise<Sme> {
    const sme = em.create(SmeSchema, { id: randomUUID(), tenantId, name: input.name.trim(), expertise: input.expertise.trim() });
    await em.flush();
    return sme;
  }

  async updateSme(em: EntityManager, id: string, input: SmeInput): Promise<Sme> {
    const sme = await this.getSme(em, id);
    em.assign(sme, Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)));
    await em.flush();
    return sme;
  }

  async deleteSme(em: EntityManager, id: string): Promise<void> {
    await em.remove(await this.getSme(em, id)).flush();
  }

  listDocuments(em: EntityManager, smeId: string): Promise<SmeDocument[]> {
    return em.find(SmeDocumentSchema, { smeId }, { orderBy: { createdAt: 'asc' } });
  }

  async getDocument(em: EntityManager, id: string): Promise<SmeDocument> {
    const document = await em.findOne(SmeDocumentSchema, { id });
    if (document === null) throw new MiraiError('MIRAI_ERR_SME_NOT_FOUND', 'No such document');
    return document;
  }

  /**
   * Chunks and stores an extracted document and its chunks in one transaction, the chunks indexed
   * with the text-search configuration of the document's language. A new document that already
   * exists (a re-delivered job) is answered as stored; a replacement swaps text and chunks, so
   * doing it twice leaves the same result.
   */
  async storeDocument(em: EntityManager, tenantId: string, input: StoredDocumentInput): Promise<SmeDocument & { chunkCount: number }> {
    const chunks = chunkText(input.text);
    const document = await em.transactional(async (tx) => {
      const existing = await tx.findOne(SmeDocumentSchema, { id: input.id });
      if (existing !== null && input.replace !== true) return existing;
      if (existing === null && input.replace === true)
        throw new MiraiError('MIRAI_ERR_SME_NOT_FOUND', 'The document was deleted before its replacement was read');
      const fields = {
        mediaType: input.mediaType,
        sizeBytes: input.sizeBytes,
        text: input.text,
        uploadId: input.uploadId ?? null,
        sourceUrl: input.sourceUrl ?? null,
      };
      const stored =
        existing === null
          ? tx.create(SmeDocumentSchema, {
              ...fields,
              id: input.id,
              smeId: input.smeId,
              tenantId,
              title: input.title.trim(),
              language: input.language ?? 'en',
              tags: input.tags ?? [],
            })
          : tx.assign(existing, fields);
      await tx.flush();
      if (existing !== null) await tx.execute('delete from sme_chunk where tenant_id = ? and document_id = ?', [tenantId, input.id]);
      const config = await textSearchConfig(tx, stored.language);
      for (const chunk of chunks)
        await tx.execute(
          'insert into sme_chunk (id, tenant_id, sme_id, document_id, position, heading, text, ts_config) values (?, ?, ?, ?, ?, ?, ?, ?::regconfig)',
          [randomUUID(), tenantId, stored.smeId, input.id, chunk.position, chunk.heading, chunk.text, config],
        );
      return stored;
    });
    return Object.assign(document, { chunkCount: chunks.length });
  }

  async deleteDocument(em: EntityManager, smeId: string, documentId: string): Promise<void> {
    const document = await em.findOne(SmeDocumentSchema, { id: documentId, smeId });
    if (document === null) throw new MiraiError('MIRAI_ERR_SME_NOT_FOUND', 'No such document for this SME');
    await em.remove(document).flush();
  }

  /**
   * Chunks by id (e.g. the sources a lesson version was grounded on), in the order asked; ids of
   * another tenant or of deleted documents are left out. Tenant-scoped explicitly (raw SQL).
   */
  async chunksById(em: EntityManager, tenantId: string, ids: string[]): Promise<Array<Omit<ChunkHit, 'rank'>>> {
    if (ids.length === 0) return [];
    const rows = await em.execute<
      { id: string; sme_id: string; document_id: string; heading: string | null; text: string; sme_name: string; document_title: string }[]
    >(
      `select c.id, c.sme_id, c.document_id, c.heading, c.text, s.name as sme_name, d.title as document_title
         from sme_chunk c join sme s on s.id = c.sme_id join sme_document d on d.id = c.document_id
        where c.tenant_id = ? and c.id = any(?::uuid[])`,
      [tenantId, `{${ids.join(',')}}`],
    );
    const byId = new Map(rows.map((row) => [row.id, row]));
    return ids.flatMap((id) => {
      const row = byId.get(id);
      if (row === undefined) return [];
      const text = row.heading === null ? row.text : `${row.heading}\n${row.text}`;
      return [{ id: row.id, smeId: row.sme_id, documentId: row.document_id, smeName: row.sme_name, documentTitle: row.document_title, text }];
    });
  }

  /**
   * The chunks of the given SMEs most relevant to `query`, best first. With a language (a course's),
   * the query is read with that language's text-search configuration (`simple` where PostgreSQL has
   * none); without one, each chunk is matched in the configuration its document was indexed with.
   * Tenant-scoped explicitly: raw SQL bypasses the ORM's tenant filter.
   */
  async search(
    em: EntityManager,
    tenantId: string,
    smeIds: string[],
    query: string,
    limit: number,
    options: { language?: string | undefined; documentIds?: string[] | undefined } = {},
  ): Promise<ChunkHit[]> {
    const tsQuery = orQuery(query);
    if (smeIds.length === 0 || tsQuery === '') return [];
    const config = options.language === undefined ? null : await textSearchConfig(em, options.language);
    const parsed = config === null ? 'to_tsquery(c.ts_config, ?)' : 'to_tsquery(?::regconfig, ?)';
    const args = config === null ? [tsQuery] : [config, tsQuery];
    const documents = options.documentIds === undefined ? '' : ' and c.document_id = any(?::uuid[])';
    return this.#chunks(em, `ts_rank(c.tsv, ${parsed})`, `c.tsv @@ ${parsed}${documents}`, 'rank desc, c.document_id, c.position', [
      ...args,
      tenantId,
      `{${smeIds.join(',')}}`,
      ...args,
      ...(options.documentIds === undefined ? [] : [`{${options.documentIds.join(',')}}`]),
      limit,
    ]);
  }

  /**
   * The given SMEs' chunks in document order (oldest document first), optionally only those
   * under one heading (case-insensitive): a document's own structure, for outlines and lessons.
   */
  async inDocumentOrder(em: EntityManager, tenantId: string, smeIds: string[], limit: number, heading?: string): Promise<ChunkHit[]> {
    if (smeIds.length === 0) return [];
    return this.#chunks(em, '0', heading === undefined ? 'true' : 'lower(c.heading) = lower(?)', 'd.created_at, d.id, c.position', [
      tenantId,
      `{${smeIds.join(',')}}`,
      ...(heading === undefined ? [] : [heading]),
      limit,
    ]);
  }

  async #chunks(em: EntityManager, rank: string, where: string, orderBy: string, params: unknown[]): Promise<ChunkHit[]> {
    const rows = await em.execute<
      {
        id: string;
        sme_id: string;
        document_id: string;
        position: number;
        heading: string | null;
        text: string;
        sme_name: string;
        document_title: string;
        rank: number;
      }[]
    >(
      `select c.id, c.sme_id, c.document_id, c.position, c.heading, c.text, s.name as sme_name, d.title as document_title,
              ${rank} as rank
         from sme_chunk c join sme s on s.id = c.sme_id join sme_document d on d.id = c.document_id
        where c.tenant_id = ? and c.sme_id = any(?::uuid[]) and ${where}
        order by ${orderBy}
        limit ?`,
      params,
    );
    return rows.map((row) => ({
      id: row.id,
      smeId: row.sme_id,
      documentId: row.document_id,
      position: Number(row.position),
      heading: row.heading,
      smeName: row.sme_name,
      documentTitle: row.document_title,
      text: row.heading === null ? row.text : `${row.heading}\n${row.text}`,
      rank: Number(row.rank),
    }));
  }
}
