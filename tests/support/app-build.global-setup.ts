import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import type { TestProject } from 'vitest/node';
import { repoRoot } from './paths.ts';

const run = promisify(execFile);
const appDir = path.join(repoRoot, 'app');

declare module 'vitest' {
  export interface ProvidedContext {
    /** A production build of the web app, made once for every browser test file of the run. */
    appBuildDir: string;
  }
}

/**
 * Builds the Remix app once per browser-test run into `app/.cache/browser-test-*` (inside app/ so
 * the server bundle resolves the app's node_modules; never the developer's build/). A build takes
 * about half a minute here, and every browser test file serves the same one.
 */
export default async function buildAppOnce(project: TestProject): Promise<() => void> {
  mkdirSync(path.join(appDir, '.cache'), { recursive: true });
  const buildDir = mkdtempSync(path.join(appDir, '.cache', 'browser-test-'));
  const { NODE_ENV: _testEnv, ...baseEnv } = process.env;
  try {
    // The .bin entries are shell shims; run the JS entry point with this Node directly instead.
    await run(process.execPath, [path.join(appDir, 'node_modules/@remix-run/dev/dist/cli.js'), 'vite:build'], {
      cwd: appDir,
      env: { ...baseEnv, NODE_ENV: 'production', MIRAI_APP_BUILD_DIR: buildDir },
      maxBuffer: 16 * 1024 * 1024,
    });
  } catch (error) {
    rmSync(buildDir, { recursive: true, force: true });
    throw error;
  }
  project.provide('appBuildDir', buildDir);
  return () => rmSync(buildDir, { recursive: true, force: true });
}
