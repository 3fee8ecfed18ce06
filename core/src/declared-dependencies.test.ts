import { readdirSync, readFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const SRC = import.meta.dirname;
const manifest = JSON.parse(readFileSync(join(SRC, '../package.json'), 'utf8')) as {
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
};

/** Files that run in the shipped server: tests and test support may use devDependencies. */
function runtimeFiles(): string[] {
  return readdirSync(SRC, { recursive: true, encoding: 'utf8' })
    .map((file) => file.split('\\').join('/'))
    .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts') && !file.endsWith('.d.ts'))
    .filter((file) => !file.split('/').includes('testing'));
}

/** Bare specifiers a file loads at run time: value imports, re-exports and `import()`; type-only ones are erased. */
function runtimeSpecifiers(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(join(SRC, file), 'utf8'), ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const found: string[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && !node.importClause?.isTypeOnly && ts.isStringLiteral(node.moduleSpecifier))
      found.push(node.moduleSpecifier.text);
    else if (ts.isExportDeclaration(node) && !node.isTypeOnly && node.moduleSpecifier !== undefined && ts.isStringLiteral(node.moduleSpecifier))
      found.push(node.moduleSpecifier.text);
    else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const [argument] = node.arguments;
      if (argument !== undefined && ts.isStringLiteralLike(argument)) found.push(argument.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found.filter((specifier) => !specifier.startsWith('.') && !isBuiltin(specifier));
}

/** `@scope/name/sub` → `@scope/name`; `name/sub` → `name`. */
const packageOf = (specifier: string) =>
  specifier
    .split('/')
    .slice(0, specifier.startsWith('@') ? 2 : 1)
    .join('/');

describe("core's dependencies", () => {
  it('declares every package its runtime code imports in dependencies (an image installs only those)', () => {
    const declared = new Set([...Object.keys(manifest.dependencies ?? {}), ...Object.keys(manifest.peerDependencies ?? {})]);
    const undeclared = runtimeFiles().flatMap((file) =>
      runtimeSpecifiers(file)
        .filter((specifier) => !declared.has(packageOf(specifier)))
        .map((specifier) => `${file}: ${specifier}`),
    );
    expect(undeclared).toEqual([]);
  });

  it('sees the imports of each kind (so an empty answer above means something)', () => {
    const all = new Set(runtimeFiles().flatMap(runtimeSpecifiers).map(packageOf));
    expect(all).toContain('fastify');
    expect(all).toContain('pino');
    expect(all.has('node:fs')).toBe(false);
  });
});
