import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The core package folder and the repository root, wherever the process was started from. */
export const CORE_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const REPO_DIR = resolve(CORE_DIR, '..');
