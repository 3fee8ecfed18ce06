import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { MiraiError } from '../../errors/mirai-error.ts';
import { courseRecords } from '../courses/course-records.ts';
import type { CoursesService } from '../courses/courses.service.ts';
import type { LessonsService } from '../courses/lessons.service.ts';
import type { OutlineService } from '../courses/outline.service.ts';
import type { AuthContext } from '../identity/auth-context.ts';
import type { TenantPluginsService } from '../plugins/tenant-plugins.service.ts';
import { contentTypeOf } from '../scorm/content-types.ts';
import { packageRefusal } from '../scorm/package-refusal.ts';
import type { ScormImportLimits } from '../scorm/scorm-import.service.ts';
import { tenantStorage } from '../storage/tenant-storage.ts';
import { uploadRecords } from '../storage/upload-records.ts';
import type { UploadsService } from '../storage/uploads.service.ts';
import { type CheckedCmi5Package, checkCmi5Package } from './cmi5-package-check.ts';
import { type Cmi5Au, Cmi5AuSchema, type Cmi5Course, Cmi5CourseSchema } from './cmi5-records.entity.ts';

export const cmi5FileKey = (cmi5CourseId: string, path: string) => `cmi5/${cmi5CourseId}/${path}`;

const invalid = (message: string, code: 'MIRAI_ERR_REQUEST_VALIDATION' | 'MIRAI_ERR_UPLOAD_INCOMPLETE' = 'MIRAI_ERR_REQUEST_VALIDATION') =>
  new MiraiError(code, `/body/uploadId ${message}`, { fieldErrors: [{ field: '/body/uploadId', message }] });

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
    const upload = await uploadRecords.upload(em, uploadId);
    if (upload === null) throw invalid('is not an upload of this organisation');
    if (upload.status !== 'complete') throw invalid('is not complete; PUT the file and complete the upload first', 'MIRAI_ERR_UPLOAD_INCOMPLETE');
    if (upload.sizeBytes > this.#limits.maxZipBytes)
      throw packageRefusal('MIRAI_ERR_SCORM_PACKAGE_TOO_LARGE', `The upload has ${upload.sizeBytes} bytes; at most ${this.#limits.maxZipBytes}`, {
        limit: 'zipBytes',
      });
    const read = await this.#deps.uploads.read(em, upload, this.#limits.maxZipBytes);
    if (read === null) throw invalid('has no stored file any more; upload it again', 'MIRAI_ERR_UPLOAD_INCOMPLETE');
    const checked = await checkCmi5Package(read.bytes, this.#limits);
    const cmi5CourseId = randomUUID();
    const { plugin, storage, tenant } = await tenantStorage(this.#deps.plugins, em, actor.tenantId);
    const stored: string[] = [];
    try {
      for (const [path, bytes] of checked.files) {
        const key = cmi5FileKey(cmi5CourseId, path);
        await storage.put(key, bytes, { contentType: contentTypeOf(path) }, tenant);
        stored.push(key);
      }
      return await this.#record(em, actor, checked, { cmi5CourseId, uploadId, storagePlugin: plugin });
    } catch (error) {
      await Promise.allSettled(stored.map((key) => storage.delete(key, tenant)));
      throw error;
    }
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
