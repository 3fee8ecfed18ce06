import { definePlugin } from '@mirai/sdk-plugin';

// Never settles and ignores every signal: the host alone must get out of it.
const forever = () => new Promise<never>(() => {});

/** An exporter whose export never yields nor ends, and a stop() that never returns. */
export default definePlugin({
  name: 'never-ends',
  version: '1.0.0',
  engine: '^1.0.0',
  capabilities: ['exporter'],
  register(context) {
    context.provide('exporter', {
      format: 'never',
      label: 'Never ends',
      mediaType: 'application/octet-stream',
      fileName: () => 'never.bin',
      async *export() {
        yield await forever();
      },
    });
  },
  stop: forever,
});
