import { definePlugin } from '@mirai/sdk-plugin';
import { ccExporter } from './cc-exporter.ts';

export { ccExporter } from './cc-exporter.ts';

export default definePlugin({
  name: 'export-cc',
  version: '1.0.0',
  engine: '^1.0.0',
  capabilities: ['exporter'],
  register(context) {
    context.provide('exporter', ccExporter);
  },
});
