import { defineConfig } from 'vitest/config';

// `pnpm test` runs every project on the embedded defaults (PGlite). `pnpm test:server` runs the
// `core` and `integration` projects again against real PostgreSQL (MIRAI_TEST_DATABASE_URL).
export default defineConfig({
  test: {
    // Most test files wait on child processes, sockets and databases rather than the CPU; the
    // default (cores - 1) is one worker on a 2-core CI machine and doubles the suite's wall time.
    maxWorkers: 3,
    projects: [
      {
        test: {
          name: 'sdk',
          include: [
            'sdk-plugin/src/**/*.test.ts',
            'packages/*/src/**/*.test.ts',
            'plugins/*/src/**/*.test.ts',
            'tests/fixtures/*/src/**/*.test.ts',
            'app/app/**/*.test.ts',
          ],
        },
      },
      {
        test: {
          name: 'core',
          include: ['core/src/**/*.test.ts'],
          exclude: ['**/node_modules/**', '**/*.load.test.ts'],
          // Time limits only catch hangs (tests wait for conditions): they are set for a machine
          // whose cores are taken by other work, where a server boot can take ten times as long.
          testTimeout: 120_000,
          hookTimeout: 180_000,
        },
      },
      // Latency under load is measured with nothing else running: `pnpm test` runs this project on
      // its own after the others, since test files running beside it would load the same two cores.
      { test: { name: 'load', include: ['core/src/**/*.load.test.ts'], testTimeout: 300_000, hookTimeout: 180_000 } },
      { test: { name: 'integration', include: ['tests/integration/**/*.test.ts'], testTimeout: 180_000, hookTimeout: 240_000 } },
      {
        test: {
          name: 'browser',
          include: ['tests/browser/**/*.test.ts'],
          globalSetup: ['tests/support/app-build.global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
