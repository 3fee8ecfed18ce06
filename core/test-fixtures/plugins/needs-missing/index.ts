import { definePlugin } from '@mirai/sdk-plugin';

export default definePlugin({
  name: 'needs-missing',
  version: '1.0.0',
  engine: '^1.0.0',
  capabilities: [],
  dependencies: ['not-installed'],
  register() {},
});
