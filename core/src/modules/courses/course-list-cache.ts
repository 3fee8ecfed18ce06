import { NoticedCache, type NoticedCacheOptions } from '../../db/noticed-cache.ts';
import type { CourseListQuery } from './course-list.ts';

/** The channel migration 0036's triggers notify on, with the organisation's id as the payload. */
export const COURSE_LIST_CHANNEL = 'mirai_course_list';

/** Which page of an organisation's list a query asks for (a search is never cached, so `q` is not part of it). */
export function courseListKey(query: CourseListQuery): string {
  return [
    query.kind ?? 'course',
    query.archived === true ? 'archived' : 'current',
    query.tag?.trim().toLowerCase() ?? '',
    query.limit ?? '',
    query.cursor ?? '',
  ].join('\u0000');
}

interface Page {
  body: Buffer;
  storedAt: number;
}

/**
 * Serialised pages of each organisation's course list, so a repeated `GET /v1/courses` needs
 * neither the database nor the serialiser. Like the identity cache, correctness rests on change
 * notices: the database announces at commit every change to a course, a lesson or a course's
 * writing jobs (migration 0036), whoever wrote it, and every API process forgets that
 * organisation's pages before it answers from them again. While notices cannot be heard nothing is
 * kept, and a load that overlaps any notice is answered but not kept (it may have read the rows
 * from before the change). A page depends only on the organisation and the query: who may list is
 * decided per request, before the cache is asked.
 */
export class CourseListCache extends NoticedCache {
  readonly #tenants = new Map<string, Map<string, Page>>();
  #size = 0;

  /** `maxEntries` counts pages over all organisations; the oldest organisation's pages go first. */
  constructor(options: NoticedCacheOptions = {}) {
    super(options, 2_000);
  }

  /** A change notice names an organisation; `*` (or anything empty) forgets every organisation. */
  protected forget(notice: string): void {
    if (notice === '' || notice === '*') {
      this.forgetAll();
      return;
    }
    const pages = this.#tenants.get(notice);
    if (pages === undefined) return;
    this.#size -= pages.size;
    this.#tenants.delete(notice);
  }

  /** The serialised page `key` of `tenantId`, from memory or from `load`. */
  async page(tenantId: string, key: string, load: () => Promise<Buffer>): Promise<Buffer> {
    const pages = this.#tenants.get(tenantId);
    const cached = pages?.get(key);
    if (pages !== undefined && cached !== undefined) {
      if (this.isFresh(cached.storedAt)) return cached.body;
      pages.delete(key);
      this.#size--;
    }
    const mayKeep = this.loadStarted();
    const body = await load();
    if (mayKeep()) this.#store(tenantId, key, body);
    return body;
  }

  #store(tenantId: string, key: string, body: Buffer): void {
    while (this.#size >= this.maxEntries) {
      const oldest = this.#tenants.entries().next();
      if (oldest.done === true) break;
      this.#size -= oldest.value[1].size;
      this.#tenants.delete(oldest.value[0]);
    }
    let pages = this.#tenants.get(tenantId);
    if (pages === undefined) {
      pages = new Map();
      this.#tenants.set(tenantId, pages);
    }
    if (!pages.has(key)) this.#size++;
    pages.set(key, { body, storedAt: this.now() });
  }

  protected clear(): void {
    this.#tenants.clear();
    this.#size = 0;
  }
}
