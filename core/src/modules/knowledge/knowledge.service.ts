import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { SourceChunk } from '@mirai/sdk-plugin';
import { MiraiError } from '../../errors/mirai-error.ts';
import { chunkText } from './chunking.ts';
import { type Sme, SmeSchema } from './sme.entity.ts';
import { type SmeDocument, SmeDocumentSchema } from './sme-document.entity.ts';
import type { DocumentMediaType } from './text-extraction.ts';

export interface SmeInput {
  name?: string | undefined;
  expertise?: string | undefined;
}

export interface ChunkHit extends SourceChunk {
  smeId: string;
  documentId: string;
  rank: number;
}

/** Turns free text into an OR query of safe lexemes, so retrieval ranks partial matches too. */
function orQuery(text: string): string {
  const words = [...new Set(text.toLowerCase().match(/[a-z0-9]{3,}/g) ?? [])].slice(0, 40);
  return words.join(' | ');
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

  /**
   * Chunks and stores an extracted document and its chunks in one transaction; a document that
   * already exists (a re-delivered job) is answered as stored.
   */
  async storeDocument(
    em: EntityManager,
    tenantId: string,
    input: { id: string; smeId: string; title: string; mediaType: DocumentMediaType; sizeBytes: number; text: string },
  ): Promise<SmeDocument & { chunkCount: number }> {
    const chunks = chunkText(input.text);
    const document = await em.transactional(async (tx) => {
      const existing = await tx.findOne(SmeDocumentSchema, { id: input.id });
      if (existing !== null) return existing;
      const created = tx.create(SmeDocumentSchema, { ...input, tenantId, title: input.title.trim() });
      await tx.flush();
      for (const chunk of chunks)
        await tx.execute('insert into sme_chunk (id, tenant_id, sme_id, document_id, position, heading, text) values (?, ?, ?, ?, ?, ?, ?)', [
          randomUUID(),
          tenantId,
          input.smeId,
          input.id,
          chunk.position,
          chunk.heading,
          chunk.text,
        ]);
      return created;
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
   * The chunks of the given SMEs most relevant to `query`, best first. Tenant-scoped explicitly:
   * raw SQL bypasses the ORM's tenant filter.
   */
  async search(em: EntityManager, tenantId: string, smeIds: string[], query: string, limit: number): Promise<ChunkHit[]> {
    const tsQuery = orQuery(query);
    if (smeIds.length === 0 || tsQuery === '') return [];
    return this.#chunks(em, `ts_rank(c.tsv, to_tsquery('english', ?))`, `c.tsv @@ to_tsquery('english', ?)`, 'rank desc, c.document_id, c.position', [
      tsQuery,
      tenantId,
      `{${smeIds.join(',')}}`,
      tsQuery,
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
