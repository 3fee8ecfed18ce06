import { slugify } from '@mirai/export-kit';
import type { Exporter, PluginLogger } from '@mirai/sdk-plugin';
import { writePackage } from './package-writer.ts';
import type { ScormVersion } from './sco-page.ts';
import { SCORM_SETTINGS_SCHEMA } from './scorm-settings.ts';

/** A SCORM exporter; warnings (missing images) go to `onProgress` and, when given, to `logger`. */
export function createScormExporter(version: ScormVersion, logger?: Pick<PluginLogger, 'warn'>): Exporter {
  const format = version === '1.2' ? 'scorm12' : 'scorm2004';
  return {
    format,
    label: version === '1.2' ? 'SCORM 1.2' : 'SCORM 2004 4th Edition',
    mediaType: 'application/zip',
    settingsSchema: SCORM_SETTINGS_SCHEMA,
    fileName: (course) => `${slugify(course.title, 'course')}-${format}.zip`,
    export: (course, options) => writePackage(version, course, options, logger),
  };
}
