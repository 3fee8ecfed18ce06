import type { EntityManager } from '@mikro-orm/postgresql';
import { MiraiError } from '../../errors/mirai-error.ts';
import { normaliseTags } from '../../http/tags.ts';
import type { KnowledgeService } from './knowledge.service.ts';

export interface LibraryDocument {
  id: string;
  smeId: string;
  smeName: string;
  title: string;
  mediaType: string;
  sizeBytes: number;
  language: string;
  tags: string[];
  sourceUrl: string | null;
  chunkCount: number;
  citingVersionCount: number;
  createdAt: Date;
}

/** A lesson version that names chunks of a document among its sources (provenance.sourceChunkIds). */
export interface Citation {
  courseId: string;
  courseTitle: string;
  lessonId: string;
  lessonTitle: string;
  version: number;
  current: boolean;
  chunkIds: string[];
}

export interface LibraryFilter {
  documentId?: string | undefined;
  tag?: string | undefined;
  smeId?: string | undefined;
}

// Lesson versions record the chunks they were grounded on in provenance.sourceChunkIds (jsonb).
const CITING = `select v.lesson_id, v.version, l.title as lesson_title, l.current_version, co.id as course_id, co.title as course_title,
                       ch.id as chunk_id, ch.document_id
                  from lesson_version v
                  join lesson l on l.id = v.lesson_id
                  join course co on co.id = l.course_id
                  cross join lateral jsonb_array_elements_text(coalesce(v.provenance -> 'sourceChunkIds', '[]'::jsonb)) as cited(chunk_id)
                  join sme_chunk ch on ch.id::text = cited.chunk_id
                 where v.tenant_id = ? and ch.tenant_id = ?`;

/** The knowledge library: every SME's documents with tags, what cites them, and their chunks. Raw SQL is tenant-scoped explicitly. */
export class KnowledgeLibraryService {
  readonly #knowledge: KnowledgeService;

  constructor(knowledge: KnowledgeService) {
    this.#knowledge = knowledge;
  }

  async documents(em: EntityManager, tenantId: string, filter: LibraryFilter): Promise<LibraryDocument[]> {
    const where = ['d.tenant_id = ?'];
    // Two for the CITING subquery in the select list, one for the document filter.
    const params: unknown[] = [tenantId, tenantId, tenantId];
    if (filter.tag !== undefined) {
      where.push('? = any(d.tags)');
      params.push(filter.tag.trim().toLowerCase());
    }
    if (filter.documentId !== undefined) {
      where.push('d.id = ?');
      params.push(filter.documentId);
    }
    if (filter.smeId !== undefined) {
      where.push('d.sme_id = ?');
      params.push(filter.smeId);
    }
    const rows = await em.execute<
      {
        id: string;
        sme_id: string;
        sme_name: string;
        title: string;
        media_type: string;
        size_bytes: number;
        language: string;
        tags: string[];
        source_url: string | null;
        created_at: Date | string;
        chunk_count: number | string;
        citing_count: number | string;
      }[]
    >(
      `select d.id, d.sme_id, s.name as sme_name, d.title, d.media_type, d.size_bytes, d.language, d.tags, d.source_url, d.created_at,
              (select count(*) from sme_chunk c where c.document_id = d.id) as chunk_count,
              (select count(distinct (cit.lesson_id, cit.version)) from (${CITING}) cit where cit.document_id = d.id) as citing_count
         from sme_document d join sme s on s.id = d.sme_id
        where ${where.join(' and ')}
        order by s.name, d.title, d.created_at`,
      params,
    );
    return rows.map((row) => ({
      id: row.id,
      smeId: row.sme_id,
      smeName: row.sme_name,
      title: row.title,
      mediaType: row.media_type,
      sizeBytes: Number(row.size_bytes),
      language: row.language,
      tags: row.tags,
      sourceUrl: row.source_url,
      chunkCount: Number(row.chunk_count),
      citingVersionCount: Number(row.citing_count),
      createdAt: new Date(row.created_at),
    }));
  }

