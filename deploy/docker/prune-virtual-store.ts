// Deletes from a pnpm virtual store (node_modules/.pnpm) every package no project of the tree
// reaches. A filtered `pnpm install --offline` in the image build also materialises what the rest
// of the lockfile needs (the web app's Remix, React and TypeScript), none of which the server runs.
// Reached means: linked from a project's node_modules, or a dependency (a sibling link in
// .pnpm/<key>/node_modules) of a reached package, transitively.
//
// Usage: node prune-virtual-store.ts <tree root> <project dir>...   (project dirs relative to the root)
import { existsSync, lstatSync, readdirSync, realpathSync, rmSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

const [root, ...projects] = process.argv.slice(2);
if (root === undefined || projects.length === 0) throw new Error('usage: prune-virtual-store.ts <tree root> <project dir>...');
const store = realpathSync(join(root, 'node_modules', '.pnpm'));

/** Every entry of a node_modules folder, scoped packages included (`@scope/name`). */
function entries(nodeModules: string): string[] {
  if (!existsSync(nodeModules)) return [];
  return readdirSync(nodeModules)
    .filter((name) => name !== '.pnpm' && name !== '.bin' && !name.startsWith('.'))
    .flatMap((name) => (name.startsWith('@') ? readdirSync(join(nodeModules, name)).map((inner) => join(name, inner)) : [name]));
}

/** The store key (`.pnpm/<key>`) a link resolves into, or null when it points outside the store or nowhere. */
function storeKey(link: string): string | null {
  if (!existsSync(link)) return null;
  const target = relative(store, realpathSync(link));
  if (target.startsWith('..')) return null;
  return target.split(sep)[0] ?? null;
}

const reached = new Set<string>();
const pending: string[] = [];
const visit = (nodeModules: string) => {
  for (const name of entries(nodeModules)) {
    const key = storeKey(join(nodeModules, name));
    if (key !== null && !reached.has(key)) {
      reached.add(key);
      pending.push(key);
    }
  }
};
for (const project of projects) visit(join(root, project, 'node_modules'));
for (let key = pending.pop(); key !== undefined; key = pending.pop()) visit(join(store, key, 'node_modules'));

let removed = 0;
for (const key of readdirSync(store)) {
  if (key === 'node_modules' || key.startsWith('.') || reached.has(key)) continue;
  rmSync(join(store, key), { recursive: true, force: true });
  removed += 1;
}
// The hoisted links (.pnpm/node_modules) to what was just removed would dangle.
const hoisted = join(store, 'node_modules');
for (const name of entries(hoisted)) {
  const link = join(hoisted, name);
  if (lstatSync(link).isSymbolicLink() && !existsSync(link)) rmSync(link);
}
console.log(`virtual store: kept ${reached.size} packages, removed ${removed} no project reaches`);
