import { fileURLToPath } from 'node:url';

/** The repository root (this file lives in tests/support/). */
export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));

/** Where tests leave screenshots and service logs (git-ignored). */
export const artifactsDir = fileURLToPath(new URL('../../test-artifacts/', import.meta.url));
