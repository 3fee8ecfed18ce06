import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const SRC = import.meta.dirname;

/** Every non-test TypeScript file under core/src, relative to it. */
function sourceFiles(): string[] {
  return readdirSync(SRC, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts') && !file.endsWith('.d.ts'))
    .map((file) => file.split('\\').join('/'))
    .sort();
}

/** Relative imports and re-exports of a file, type-only ones included (they tie modules together as much as values do). */
function importsOf(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(join(SRC, file), 'utf8'), ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const targets: string[] = [];
  for (const statement of source.statements) {
    if (!ts.isImportDeclaration(statement) && !ts.isExportDeclaration(statement)) continue;
    const specifier = statement.moduleSpecifier;
    if (specifier === undefined || !ts.isStringLiteral(specifier) || !specifier.text.startsWith('.')) continue;
    targets.push(
      relative(SRC, resolve(SRC, dirname(file), specifier.text))
        .split('\\')
        .join('/'),
    );
  }
  return targets;
}

function importGraph(): Map<string, string[]> {
  const files = sourceFiles();
  const known = new Set(files);
  return new Map(files.map((file) => [file, importsOf(file).filter((target) => known.has(target))]));
}

/** Strongly connected components with more than one file, or a file importing itself (Tarjan). */
function cycles(graph: Map<string, string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (file: string): void => {
    index.set(file, index.size);
    low.set(file, index.get(file) ?? 0);
    stack.push(file);
    onStack.add(file);
    for (const next of graph.get(file) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(file, Math.min(low.get(file) ?? 0, low.get(next) ?? 0));
      } else if (onStack.has(next)) low.set(file, Math.min(low.get(file) ?? 0, index.get(next) ?? 0));
    }
    if (low.get(file) !== index.get(file)) return;
    const component: string[] = [];
    for (let member = stack.pop(); member !== undefined; member = stack.pop()) {
      onStack.delete(member);
      component.push(member);
      if (member === file) break;
    }
    if (component.length > 1 || (graph.get(file) ?? []).includes(file)) found.push(component.sort());
  };
  for (const file of graph.keys()) if (!index.has(file)) visit(file);
  return found;
}

const moduleOf = (file: string): string | null => /^modules\/([^/]+)\//.exec(file)?.[1] ?? null;

describe('the import graph of core/src', () => {
  const graph = importGraph();

  it('reads the imports of the sources (the parser sees what is there)', () => {
    expect(graph.size).toBeGreaterThan(100);
    expect(graph.get('server.ts')).toContain('modules/modules.ts');
  });

  it('has no import cycles between files', () => {
    expect(cycles(graph)).toEqual([]);
  });

  it('has no import cycles between modules', () => {
    const moduleGraph = new Map<string, string[]>();
    for (const [file, targets] of graph) {
      const from = moduleOf(file);
      if (from === null) continue;
      for (const target of targets) {
        const to = moduleOf(target);
        if (to === null || to === from) continue;
        const edges = moduleGraph.get(from) ?? [];
        if (!edges.includes(to)) edges.push(to);
        moduleGraph.set(from, edges);
      }
    }
    expect(cycles(moduleGraph)).toEqual([]);
  });

  it("has no module importing another module's entities", () => {
    const crossings = [...graph].flatMap(([file, targets]) =>
      targets
        .filter((target) => target.endsWith('.entity.ts') && moduleOf(target) !== null && moduleOf(target) !== moduleOf(file))
        .map((target) => `${file} → ${target}`),
    );
    // db/entities.ts gathers entities through each module's index.ts, so it appears here only if it bypasses them.
    expect(crossings).toEqual([]);
  });

  it('finds a planted cycle and a planted entity import (the checks can fail)', () => {
    const planted = new Map([
      ['modules/a/a.service.ts', ['modules/b/b.entity.ts']],
      ['modules/b/b.entity.ts', ['modules/b/b.service.ts']],
      ['modules/b/b.service.ts', ['modules/a/a.service.ts']],
    ]);
    expect(cycles(planted)).toEqual([['modules/a/a.service.ts', 'modules/b/b.entity.ts', 'modules/b/b.service.ts']]);
  });
});
