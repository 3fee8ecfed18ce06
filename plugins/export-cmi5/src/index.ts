import { definePlugin } from '@mirai/sdk-plugin';
import { cmi5Exporter } from './cmi5-exporter.ts';

export { cmi5Exporter } from './cmi5-exporter.ts';

export default definePlugin({
  name: 'export-cmi5',
  version: '1.0.0',
  engine: '^1.0.0',
  capabilities: ['exporter'],
  register(context) {
    context.provide('exporter', cmi5Exporter);
  },
});
