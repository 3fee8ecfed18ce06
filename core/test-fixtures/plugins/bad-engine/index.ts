import { definePlugin } from '@mirai/sdk-plugin';

export default definePlugin({ name: 'bad-engine', version: '1.0.0', engine: '^2.0.0', capabilities: [], register() {} });
