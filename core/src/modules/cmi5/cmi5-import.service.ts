import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { courseRecords } from '../courses/course-records.ts';
import type { CoursesService } from '../courses/courses.service.ts';
import type { LessonsService } from '../courses/lessons.service.ts';
import type { OutlineService } from '../courses/outline.service.ts';
import type { AuthContext } from '../identity/auth-context.ts';
import type { TenantPluginsService } from '../plugins/tenant-plugins.service.ts';
import { readPackageUpload, storePackageFiles } from '../scorm/package-intake.ts';
import type { ScormImportLimits } from '../scorm/scorm-import.service.ts';
import type { UploadsService } from '../storage/uploads.service.ts';
import { type CheckedCmi5Package, checkCmi5Package } from './cmi5-package-check.ts';
import { type Cmi5Au, Cmi5AuSchema, type Cmi5Course, Cmi5CourseSchema } from './cmi5-records.entity.ts';

export const cmi5FileKey = (cmi5CourseId: string, path: string) => `cmi5/${cmi5CourseId}/${path}`;

type ImportDeps = {
  uploads: UploadsService;
  plugins: TenantPluginsService;
  courses: CoursesService;
  outline: OutlineService;
  lessons: LessonsService;
};

/**
 * Turns a checked cmi5 upload (zip with cmi5.xml, or a bare cmi5.xml) into a draft course: one
 * module, one lesson per AU in cmi5.xml order. Files go to storage first (a failure deletes them
 * again); the course, lessons and cmi5 rows are written in one transaction.
 */
export class Cmi5ImportService {
  readonly #deps: ImportDeps;
  readonly #limits: ScormImportLimits;

  constructor(deps: ImportDeps, limits: ScormImportLimits) {
    this.#deps = deps;
    this.#limits = limits;
  }

  async import(em: EntityManager, actor: AuthContext, uploadId: string): Promise<{ cmi5Course: Cmi5Course; aus: Cmi5Au[] }> {
    const bytes = await readPackageUpload(em, this.#deps.uploads, uploadId, this.#limits.maxZipBytes);
    const checked = await checkCmi5Package(bytes, this.#limits);
    const cmi5CourseId = randomUUID();
    return storePackageFiles(
      this.#deps.plugins,
      em,
      actor.tenantId,
      checked.files,
      (path) => cmi5FileKey(cmi5CourseId, path),
      (storagePlugin) => this.#record(em, actor, checked, { cmi5CourseId, uploadId, storagePlugin }),
    );
  }

  #record(
    em: EntityManager,
    actor: AuthContext,
    checked: CheckedCmi5Package,
    ids: { cmi5CourseId: string; uploadId: string; storagePlugin: string },
  ): Promise<{ cmi5Course: Cmi5Course; aus: Cmi5Au[] }> {
    const { structure } = checked;
    const title = structure.title.slice(0, 200);
    return em.transactional(async (tx) => {
      const course = await this.#deps.courses.create(tx, actor, { title, desiredOutcome: '' });
      await this.#deps.outline.replaceWithDraft(tx, actor.tenantId, course.id, {
        modules: [{ title, lessons: structure.aus.map((au) => ({ title: au.title.slice(0, 200), objectives: [] })) }],
      });
      await tx.flush();
      const lessons = (await courseRecords.lessons(tx, { courseId: course.id })).sort((a, b) => a.position - b.position);
      const cmi5Course = tx.create(Cmi5CourseSchema, {
        id: ids.cmi5CourseId,
        tenantId: actor.tenantId,
        courseId: course.id,
        uploadId: ids.uploadId,
        storagePlugin: ids.storagePlugin,
        courseIri: structure.courseIri,
        title: structure.title,
        structure,
        fileCount: checked.files.size,
        totalBytes: [...checked.files.values()].reduce((sum, bytes) => sum + bytes.length, 0),
        createdBy: actor.userId,
        createdAt: new Date(),
      });
      const aus = structure.aus.map((au, position) => {
        const lesson = lessons[position];
        if (lesson === undefined) throw new Error(`lesson ${position} of the imported outline is missing`);
        return tx.create(Cmi5AuSchema, {
          id: randomUUID(),
          tenantId: actor.tenantId,
          cmi5CourseId: cmi5Course.id,
          courseId: course.id,
          lessonId: lesson.id,
          position,
          auIri: au.iri,
          title: au.title,
          url: au.url,
          moveOn: au.moveOn,
          masteryScore: au.masteryScore,
          launchMethod: au.launchMethod,
          launchParameters: au.launchParameters,
          entitlementKey: au.entitlementKey,
        });
      });
      await tx.flush();
      for (const lesson of lessons)
        await this.#deps.lessons.addVersion(
          tx,
          lesson,
          [
            {
              id: 'cmi5-activity',
              type: 'markdown',
              markdown: `**${lesson.title}** is a cmi5 assignable unit imported from the course "${structure.title}". Learners play it in Mirai's cmi5 player.`,
            },
          ],
          { source: 'author', authorId: actor.userId },
          null,
        );
      return { cmi5Course, aus };
    });
  }
}
