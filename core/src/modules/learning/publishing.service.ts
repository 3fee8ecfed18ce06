import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { MiraiError } from '../../errors/mirai-error.ts';
import type { PluginEventBus } from '../../plugin-host/plugin-event-bus.ts';
import { type Course, courseRecords } from '../courses/course-records.ts';
import { isWritingLessons } from '../courses/course-status.ts';
import type { OutlineModule, OutlineService } from '../courses/outline.service.ts';
import type { AuthContext } from '../identity/auth-context.ts';
import {
  type CoursePublication,
  CoursePublicationSchema,
  type PublishedLesson,
  PublishedLessonSchema,
  type PublishedOutline,
} from './publication.entity.ts';

/**
 * Publishing freezes what learners see: the outline and, per lesson, the version current at
 * publish time (its blocks are copied). Later edits stay drafts until the author publishes again.
 */
export class PublishingService {
  readonly #outline: OutlineService;
  readonly #events: Pick<PluginEventBus, 'emit'>;

  constructor(outline: OutlineService, events: Pick<PluginEventBus, 'emit'>) {
    this.#outline = outline;
    this.#events = events;
  }

  /** A course of the caller's tenant, whatever its status. */
  async course(em: EntityManager, id: string): Promise<Course> {
    const course = await courseRecords.course(em, id);
    if (course === null) throw new MiraiError('MIRAI_ERR_COURSE_NOT_FOUND');
    return course;
  }

  /** The newest publication of a course, or null if it was never published. */
  latest(em: EntityManager, courseId: string): Promise<CoursePublication | null> {
    return em.findOne(CoursePublicationSchema, { courseId }, { orderBy: { number: 'desc' } });
  }

  /** The newest publication of each course (for lists). */
  async latestOf(em: EntityManager, courseIds: string[]): Promise<Map<string, CoursePublication>> {
    if (courseIds.length === 0) return new Map();
    const rows = await em.find(CoursePublicationSchema, { courseId: { $in: courseIds } }, { orderBy: { number: 'desc' } });
    const latest = new Map<string, CoursePublication>();
    for (const row of rows) if (!latest.has(row.courseId)) latest.set(row.courseId, row);
    return latest;
  }

  /** The published content of one lesson in the newest publication. */
  async lesson(em: EntityManager, publication: CoursePublication, lessonId: string): Promise<PublishedLesson> {
    const lesson = await em.findOne(PublishedLessonSchema, { publicationId: publication.id, lessonId });
    if (lesson === null) throw new MiraiError('MIRAI_ERR_LESSON_NOT_FOUND', 'The lesson is not part of the published course');
    return lesson;
  }

  lessons(em: EntityManager, publication: CoursePublication): Promise<PublishedLesson[]> {
    return em.find(PublishedLessonSchema, { publicationId: publication.id });
  }

  /** Publishes (or republishes) a course whose lessons all have content, in one transaction. */
  async publish(em: EntityManager, actor: AuthContext, courseId: string): Promise<CoursePublication> {
    const publication = await this.#publishInTransaction(em, actor, courseId);
    // After the commit, like every domain event: plugins never hear of a publication that rolled back.
    await this.#events.emit('course.published', { tenantId: actor.tenantId, courseId });
    return publication;
  }

