import { definePlugin } from '@mirai/sdk-plugin';

export default definePlugin({ name: 'hangs', version: '1.0.0', engine: '^1.0.0', capabilities: [], register: () => new Promise<void>(() => {}) });
