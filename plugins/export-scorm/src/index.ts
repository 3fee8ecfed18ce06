import { definePlugin } from '@mirai/sdk-plugin';
import { createScormExporter } from './scorm-exporter.ts';

export { createScormExporter } from './scorm-exporter.ts';
export { DEFAULT_SCORM_SETTINGS, type ScormSettings } from './scorm-settings.ts';

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
