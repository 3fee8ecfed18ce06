import { defineConfig } from 'vitest/config';

// `pnpm test` runs every project on the embedded defaults (PGlite). `pnpm test:server` runs the
// `core` and `integration` projects again against real PostgreSQL (MIRAI_TEST_DATABASE_URL).
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'sdk',
          include: ['sdk-plugin/src/**/*.test.ts', 'packages/*/src/**/*.test.ts', 'plugins/*/src/**/*.test.ts', 'tests/fixtures/*/src/**/*.test.ts'],
        },
      },
      { test: { name: 'core', include: ['core/src/**/*.test.ts'], testTimeout: 30_000, hookTimeout: 60_000 } },
      { test: { name: 'integration', include: ['tests/integration/**/*.test.ts'], testTimeout: 60_000, hookTimeout: 120_000 } },
      { test: { name: 'browser', include: ['tests/browser/**/*.test.ts'], testTimeout: 120_000, hookTimeout: 180_000, fileParallelism: false } },
    ],
  },
});
