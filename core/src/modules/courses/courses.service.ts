import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { MiraiError } from '../../errors/mirai-error.ts';
import { normaliseTags } from '../../http/tags.ts';
import type { PluginEventBus } from '../../plugin-host/plugin-event-bus.ts';
import type { AuthContext } from '../identity/auth-context.ts';
import { knowledgeRecords } from '../knowledge/knowledge-records.ts';
import { type Course, CourseSchema } from './course.entity.ts';
import { copyCourse } from './course-copy.ts';
import type { CourseListCache } from './course-list-cache.ts';

export interface CourseInput {
  title?: string | undefined;
  desiredOutcome?: string | undefined;
  language?: string | undefined;
  smeIds?: string[] | undefined;
  audienceIds?: string[] | undefined;
  passMark?: number | undefined;
  tags?: string[] | undefined;
}

/** Selected SMEs and audiences must exist in the caller's tenant (the filter makes others invisible). */
async function assertSelectable(em: EntityManager, input: CourseInput): Promise<void> {
  const check = (field: string, ids: string[] | undefined, found: string[]) => {
    const missing = (ids ?? []).findIndex((id) => !found.includes(id));
    if (missing >= 0)
      throw new MiraiError('MIRAI_ERR_REQUEST_VALIDATION', `/body/${field}/${missing} does not exist`, {
        fieldErrors: [{ field: `/body/${field}/${missing}`, message: 'does not exist' }],
      });
  };
  if (input.smeIds !== undefined && input.smeIds.length > 0) check('smeIds', input.smeIds, await knowledgeRecords.existingSmeIds(em, input.smeIds));
  if (input.audienceIds !== undefined && input.audienceIds.length > 0)
    check(
      'audienceIds',
      input.audienceIds,
      (await knowledgeRecords.audiences(em, input.audienceIds)).map((row) => row.id),
    );
}

/** Courses of the caller's tenant; the request's EntityManager is already tenant-filtered. */
export class CoursesService {
  readonly #events: PluginEventBus;
  /** Serialised list pages of this API process; undefined where nothing serves the list (the worker). */
  readonly listCache: CourseListCache | undefined;

  constructor(events: PluginEventBus, listCache?: CourseListCache) {
    this.#events = events;
    this.listCache = listCache;
  }

  async get(em: EntityManager, id: string): Promise<Course> {
    const course = await this.find(em, id);
    if (course === null) throw new MiraiError('MIRAI_ERR_COURSE_NOT_FOUND');
    return course;
  }

  find(em: EntityManager, id: string): Promise<Course | null> {
    return em.findOne(CourseSchema, { id });
  }

  async create(em: EntityManager, actor: AuthContext, input: CourseInput & { title: string }): Promise<Course> {
    await assertSelectable(em, input);
    const course = em.create(CourseSchema, {
      id: randomUUID(),
      tenantId: actor.tenantId,
      ownerId: actor.userId,
      title: input.title.trim(),
      desiredOutcome: input.desiredOutcome ?? '',
      language: input.language ?? 'en',
      status: 'draft',
      kind: 'course',
      archivedAt: null,
      smeIds: input.smeIds ?? [],
      audienceIds: input.audienceIds ?? [],
      passMark: input.passMark ?? 70,
      tags: normaliseTags(input.tags ?? []),
      outlineProvenance: null,
    });
    await em.flush();
    await this.#events.emit('course.created', { tenantId: actor.tenantId, courseId: course.id });
    return course;
  }

  async update(em: EntityManager, id: string, input: CourseInput): Promise<Course> {
    const course = await this.get(em, id);
    await assertSelectable(em, input);
    const changes = { ...input, ...(input.tags === undefined ? {} : { tags: normaliseTags(input.tags) }) };
    em.assign(course, Object.fromEntries(Object.entries(changes).filter(([, value]) => value !== undefined)));
    await em.flush();
    return course;
  }

  /**
   * Deleting takes the course's outline, lessons, versions, publications and exports with it. A
   * course anyone enrolled in is refused (409): deleting would take learners' progress and
   * certificates; archiving keeps them.
   */
  async remove(em: EntityManager, id: string): Promise<void> {
    const course = await this.get(em, id);
    await em.transactional(async (tx) => {
      // The course row is locked first: an enrolment being written holds a key-share lock on it (its
      // foreign key), so the count below waits for it to commit, and one written later waits for the
      // delete and then fails its foreign key. No learner can be enrolled into a course mid-delete.
      await tx.execute('select id from course where id = ? and tenant_id = ? for update', [course.id, course.tenantId]);
      // The learning module depends on this one, so its enrolments are counted in SQL (as course-status reads jobs), not imported.
      const [row] = await tx.execute<{ enrolled: number }[]>(
        'select count(*)::int as enrolled from enrolment where course_id = ? and tenant_id = ?',
        [course.id, course.tenantId],
      );
      const enrolled = row?.enrolled ?? 0;
      if (enrolled > 0)
        throw new MiraiError(
          'MIRAI_ERR_COURSE_HAS_ENROLMENTS',
          `${enrolled} ${enrolled === 1 ? 'learner is' : 'learners are'} enrolled; archive the course to keep their progress and certificates`,
        );
      tx.remove(course);
    });
  }

  /** Out of the course list and the catalogue (unpublished, so nobody new enrols); enrolments, progress and certificates stay. */
  async archive(em: EntityManager, id: string): Promise<Course> {
    const course = await this.get(em, id);
    if ((course.archivedAt ?? null) !== null) throw new MiraiError('MIRAI_ERR_COURSE_STATE', 'The course is already archived');
    em.assign(course, { archivedAt: new Date(), status: 'draft' });
    await em.flush();
    return course;
  }

  /** Back in the course list as an unpublished course; publishing it again returns it to learners. */
  async unarchive(em: EntityManager, id: string): Promise<Course> {
    const course = await this.get(em, id);
    if ((course.archivedAt ?? null) === null) throw new MiraiError('MIRAI_ERR_COURSE_STATE', 'The course is not archived');
    em.assign(course, { archivedAt: null });
    await em.flush();
    return course;
  }

  /** Duplicates a course, saves one as a template, or starts a course from a template: all or nothing. */
  async duplicate(em: EntityManager, actor: AuthContext, id: string, request: { kind: Course['kind']; title?: string | undefined }): Promise<Course> {
    const source = await this.get(em, id);
    const title = request.title?.trim() || (request.kind === source.kind ? `Copy of ${source.title}` : source.title);
    const copy = await em.transactional((tx) => copyCourse(tx, source, { kind: request.kind, title: title.slice(0, 200), ownerId: actor.userId }));
    await this.#events.emit('course.created', { tenantId: actor.tenantId, courseId: copy.id });
    return copy;
  }
}
