import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Block } from '@mirai/sdk-plugin';
import { MiraiError } from '../../errors/mirai-error.ts';
import { assertValidBlocks } from './block-validation.ts';
import { type Lesson, LessonSchema } from './lesson.entity.ts';
import { type LessonProvenance, type LessonVersion, LessonVersionSchema } from './lesson-version.entity.ts';
import { blocksWithSafeLinks } from './markdown-links.ts';
import { assertMediaUploads } from './media-upload-check.ts';

export interface LessonWithContent {
  lesson: Lesson;
  current: LessonVersion | null;
}

/** Lesson content as numbered versions: every save or regeneration adds one, none is overwritten. */
export class LessonsService {
  async get(em: EntityManager, id: string): Promise<Lesson> {
    const lesson = await em.findOne(LessonSchema, { id });
    if (lesson === null) throw new MiraiError('MIRAI_ERR_LESSON_NOT_FOUND');
    return lesson;
  }

  async withContent(em: EntityManager, id: string): Promise<LessonWithContent> {
    const lesson = await this.get(em, id);
    const current = lesson.currentVersion === 0 ? null : await em.findOne(LessonVersionSchema, { lessonId: id, version: lesson.currentVersion });
    return { lesson, current };
  }

  versions(em: EntityManager, lessonId: string): Promise<LessonVersion[]> {
    return em.find(LessonVersionSchema, { lessonId }, { orderBy: { version: 'desc' } });
  }

  /**
   * Adds a version and makes it current, in the caller's transaction. With a jobId, a second
   * call for the same job is a no-op (the unique (lesson, job) constraint makes it exactly once).
   */
  async addVersion(
    em: EntityManager,
    lesson: Lesson,
    blocks: Block[],
    provenance: LessonProvenance,
    jobId: string | null,
  ): Promise<LessonVersion | null> {
    assertValidBlocks(blocks, '/blocks');
    await assertMediaUploads(em, blocks, '/blocks');
    // Whoever wrote them (an author, a model, an import), stored blocks carry no dangerous link.
    const stored = blocksWithSafeLinks(blocks, '/blocks');
    const rows = await em.execute<{ version: number }[]>(
      `insert into lesson_version (id, tenant_id, lesson_id, version, blocks, provenance, job_id, created_at)
       select ?, ?, ?, coalesce(max(version), 0) + 1, ?::jsonb, ?::jsonb, ?, now() from lesson_version where lesson_id = ?
       on conflict (lesson_id, job_id) do nothing returning version`,
      [randomUUID(), lesson.tenantId, lesson.id, JSON.stringify(stored), JSON.stringify(provenance), jobId, lesson.id],
    );
    const version = rows[0]?.version;
    if (version === undefined) return null;
    await em.nativeUpdate(LessonSchema, { id: lesson.id }, { currentVersion: version, status: 'ready', updatedAt: new Date() });
    return em.findOneOrFail(LessonVersionSchema, { lessonId: lesson.id, version });
  }

  /** Makes an earlier version current again (after comparing, or to undo a regeneration). */
  async restore(em: EntityManager, lessonId: string, version: number): Promise<Lesson> {
    const lesson = await this.get(em, lessonId);
    const exists = await em.count(LessonVersionSchema, { lessonId, version });
    if (exists === 0) throw new MiraiError('MIRAI_ERR_LESSON_NOT_FOUND', `Lesson has no version ${version}`);
    em.assign(lesson, { currentVersion: version });
    await em.flush();
    return lesson;
  }
}
