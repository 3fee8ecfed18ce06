import { readFile } from 'node:fs/promises';
import { AssetCollector, contentStylesheet, lessonEntries, slugify, ZipStream } from '@mirai/export-kit';
import { type CourseDocument, type Exporter, type ExportOptions, PluginError } from '@mirai/sdk-plugin';
import { auPage } from './au-page.ts';
import { CMI5_SETTINGS_SCHEMA, cmi5Settings } from './cmi5-settings.ts';
import { courseStructureXml } from './course-structure.ts';

let runtime: Promise<{ css: string; script: string }> | undefined;

/** The AU stylesheet (export-kit's content.css, then the AU's own rules) and xAPI client, read once. */
function loadRuntime(): Promise<{ css: string; script: string }> {
  runtime ??= Promise.all([
    Promise.all([contentStylesheet(), readFile(new URL('./runtime/au.css', import.meta.url), 'utf8')]).then((parts) => parts.join('\n')),
    readFile(new URL('./runtime/cmi5-au.js', import.meta.url), 'utf8'),
  ]).then(([css, script]) => ({ css, script }));
  return runtime;
}

/** A cmi5 course package: `cmi5.xml`, one AU page per lesson, the shared client, stylesheet and assets. */
export const cmi5Exporter: Exporter = {
  format: 'cmi5',
  label: 'cmi5 (xAPI) course package',
  mediaType: 'application/zip',
  settingsSchema: CMI5_SETTINGS_SCHEMA,
  fileName: (course: CourseDocument) => `${slugify(course.title)}.cmi5.zip`,
  async *export(course: CourseDocument, options: ExportOptions): AsyncIterable<Uint8Array> {
    options.signal?.throwIfAborted();
    const settings = cmi5Settings(options.settings, course.id);
    const lessons = lessonEntries(course);
    if (lessons.length === 0) throw new PluginError('MIRAI_ERR_PLUGIN_BAD_INPUT', 'A cmi5 package needs at least one lesson');
    const { css, script } = await loadRuntime();
    const zip = new ZipStream();
    const assets = new AssetCollector(options.readAsset, (path, bytes) => zip.add(path, bytes));

    zip.add('cmi5.xml', courseStructureXml(course, lessons, settings));
    zip.add('au.css', css);
    zip.add('cmi5-au.js', script);
    yield* zip.take();

    for (const [index, entry] of lessons.entries()) {
      options.signal?.throwIfAborted();
      zip.add(entry.file, auPage(course, entry, await assets.collect(entry.lesson.blocks), settings));
      yield* zip.take();
      options.onProgress?.({ percent: Math.round(((index + 1) / lessons.length) * 100), message: `Lesson ${entry.number}: ${entry.lesson.title}` });
    }

    zip.end();
    yield* zip.take();
  },
};
