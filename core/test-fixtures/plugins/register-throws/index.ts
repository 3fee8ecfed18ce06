import { definePlugin } from '@mirai/sdk-plugin';

export default definePlugin({
  name: 'register-throws',
  version: '1.0.0',
  engine: '^1.0.0',
  capabilities: [],
  register() {
    throw new Error('boom');
  },
});
