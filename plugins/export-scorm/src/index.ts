import { definePlugin, type Exporter, type PluginLogger } from '@mirai/sdk-plugin';
import { writePackage } from './package-writer.ts';
import type { ScormVersion } from './sco-page.ts';
import { SETTINGS_SCHEMA } from './settings.ts';
import { slugify } from './slug.ts';

export { DEFAULT_SETTINGS, type ScormSettings } from './settings.ts';

/** A SCORM exporter; warnings (missing images) go to `onProgress` and, when given, to `logger`. */
export function createScormExporter(version: ScormVersion, logger?: Pick<PluginLogger, 'warn'>): Exporter {
  const format = version === '1.2' ? 'scorm12' : 'scorm2004';
  return {
    format,
    label: version === '1.2' ? 'SCORM 1.2' : 'SCORM 2004 4th Edition',
    mediaType: 'application/zip',
    settingsSchema: SETTINGS_SCHEMA,
    fileName: (course) => `${slugify(course.title, 'course')}-${format}.zip`,
    export: (course, options) => writePackage(version, course, options, logger),
  };
}

export default definePlugin({
  name: 'export-scorm',
  version: '1.0.0',
  engine: '^1.0.0',
  capabilities: ['exporter'],
  register(context) {
    context.provide('exporter', createScormExporter('1.2', context.logger));
    context.provide('exporter', createScormExporter('2004', context.logger));
  },
});