  #publishInTransaction(em: EntityManager, actor: AuthContext, courseId: string): Promise<CoursePublication> {
    return em.transactional(async (tx) => {
      const course = await this.course(tx, courseId);
      // Serialises concurrent publishes of one course, so publication numbers never collide; read under
      // the lock, an archive or template conversion that committed first is seen.
      const [locked] = await tx.execute<{ kind: string; archived: boolean }[]>(
        'select kind, archived_at is not null as archived from course where id = ? and tenant_id = ? for update',
        [course.id, actor.tenantId],
      );
      if (locked?.kind === 'template') throw new MiraiError('MIRAI_ERR_COURSE_STATE', 'A template is not published; start a course from it');
      if (locked?.archived === true) throw new MiraiError('MIRAI_ERR_COURSE_STATE', 'The course is archived; restore it before publishing');
      if (await isWritingLessons(tx, course.id))
        throw new MiraiError('MIRAI_ERR_COURSE_NOT_PUBLISHABLE', 'Generation is still running; publish when it has finished');
      const outline = await this.#outline.get(tx, courseId);
      const lessons = outline.flatMap((entry) => entry.lessons);
      if (lessons.length === 0) throw new MiraiError('MIRAI_ERR_COURSE_NOT_PUBLISHABLE', 'The course has no lessons yet');
      const empty = lessons.filter((lesson) => lesson.currentVersion === 0);
      if (empty.length > 0)
        throw new MiraiError(
          'MIRAI_ERR_COURSE_NOT_PUBLISHABLE',
          `These lessons have no content yet: ${empty.map((l) => `"${l.title}"`).join(', ')}`,
          {
            extensions: { lessonIds: empty.map((l) => l.id) },
          },
        );
      const versions = await courseRecords.versions(tx, {
        $or: lessons.map((lesson) => ({ lessonId: lesson.id, version: lesson.currentVersion })),
      });
      const previous = await this.latest(tx, courseId);
      const publication = tx.create(CoursePublicationSchema, {
        id: randomUUID(),
        tenantId: actor.tenantId,
        courseId,
        number: (previous?.number ?? 0) + 1,
        title: course.title,
        description: course.desiredOutcome,
        language: course.language,
        outline: { modules: learnersOutline(outline) },
        publishedBy: actor.userId,
        publishedAt: new Date(),
      });
      for (const lesson of lessons) {
        const version = versions.find((v) => v.lessonId === lesson.id && v.version === lesson.currentVersion);
        if (version === undefined) throw new Error(`lesson ${lesson.id} points at a missing version ${lesson.currentVersion}`);
        tx.create(PublishedLessonSchema, {
          id: randomUUID(),
          tenantId: actor.tenantId,
          publicationId: publication.id,
          courseId,
          lessonId: lesson.id,
          lessonVersionId: version.id,
          version: version.version,
          blocks: version.blocks,
        });
      }
      // Learners only ever read the newest publication; older ones keep their outline as history.
      if (previous !== null) await tx.nativeDelete(PublishedLessonSchema, { courseId, publicationId: { $ne: publication.id } });
      course.status = 'published';
      await tx.flush();
      return publication;
    });
  }

  /**
   * What publishing now would change for learners: the lessons whose current version is not the
   * published one (or that were added or removed), and whether the title or outline differ.
   */
  async changesSince(em: EntityManager, publication: CoursePublication): Promise<{ changedLessons: number; outlineChanged: boolean }> {
    const [course, outline, published] = await Promise.all([
      this.course(em, publication.courseId),
      this.#outline.get(em, publication.courseId),
      this.lessons(em, publication),
    ]);
    const current = outline.flatMap((entry) => entry.lessons);
    const publishedVersion = new Map(published.map((lesson) => [lesson.lessonId, lesson.version]));
    const changed = current.filter((lesson) => publishedVersion.get(lesson.id) !== lesson.currentVersion).length;
    const removed = published.filter((lesson) => !current.some((c) => c.id === lesson.lessonId)).length;
    const outlineChanged = course.title !== publication.title || outlineKey(learnersOutline(outline)) !== outlineKey(publication.outline.modules);
    return { changedLessons: changed + removed, outlineChanged };
  }

  /** Takes a course out of the catalogue; enrolments and progress are kept for a later republish. */
  async unpublish(em: EntityManager, courseId: string): Promise<Course> {
    const course = await this.course(em, courseId);
    if (course.status !== 'published') throw new MiraiError('MIRAI_ERR_COURSE_STATE', 'The course is not published');
    course.status = 'draft';
    await em.flush();
    return course;
  }

  /** A published course for learners: 404 when it does not exist or is not published now. */
  async publishedCourse(em: EntityManager, courseId: string): Promise<{ course: Course; publication: CoursePublication }> {
    const course = await courseRecords.course(em, courseId);
    if (course === null) throw new MiraiError('MIRAI_ERR_COURSE_NOT_FOUND');
    const publication = course.status === 'published' ? await this.latest(em, courseId) : null;
    if (publication === null) throw new MiraiError('MIRAI_ERR_COURSE_NOT_PUBLISHED');
    return { course, publication };
  }

  /** Published courses of the tenant with their newest publication, newest first. */
  async catalogue(em: EntityManager): Promise<CoursePublication[]> {
    const courses = await courseRecords.courses(em, { status: 'published' });
    const latest = await this.latestOf(
      em,
      courses.map((course) => course.id),
    );
    return [...latest.values()].sort((a, b) => b.publishedAt.getTime() - a.publishedAt.getTime());
  }
}

/** The outline as learners see it: modules with lessons, titles and objectives (stored with each publication). */
function learnersOutline(outline: OutlineModule[]): PublishedOutline['modules'] {
  return outline
    .filter((entry) => entry.lessons.length > 0)
    .map(({ module, lessons }) => ({
      id: module.id,
      title: module.title,
      lessons: lessons.map((lesson) => ({ id: lesson.id, title: lesson.title, objectives: lesson.objectives })),
    }));
}

/** The outline compared field by field: a stored JSON document does not keep its keys' order. */
function outlineKey(modules: PublishedOutline['modules']): string {
  return JSON.stringify(modules.map((m) => [m.id, m.title, m.lessons.map((l) => [l.id, l.title, l.objectives])]));
}
