import { tmpdir } from 'node:os';
import path from 'node:path';
import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * Vitest runs the parallel projects' files in project-name order (core, integration, sdk), so the
 * integration files, which start registries, clusters and CLIs and take the longest, began last and
 * left one worker busy long after the others were done. Longest work first keeps all workers busy.
 */
const PROJECT_WEIGHT: Record<string, number> = { integration: 0, core: 1, sdk: 2 };

class LongestFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const weight = (file: TestSpecification) => PROJECT_WEIGHT[file.project.name] ?? 3;
    // Array.prototype.sort is stable: within a project, the base order (slowest first when known) stays.
    return sorted.sort((a, b) => weight(a) - weight(b));
  }
}

// MIRAI_TEST_NATIVE_IMPORTS=1 loads the server-side projects' TypeScript with Node's own type
// stripping (the code is erasable-syntax only, nothing uses vi.mock) instead of Vite's module
// runner. Opt-in: `pnpm bench suite` on a heavily loaded machine showed 0.96x the CPU, within the
// noise (docs/benchmarks.md). The app's unit tests (sdk project) always need Vite.
const NATIVE_IMPORTS = process.env.MIRAI_TEST_NATIVE_IMPORTS === '1' ? { experimental: { viteModuleRunner: false } } : {};

// Test workers inherit this, so Node keeps each module's compiled code, and each TypeScript file
// stripped of its types, on disk across workers and runs (the directory `mirai` itself uses, see
// core/src/cli.ts). Every test file runs in a fresh worker and loads the same modules again.
process.env.NODE_COMPILE_CACHE ??= path.join(tmpdir(), 'node-compile-cache');

// `pnpm test` runs every project on the embedded defaults (PGlite). `pnpm test:server` runs the
// `core` and `integration` projects again against real PostgreSQL (MIRAI_TEST_DATABASE_URL).
export default defineConfig({
  test: {
    // Most test files wait on child processes, sockets and databases rather than the CPU; the
    // default (cores - 1) is one worker on a 2-core CI machine and doubles the suite's wall time.
    maxWorkers: 3,
    sequence: { sequencer: LongestFirstSequencer },
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
            'scripts/**/*.test.ts',
          ],
          // Vitest's 5 s default is a speed limit, not a hang detector: at load 10 a password hash,
          // an xmllint run or a large file write took longer and failed tests that were right.
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'core',
          ...NATIVE_IMPORTS,
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
      // One file at a time, too: two latency measurements side by side would load each other.
      {
        test: {
          name: 'load',
          ...NATIVE_IMPORTS,
          include: ['core/src/**/*.load.test.ts'],
          testTimeout: 300_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
      { test: { name: 'integration', ...NATIVE_IMPORTS, include: ['tests/integration/**/*.test.ts'], testTimeout: 180_000, hookTimeout: 240_000 } },
      {
        test: {
          name: 'browser',
          ...NATIVE_IMPORTS,
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
