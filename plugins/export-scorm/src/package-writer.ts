import { AssetCollector, escapeHtml, ZipStream } from '@mirai/export-kit';
import { type CourseDocument, type ExportOptions, PluginError, type PluginLogger } from '@mirai/sdk-plugin';
import { scormAssetPath } from './assets.ts';
import { type ManifestModel, type ManifestResource, xmlId } from './manifest-model.ts';
import { scorm12Manifest } from './manifest-scorm12.ts';
import { scorm2004Manifest } from './manifest-scorm2004.ts';
import { ScoBuilder, type SharedAssets } from './sco-builder.ts';
import { renderScoPage, type ScormVersion } from './sco-page.ts';
import { planPackage, type ScoPlan } from './sco-plan.ts';
import { scormSettings } from './scorm-settings.ts';
import { playerFiles, schemaFiles } from './static-files.ts';

const SHARED: ManifestResource = {
  identifier: 'RES-SHARED',
  href: 'shared/player.js',
  files: ['shared/player.js', 'shared/content.css', 'shared/player.css'],
};

/** A whole-course page groups its lessons under module headings. */
function pageContent(sco: ScoPlan, lessonHtml: string[]): string {
  if (!sco.wholeCourse) return lessonHtml.join('\n');
  const modules = new Map<string, string[]>();
  sco.lessons.forEach((entry, index) => {
    const sections = modules.get(entry.module.id) ?? [`<h2 class="module-title">${escapeHtml(entry.module.title)}</h2>`];
    sections.push(lessonHtml[index] ?? '');
    modules.set(entry.module.id, sections);
  });
  return [...modules.values()].map((sections) => `<section class="module">${sections.join('\n')}</section>`).join('\n');
}

/**
 * Writes a SCORM package for `course`, yielding the zip's bytes as one chunk per step (player,
 * each SCO, manifest), so an abort between steps stops the export at the next one.
 */
export async function* writePackage(
  version: ScormVersion,
  course: CourseDocument,
  options: ExportOptions,
  logger?: Pick<PluginLogger, 'warn'>,
): AsyncGenerator<Uint8Array> {
  const settings = scormSettings(options.settings);
  const plan = planPackage(course, settings.scoPerLesson);
  if (plan.lessonCount === 0) throw new PluginError('MIRAI_ERR_PLUGIN_BAD_INPUT', 'a SCORM package needs at least one lesson');

  const { signal } = options;
  const zip = new ZipStream();
  let done = 0;
  const percent = () => Math.round((done / plan.lessonCount) * 95);
  const add = (path: string, data: Uint8Array | string) => {
    signal?.throwIfAborted();
    zip.add(path, data);
  };
  const assets: SharedAssets = {
    collector: new AssetCollector(options.readAsset, add, scormAssetPath),
    warn: (message) => {
      logger?.warn(message, { courseId: course.id });
      options.onProgress?.({ percent: percent(), message });
    },
  };

  for (const file of await playerFiles()) add(file.path, file.data);
  yield Buffer.concat(zip.take());

  const resources: ManifestResource[] = [];
  for (const sco of plan.scos) {
    const builder = new ScoBuilder(assets, sco.wholeCourse);
    const lessonHtml: string[] = [];
    for (const entry of sco.lessons) {
      signal?.throwIfAborted();
      lessonHtml.push(await builder.lessonHtml(entry));
      done += 1;
      options.onProgress?.({ percent: percent(), message: `Packaged lesson ${done} of ${plan.lessonCount}: ${entry.lesson.title}` });
    }
    add(
      sco.href,
      renderScoPage({
        version,
        language: course.language,
        kicker: sco.kicker,
        title: sco.title,
        contentHtml: pageContent(sco, lessonHtml),
        masteryScore: settings.masteryScore,
        rootPrefix: '../',
      }),
    );
    resources.push({ identifier: sco.identifier, href: sco.href, files: [sco.href, ...builder.files] });
    yield Buffer.concat(zip.take());
  }

  for (const file of await schemaFiles(version)) add(file.path, file.data);
  const model: ManifestModel = {
    identifier: xmlId('MIRAI', course.id),
    title: course.title,
    masteryScore: settings.masteryScore,
    items: plan.items,
    scos: resources,
    shared: SHARED,
  };
  add('imsmanifest.xml', version === '1.2' ? scorm12Manifest(model) : scorm2004Manifest(model));
  zip.end();
  yield Buffer.concat(zip.take());
  options.onProgress?.({ percent: 100, message: 'SCORM package complete' });
}
