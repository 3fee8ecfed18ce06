import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PLUGIN_KINDS, scaffoldPlugin } from './scaffold.ts';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mirai-scaffold-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const options = { name: 'acme-thing', packageName: '@acme/mirai-plugin-thing', sdkRange: '^1.1.0', engine: '^1.0.0' };

describe('the plugin scaffold', () => {
  it.each(PLUGIN_KINDS)('writes a %s plugin declaring that capability, the engine range and the SDK as a peer', async (kind) => {
    const project = join(dir, kind);
    await scaffoldPlugin(project, { ...options, kind });
    const manifest = JSON.parse(await readFile(join(project, 'package.json'), 'utf8'));
    expect(manifest).toMatchObject({
      name: '@acme/mirai-plugin-thing',
      mirai: { plugin: './dist/index.js' },
      peerDependencies: { '@mirai/sdk-plugin': '^1.1.0' },
      files: expect.arrayContaining(['dist', 'mirai-signature.json']),
    });
    const source = await readFile(join(project, 'src', 'index.ts'), 'utf8');
    expect(source).toContain(`capabilities: ['${kind}']`);
    expect(source).toContain("engine: '^1.0.0'");
    expect(await readFile(join(project, 'src', 'index.test.ts'), 'utf8')).toContain("from '@mirai/sdk-plugin/testing'");
  });

  it('refuses a folder that is not empty and a name that is not kebab-case', async () => {
    await writeFile(join(dir, 'keep.txt'), 'mine');
    await expect(scaffoldPlugin(dir, { ...options, kind: 'ai' })).rejects.toThrow(/not empty/);
    await expect(scaffoldPlugin(join(dir, 'x'), { ...options, name: 'Acme Thing', kind: 'ai' })).rejects.toThrow(/kebab-case/);
  });
});
