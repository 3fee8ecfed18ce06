import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';

// The SDK runs from its sources in the workspace and from compiled files when published.
const extension = extname(fileURLToPath(import.meta.url));
const sdkEntry = fileURLToPath(new URL(`./sdk-entry${extension}`, import.meta.url));
const runtime = fileURLToPath(new URL(`./runtime${extension}`, import.meta.url));

/** `@mirai/sdk-plugin` inside the bundle is the sandbox's copy: the values a plugin may use, no Node APIs. */
const sandboxSdk: Plugin = {
  name: 'mirai-sandbox-sdk',
  setup(builder) {
    builder.onResolve({ filter: /^@mirai\/sdk-plugin$/ }, () => ({ path: sdkEntry }));
  },
};

/**
 * Bundles a plugin's entry module (the one whose default export is its `definePlugin`) with its
 * dependencies and the SDK's sandbox runtime into one ES module, the worker the sandbox runs.
 * The same source runs trusted (imported) or sandboxed (this bundle) without changes.
 */
export async function bundleSandboxedPlugin(entry: string): Promise<string> {
  const result = await build({
    stdin: {
      contents: [
        `import definition from ${JSON.stringify(entry)};`,
        `import { serveSandboxedPlugin } from ${JSON.stringify(runtime)};`,
        'export default serveSandboxedPlugin(definition);',
      ].join('\n'),
      resolveDir: process.cwd(),
      loader: 'js',
    },
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'neutral',
    target: 'es2022',
    mainFields: ['module', 'main'],
    conditions: ['workerd', 'worker', 'import', 'default'],
    // Node's built-ins do not exist there (the sandbox offers none of the host's); importing one fails at run time.
    external: ['node:*'],
    plugins: [sandboxSdk],
    logLevel: 'silent',
  });
  const [output] = result.outputFiles;
  if (output === undefined) throw new Error(`esbuild produced no bundle for ${entry}`);
  return output.text;
}
