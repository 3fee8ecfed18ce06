import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { REPO_DIR } from '../paths.ts';

const PLUGINS_DIR = join(REPO_DIR, 'plugins');

/** Every non-test TypeScript file of every first-party plugin's src, relative to plugins/. */
function pluginSources(): string[] {
  return readdirSync(PLUGINS_DIR).flatMap((plugin) =>
    readdirSync(join(PLUGINS_DIR, plugin, 'src'), { recursive: true, encoding: 'utf8' })
      .filter((file) => /\.tsx?$/.test(file) && !/\.test\.tsx?$/.test(file) && !file.endsWith('.d.ts'))
      .map((file) => join(plugin, 'src', file)),
  );
}

/** Where a file reaches the environment: `process.env`, `process['env']`, or `env` imported from (node:)process. */
function environmentReads(file: string, text = readFileSync(join(PLUGINS_DIR, file), 'utf8')): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const isProcess = (node: ts.Node) => ts.isIdentifier(node) && node.text === 'process';
  const visit = (node: ts.Node): void => {
    const reads =
      (ts.isPropertyAccessExpression(node) && isProcess(node.expression) && node.name.text === 'env') ||
      (ts.isElementAccessExpression(node) &&
        isProcess(node.expression) &&
        ts.isStringLiteralLike(node.argumentExpression) &&
        node.argumentExpression.text === 'env') ||
      (ts.isVariableDeclaration(node) && ts.isObjectBindingPattern(node.name) && node.initializer !== undefined && isProcess(node.initializer)) ||
      (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier) && /^(node:)?process$/.test(node.moduleSpecifier.text));
    if (reads) found.push(`${file}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}`);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('first-party plugins', () => {
  it('read no environment: their operator settings come from the host as context.instanceConfig', () => {
    const files = pluginSources();
    expect(files.length).toBeGreaterThan(50);
    expect(files.flatMap((file) => environmentReads(file))).toEqual([]);
  });

  it('would notice a plugin reading the environment in any of those ways', () => {
    expect(environmentReads('probe.ts', 'const root = process.env.MIRAI_STORAGE_FS_ROOT;')).toEqual(['probe.ts:1']);
    expect(environmentReads('probe.ts', "const env = process['env'];")).toHaveLength(1);
    expect(environmentReads('probe.ts', 'const { env } = process;')).toHaveLength(1);
    expect(environmentReads('probe.ts', "import { env } from 'node:process';")).toHaveLength(1);
    expect(environmentReads('probe.ts', 'const root = context.instanceConfig.root;')).toEqual([]);
  });
});
