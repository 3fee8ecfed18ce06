import { AssetCollector, slugify, ZipStream } from '@mirai/export-kit';
import { type CourseDocument, type Exporter, type ExportOptions, PluginError } from '@mirai/sdk-plugin';
import { cartridgeLessons, STYLESHEET, WEB_RESOURCES } from './cartridge-layout.ts';
import { manifestXml } from './cc-manifest.ts';
import { assessmentXml } from './qti-assessment.ts';
import { CARTRIDGE_CSS, webContentPage } from './web-content-page.ts';

/** An IMS Common Cartridge 1.3: lessons as web content, quizzes as QTI 1.2 assessments, and the manifest last. */
export const ccExporter: Exporter = {
  format: 'cc13',
  label: 'IMS Common Cartridge 1.3',
  mediaType: 'application/zip',
  fileName: (course: CourseDocument) => `${slugify(course.title)}.imscc`,
  async *export(course: CourseDocument, options: ExportOptions): AsyncIterable<Uint8Array> {
    options.signal?.throwIfAborted();
    const lessons = cartridgeLessons(course);
    if (lessons.length === 0) throw new PluginError('MIRAI_ERR_PLUGIN_BAD_INPUT', 'A cartridge needs at least one lesson');
    const zip = new ZipStream();
    const sharedFiles = [STYLESHEET];
    const assets = new AssetCollector(options.readAsset, (path, bytes) => {
      sharedFiles.push(`${WEB_RESOURCES}/${path}`);
      zip.add(`${WEB_RESOURCES}/${path}`, bytes);
    });

    zip.add(STYLESHEET, CARTRIDGE_CSS);
    for (const [index, entry] of lessons.entries()) {
      options.signal?.throwIfAborted();
      zip.add(entry.page, webContentPage(course, entry, await assets.collect(entry.lesson.blocks)));
      if (entry.assessment !== null) zip.add(entry.assessment, assessmentXml(entry));
      yield* zip.take();
      options.onProgress?.({ percent: Math.round(((index + 1) / lessons.length) * 100), message: `Lesson ${entry.number}: ${entry.lesson.title}` });
    }

    zip.add('imsmanifest.xml', manifestXml(course, lessons, sharedFiles));
    zip.end();
    yield* zip.take();
  },
};
