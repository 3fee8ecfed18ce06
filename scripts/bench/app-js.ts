// `pnpm bench app-js`: JavaScript the browser downloads (gzip) to open the main web app pages.
// Builds the Remix app for production into a temporary directory, reads the route manifest the
// server sends to browsers, and adds up, per page, every module the page loads before it runs:
// the client entry, the root route and each route of the page, with all their static imports.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs, promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { num, table } from './format.ts';

const run = promisify(execFile);
const appDir = path.resolve(import.meta.dirname, '../../app');

export const USAGE = `Usage: pnpm bench app-js [--keep]

Builds the web app (production) and prints, for the dashboard, the course wizard, the live
generation view, the lesson editor and the preview, the JavaScript a browser downloads to open the
page: raw and gzip bytes (level 9 would be smaller; this uses the default level 6, as servers do).`;

interface ManifestEntry {
  module: string;
  imports?: string[];
}

interface AssetsManifest {
  entry: ManifestEntry;
  routes: Record<string, ManifestEntry & { parentId?: string }>;
}

/** The page's route chain, root first. */
function chain(manifest: AssetsManifest, leaf: string): string[] {
  const ids: string[] = [];
  for (let id: string | undefined = leaf; id !== undefined; id = manifest.routes[id]?.parentId) ids.unshift(id);
  return ids;
}

function modulesOf(manifest: AssetsManifest, leaf: string): string[] {
  const files = new Set<string>([manifest.entry.module, ...(manifest.entry.imports ?? [])]);
  for (const id of chain(manifest, leaf)) {
    const route = manifest.routes[id];
    if (route === undefined) throw new Error(`no route ${id} in the manifest`);
    files.add(route.module);
    for (const file of route.imports ?? []) files.add(file);
  }
  return [...files];
}

const PAGES: Array<{ page: string; route: string }> = [
  { page: 'dashboard', route: 'routes/dashboard' },
  { page: 'course wizard', route: 'routes/courses.$courseId.setup' },
  { page: 'live generation', route: 'routes/courses.$courseId.generate' },
  { page: 'lesson editor', route: 'routes/courses.$courseId.edit.$lessonId' },
  { page: 'preview', route: 'routes/courses.$courseId.preview' },
];

/** Builds the web app for production into a fresh directory under app/.cache; `remove()` deletes it. */
export async function buildApp(): Promise<{ buildDir: string; remove(): void }> {
  mkdirSync(path.join(appDir, '.cache'), { recursive: true });
  const buildDir = mkdtempSync(path.join(appDir, '.cache', 'bench-app-'));
  const remove = () => rmSync(buildDir, { recursive: true, force: true });
  try {
    await run(process.execPath, [path.join(appDir, 'node_modules/@remix-run/dev/dist/cli.js'), 'vite:build'], {
      cwd: appDir,
      env: { ...process.env, NODE_ENV: 'production', MIRAI_APP_BUILD_DIR: buildDir },
      maxBuffer: 16 * 1024 * 1024,
    });
  } catch (error) {
    remove();
    throw error;
  }
  return { buildDir, remove };
}

export async function main(argv: string[]): Promise<number> {
  const { values } = parseArgs({ args: argv, options: { keep: { type: 'boolean', default: false }, help: { type: 'boolean', default: false } } });
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const { buildDir, remove } = await buildApp();
  try {
    const server = (await import(pathToFileURL(path.join(buildDir, 'server/index.js')).href)) as { assets: AssetsManifest };
    const clientDir = path.join(buildDir, 'client');
    const rows = PAGES.map(({ page, route }) => {
      let raw = 0;
      let gzip = 0;
      const files = modulesOf(server.assets, route);
      for (const file of files) {
        const bytes = readFileSync(path.join(clientDir, file));
        raw += bytes.length;
        gzip += gzipSync(bytes).length;
      }
      return [page, String(files.length), `${num(raw / 1024, 1)} KiB`, `${num(gzip / 1024, 1)} KiB`];
    });
    process.stdout.write(`JavaScript to open each page (production build)\n\n${table(['page', 'files', 'raw', 'gzip'], rows)}\n`);
    return 0;
  } finally {
    if (!values.keep) remove();
  }
}
