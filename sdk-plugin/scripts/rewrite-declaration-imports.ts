// tsc rewrites `./x.ts` to `./x.js` in emitted JavaScript (rewriteRelativeImportExtensions) but
// not in declaration files, where a consumer's tsc then fails with TS5097. Rewrite them here.
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const dist = process.argv[2] ?? join(import.meta.dirname, '..', 'dist');
const RELATIVE_TS = /(from\s+|import\s*\(\s*)(['"])(\.{1,2}\/[^'"]+)\.ts\2/g;

for (const entry of await readdir(dist, { recursive: true, withFileTypes: true })) {
  if (!entry.isFile() || !entry.name.endsWith('.d.ts')) continue;
  const path = join(entry.parentPath, entry.name);
  const text = await readFile(path, 'utf8');
  const rewritten = text.replace(RELATIVE_TS, (_match, lead: string, quote: string, target: string) => `${lead}${quote}${target}.js${quote}`);
  if (rewritten !== text) await writeFile(path, rewritten);
}
