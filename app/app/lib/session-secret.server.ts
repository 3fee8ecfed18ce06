import { randomBytes } from 'node:crypto';
import { existsSync, linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const SECRET_FILE = 'app-session-secret';

/** The repository root: scripts run the app from `app/`, but tolerate running it from the root too. */
function repoRoot(): string {
  const cwd = process.cwd();
  return existsSync(path.join(cwd, 'pnpm-workspace.yaml')) ? cwd : path.resolve(cwd, '..');
}

/** `$MIRAI_DATA_DIR` (absolute, or relative to the repo root), else `<repo>/.mirai`. */
export function dataDir(): string {
  const configured = process.env.MIRAI_DATA_DIR;
  return path.resolve(repoRoot(), configured !== undefined && configured !== '' ? configured : '.mirai');
}

function readSecret(file: string): string | undefined {
  try {
    const secret = readFileSync(file, 'utf8').trim();
    return secret.length >= 32 ? secret : undefined;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/**
 * The cookie-signing secret: `$MIRAI_APP_SESSION_SECRET`, else a random one kept in
 * `<data dir>/app-session-secret` (created on first use, mode 0600).
 */
export function loadSessionSecret(): string {
  const fromEnv = process.env.MIRAI_APP_SESSION_SECRET;
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;

  const dir = dataDir();
  const file = path.join(dir, SECRET_FILE);
  const existing = readSecret(file);
  if (existing !== undefined) return existing;

  mkdirSync(dir, { recursive: true, mode: 0o700 });
  const secret = randomBytes(32).toString('base64url');
  // Written in full under a private name, then linked into place: link() creates the file atomically
  // and fails if it exists, so an app starting at the same moment never reads a half-written file.
  const draft = `${file}.${process.pid}.${randomBytes(6).toString('hex')}`;
  writeFileSync(draft, `${secret}\n`, { flag: 'wx', mode: 0o600 });
  try {
    linkSync(draft, file);
    return secret;
  } catch (error) {
    // Another process created it first: use theirs.
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const raced = readSecret(file);
    if (raced === undefined) throw new Error(`${file} exists but holds no usable secret`);
    return raced;
  } finally {
    rmSync(draft, { force: true });
  }
}
