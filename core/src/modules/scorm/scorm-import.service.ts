import { randomUUID } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Block } from '@mirai/sdk-plugin';
import { courseRecords } from '../courses/course-records.ts';
import type { CoursesService } from '../courses/courses.service.ts';
import type { LessonsService } from '../courses/lessons.service.ts';
import type { OutlineService } from '../courses/outline.service.ts';
import type { AuthContext } from '../identity/auth-context.ts';
import type { TenantPluginsService } from '../plugins/tenant-plugins.service.ts';
import type { UploadsService } from '../storage/uploads.service.ts';
import type { PackageLimits } from './package-archive.ts';
import { type CheckedPackage, checkPackage } from './package-check.ts';
import { readPackageUpload, storePackageFiles } from './package-intake.ts';
import { type ScormPackage, ScormPackageSchema, type ScormSco, ScormScoSchema } from './scorm-package.entity.ts';

export interface ScormImportLimits extends PackageLimits {
  /** Largest zip read from storage. */
  maxZipBytes: number;
}

export const packageKey = (packageId: string, path: string) => `scorm/${packageId}/${path}`;

function stubBlocks(checked: CheckedPackage, title: string): Block[] {
  const version = checked.manifest.version === '1.2' ? 'SCORM 1.2' : 'SCORM 2004';
  return [
    {
      id: 'scorm-activity',
      type: 'markdown',
      markdown: `**${title}** is a ${version} activity imported from the package "${checked.manifest.title}". Learners play it in Mirai's SCORM player.`,
    },
  ];
}

/**
 * Turns a checked SCORM package upload into a draft course: one module named after the default
 * organisation, one lesson per SCO in flow order. Files go to storage first (a failure deletes
 * them again); the course, lessons and package rows are written in one transaction.
 */
export class ScormImportService {
  readonly #deps: {
    uploads: UploadsService;
    plugins: TenantPluginsService;
    courses: CoursesService;
    outline: OutlineService;
    lessons: LessonsService;
  };
  readonly #limits: ScormImportLimits;

  constructor(
    deps: { uploads: UploadsService; plugins: TenantPluginsService; courses: CoursesService; outline: OutlineService; lessons: LessonsService },
    limits: ScormImportLimits,
  ) {
    this.#deps = deps;
    this.#limits = limits;
  }

  async import(em: EntityManager, actor: AuthContext, uploadId: string): Promise<{ scormPackage: ScormPackage; scos: ScormSco[] }> {
    const bytes = await readPackageUpload(em, this.#deps.uploads, uploadId, this.#limits.maxZipBytes);
    const checked = await checkPackage(bytes, this.#limits);
    const packageId = randomUUID();
    return storePackageFiles(
      this.#deps.plugins,
      em,
      actor.tenantId,
      checked.files,
      (path) => packageKey(packageId, path),
      (storagePlugin) => this.#record(em, actor, checked, { packageId, uploadId, storagePlugin }),
    );
  }

  #record(
    em: EntityManager,
    actor: AuthContext,
    checked: CheckedPackage,
    ids: { packageId: string; uploadId: string; storagePlugin: string },
  ): Promise<{ scormPackage: ScormPackage; scos: ScormSco[] }> {
    const { manifest } = checked;
    return em.transactional(async (tx) => {
      const course = await this.#deps.courses.create(tx, actor, { title: manifest.title.slice(0, 200), desiredOutcome: '' });
      await this.#deps.outline.replaceWithDraft(tx, actor.tenantId, course.id, {
        modules: [{ title: manifest.title.slice(0, 200), lessons: manifest.scos.map((sco) => ({ title: sco.title.slice(0, 200), objectives: [] })) }],
      });
      await tx.flush();
      const lessons = (await courseRecords.lessons(tx, { courseId: course.id })).sort((a, b) => a.position - b.position);
      const scormPackage = tx.create(ScormPackageSchema, {
        id: ids.packageId,
        tenantId: actor.tenantId,
        courseId: course.id,
        uploadId: ids.uploadId,
        storagePlugin: ids.storagePlugin,
        version: manifest.version,
        identifier: manifest.identifier,
        title: manifest.title,
        fileCount: checked.files.size,
        totalBytes: [...checked.files.values()].reduce((sum, bytes) => sum + bytes.length, 0),
        createdBy: actor.userId,
        createdAt: new Date(),
        sequencing: manifest.sequencing,
      });
      const scos = manifest.scos.map((sco, position) => {
        const lesson = lessons[position];
        if (lesson === undefined) throw new Error(`lesson ${position} of the imported outline is missing`);
        return tx.create(ScormScoSchema, {
          id: randomUUID(),
          tenantId: actor.tenantId,
          packageId: scormPackage.id,
          courseId: course.id,
          lessonId: lesson.id,
          position,
          itemIdentifier: sco.identifier,
          title: sco.title,
          launchPath: sco.launch,
          masteryScore: sco.masteryScore,
        });
      });
      await tx.flush();
      for (const lesson of lessons)
        await this.#deps.lessons.addVersion(tx, lesson, stubBlocks(checked, lesson.title), { source: 'author', authorId: actor.userId }, null);
      return { scormPackage, scos };
    });
  }
}