  /** One document as the library lists it; 404 when it is not the organisation's. */
  async document(em: EntityManager, tenantId: string, id: string): Promise<LibraryDocument> {
    const [document] = await this.documents(em, tenantId, { documentId: id });
    if (document === undefined) throw new MiraiError('MIRAI_ERR_SME_NOT_FOUND', 'No such document');
    return document;
  }

  /** Every tag on a document or a course of the organisation, for the filters. */
  async tags(em: EntityManager, tenantId: string): Promise<string[]> {
    const rows = await em.execute<{ tag: string }[]>(
      `select distinct tag from (select unnest(tags) as tag from sme_document where tenant_id = ?
                                 union select unnest(tags) from course where tenant_id = ?) t order by tag`,
      [tenantId, tenantId],
    );
    return rows.map((row) => row.tag);
  }

  /** The lesson versions citing the document's chunks, newest version first within each lesson. */
  async citations(em: EntityManager, tenantId: string, documentId: string): Promise<Citation[]> {
    await this.#knowledge.getDocument(em, documentId);
    const rows = await em.execute<
      {
        lesson_id: string;
        version: number;
        lesson_title: string;
        current_version: number;
        course_id: string;
        course_title: string;
        chunk_id: string;
      }[]
    >(`${CITING} and ch.document_id = ? order by co.title, l.title, v.version desc`, [tenantId, tenantId, documentId]);
    const byVersion = new Map<string, Citation>();
    for (const row of rows) {
      const key = `${row.lesson_id}:${row.version}`;
      const citation = byVersion.get(key) ?? {
        courseId: row.course_id,
        courseTitle: row.course_title,
        lessonId: row.lesson_id,
        lessonTitle: row.lesson_title,
        version: Number(row.version),
        current: Number(row.version) === Number(row.current_version),
        chunkIds: [],
      };
      if (!citation.chunkIds.includes(row.chunk_id)) citation.chunkIds.push(row.chunk_id);
      byVersion.set(key, citation);
    }
    return [...byVersion.values()];
  }

  /** The document's chunks in order, each with those of `citations` (the document's) that cite it. */
  async chunks(
    em: EntityManager,
    tenantId: string,
    documentId: string,
    citations: Citation[],
  ): Promise<Array<{ id: string; position: number; heading: string | null; text: string; citedBy: Citation[] }>> {
    const rows = await em.execute<{ id: string; position: number; heading: string | null; text: string }[]>(
      'select id, position, heading, text from sme_chunk where tenant_id = ? and document_id = ? order by position',
      [tenantId, documentId],
    );
    return rows.map((row) => ({
      id: row.id,
      position: Number(row.position),
      heading: row.heading,
      text: row.text,
      citedBy: citations.filter((citation) => citation.chunkIds.includes(row.id)),
    }));
  }

  async updateDocument(em: EntityManager, documentId: string, input: { title?: string | undefined; tags?: string[] | undefined }) {
    const document = await this.#knowledge.getDocument(em, documentId);
    if (input.title !== undefined) document.title = input.title.trim();
    if (input.tags !== undefined) document.tags = normaliseTags(input.tags);
    await em.flush();
    return document;
  }

  async deleteDocument(em: EntityManager, documentId: string): Promise<void> {
    await em.remove(await this.#knowledge.getDocument(em, documentId)).flush();
  }

  /** Full-text search over the whole library, or only the documents with a tag. */
  async search(em: EntityManager, tenantId: string, input: { q: string; tag?: string | undefined; language?: string | undefined; limit: number }) {
    const smeIds = (await this.#knowledge.listSmes(em)).map((sme) => sme.id);
    const documentIds =
      input.tag === undefined
        ? undefined
        : (
            await em.execute<{ id: string }[]>('select id from sme_document where tenant_id = ? and ? = any(tags)', [
              tenantId,
              input.tag.trim().toLowerCase(),
            ])
          ).map((row) => row.id);
    return this.#knowledge.search(em, tenantId, smeIds, input.q, input.limit, { language: input.language, documentIds });
  }
}
