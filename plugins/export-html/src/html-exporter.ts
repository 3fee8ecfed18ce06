import { readFile } from 'node:fs/promises';
import { AssetCollector, contentStylesheet, lessonEntries, slugify, ZipStream } from '@mirai/export-kit';
import type { CourseDocument, Exporter, ExportOptions } from '@mirai/sdk-plugin';
import { indexPage, lessonPage } from './site-pages.ts';

let runtime: Promise<{ css: string; script: string }> | undefined;

/** The stylesheet (export-kit's content.css, then the site's own rules) and the inline script, read once. */
function loadRuntime(): Promise<{ css: string; script: string }> {
  runtime ??= Promise.all([
    Promise.all([contentStylesheet(), readFile(new URL('./runtime/site.css', import.meta.url), 'utf8')]).then((parts) => parts.join('\n')),
    readFile(new URL('./runtime/site.js', import.meta.url), 'utf8'),
  ]).then(([css, script]) => ({ css, script }));
  return runtime;
}

/** A zip of static pages that read offline from file://: index.html, one page per lesson, style.css and assets/. */
export const htmlExporter: Exporter = {
  format: 'html',
  label: 'Static website (HTML, offline)',
  mediaType: 'application/zip',
  fileName: (course: CourseDocument) => `${slugify(course.title)}.zip`,
  async *export(course: CourseDocument, options: ExportOptions): AsyncIterable<Uint8Array> {
    options.signal?.throwIfAborted();
    const { css, script } = await loadRuntime();
    const zip = new ZipStream();
    const lessons = lessonEntries(course);
    const assets = new AssetCollector(options.readAsset, (path, bytes) => zip.add(path, bytes));

    zip.add('index.html', indexPage(course, lessons, script));
    zip.add('style.css', css);
    yield* zip.take();

    for (const [index, entry] of lessons.entries()) {
      options.signal?.throwIfAborted();
      const paths = await assets.collect(entry.lesson.blocks);
      zip.add(entry.file, lessonPage({ course, entry, previous: lessons[index - 1], next: lessons[index + 1], assets: paths, script }));
      yield* zip.take();
      options.onProgress?.({ percent: Math.round(((index + 1) / lessons.length) * 100), message: `Lesson ${entry.number}: ${entry.lesson.title}` });
    }

    zip.end();
    yield* zip.take();
    if (lessons.length === 0) options.onProgress?.({ percent: 100, message: 'No lessons' });
  },
};
