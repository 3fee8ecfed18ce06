import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { MiraiError } from '../../errors/mirai-error.ts';
import type { PluginEventBus } from '../../plugin-host/plugin-event-bus.ts';
import type { AuthContext } from '../identity/auth-context.ts';
import { knowledgeRecords } from '../knowledge/knowledge-records.ts';
import { type Course, CourseSchema } from './course.entity.ts';

export interface CourseInput {
  title?: string | undefined;
  desiredOutcome?: string | undefined;
  language?: string | undefined;
  smeIds?: string[] | undefined;
  audienceIds?: string[] | undefined;
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

  constructor(events: PluginEventBus) {
    this.#events = events;
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
      smeIds: input.smeIds ?? [],
      audienceIds: input.audienceIds ?? [],
      outlineProvenance: null,
    });
    await em.flush();
    await this.#events.emit('course.created', { tenantId: actor.tenantId, courseId: course.id });
    return course;
  }

  async update(em: EntityManager, id: string, input: CourseInput): Promise<Course> {
    const course = await this.get(em, id);
    await assertSelectable(em, input);
    em.assign(course, Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined)));
    await em.flush();
    return course;
  }

  async remove(em: EntityManager, id: string): Promise<void> {
    await em.remove(await this.get(em, id)).flush();
  }
}
