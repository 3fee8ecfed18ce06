import { definePlugin } from '@mirai/sdk-plugin';
import { htmlExporter } from './html-exporter.ts';

export { htmlExporter } from './html-exporter.ts';

export default definePlugin({
  name: 'export-html',
  version: '1.0.0',
  engine: '^1.0.0',
  capabilities: ['exporter'],
  register(context) {
    context.provide('exporter', htmlExporter);
  },
});
