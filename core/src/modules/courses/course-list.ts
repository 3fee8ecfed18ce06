import type { EntityManager } from '@mikro-orm/postgresql';
import type { Course } from './course.entity.ts';
import { type CourseCursor, decodeCursor, encodeCursor } from './course-cursor.ts';
import { type CourseStatus, derive, type StatusFacts, WRITING_KINDS } from './course-status.ts';

/** A course as the list shows it, with its status derived in the same statement. */
export interface CourseSummary {
  id: string;
  title: string;
  desiredOutcome: string;
  language: string;
  status: CourseStatus;
  kind: Course['kind'];
  archivedAt: string | null;
  smeIds: string[];
  audienceIds: string[];
  passMark: number;
  tags: string[];
  createdAt: string;
  updatedAt: string;
}

export interface CourseListQuery {
  q?: string | undefined;
  kind?: Course['kind'] | undefined;
  tag?: string | undefined;
  archived?: boolean | undefined;
  limit?: number | undefined;
  cursor?: string | undefined;
}

export const DEFAULT_PAGE_SIZE = 20;

const ISO_MS = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`;
const ISO_US = `'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'`;

type Row = StatusFacts & {
  title: string;
  desired_outcome: string;
  language: string;
  status: CourseStatus;
  kind: Course['kind'];
  sme_ids: string[];
  audience_ids: string[];
  pass_mark: number;
  tags: string[];
  created_at: string;
  created_at_us: string;
  updated_at: string;
  archived_at: string | null;
};

/** `%` and `_` in what the author typed match themselves. */
/**
 * A course also matches by what its lessons say now: a lesson title, or the text of the current
 * version's headings, Markdown, callouts and video or audio transcripts (so a recording is found by
 * its words). Two placeholders: the title pattern, then the text pattern.
 */
const LESSON_TEXT_MATCH = `exists (
  select 1 from lesson l
    left join lesson_version v on v.lesson_id = l.id and v.version = l.current_version
   where l.course_id = c.id
     and (l.title ilike ?
          or exists (select 1 from jsonb_array_elements(coalesce(v.blocks, '[]'::jsonb)) b
                      where coalesce(b->>'transcript', b->>'markdown', b->>'text', '') ilike ?)))`;

const likePattern = (text: string) => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * One page of the tenant's courses (or templates), newest first with the id breaking ties so the
 * order is total and a cursor never skips or repeats a course; one round trip, no entity hydration.
 */
export async function courseSummaries(
  em: EntityManager,
  tenantId: string,
  query: CourseListQuery,
): Promise<{ items: CourseSummary[]; nextCursor: string | null }> {
  const after: CourseCursor | null = query.cursor === undefined ? null : decodeCursor(query.cursor);
  const limit = query.limit ?? DEFAULT_PAGE_SIZE;
  const search = query.q?.trim() ?? '';
  const where = [
    'c.tenant_id = ?',
    'c.kind = ?',
    query.archived === true ? 'c.archived_at is not null' : 'c.archived_at is null',
    ...(search === '' ? [] : [`(c.title ilike ? or c.desired_outcome ilike ? or ${LESSON_TEXT_MATCH})`]),
    ...(query.tag === undefined ? [] : ['? = any(c.tags)']),
    ...(after === null ? [] : ['(c.created_at, c.id) < (?::timestamptz, ?::uuid)']),
  ];
  const params = [
    ...WRITING_KINDS,
    tenantId,
    query.kind ?? 'course',
    ...(search === '' ? [] : [likePattern(search), likePattern(search), likePattern(search), likePattern(search)]),
    ...(query.tag === undefined ? [] : [query.tag.trim().toLowerCase()]),
    ...(after === null ? [] : [after.createdAt, after.id]),
    limit + 1,
  ];
  const rows = await em.execute<Row[]>(
    // Timestamps come out as ISO 8601 text; the cursor keeps microseconds so equal milliseconds still order exactly.
    `select c.id, c.title, c.desired_outcome, c.language, c.status, c.kind, c.sme_ids, c.audience_ids, c.pass_mark, c.tags,
            to_char(c.created_at at time zone 'UTC', ${ISO_MS}) as created_at,
            to_char(c.created_at at time zone 'UTC', ${ISO_US}) as created_at_us,
            to_char(c.updated_at at time zone 'UTC', ${ISO_MS}) as updated_at,
            to_char(c.archived_at at time zone 'UTC', ${ISO_MS}) as archived_at,
            exists (select 1 from job j where j.course_id = c.id and j.parent_id is null
                      and j.kind in (?, ?) and j.status in ('queued', 'running')) as writing,
            (select count(*) from lesson l where l.course_id = c.id)::int as lessons,
            (select count(*) from lesson l where l.course_id = c.id and l.current_version = 0)::int as unwritten
       from course c where ${where.join(' and ')} order by c.created_at desc, c.id desc limit ?`,
    params,
  );
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    items: page.map((row) => ({
      id: row.id,
      title: row.title,
      desiredOutcome: row.desired_outcome,
      language: row.language,
      status: row.status === 'published' ? 'published' : derive(row),
      kind: row.kind,
      archivedAt: row.archived_at,
      smeIds: row.sme_ids,
      audienceIds: row.audience_ids,
      passMark: row.pass_mark,
      tags: row.tags,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    })),
    nextCursor: rows.length > limit && last !== undefined ? encodeCursor({ createdAt: last.created_at_us, id: last.id }) : null,
  };
}
