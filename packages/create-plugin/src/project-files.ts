import type { PluginKind } from './plugin-kinds.ts';

export interface ProjectOptions {
  kind: PluginKind;
  /** The plugin's name in `definePlugin` (kebab-case). */
  name: string;
  /** The npm package name. */
  packageName: string;
  /** Range of the SDK the project builds against, e.g. `^1.1.0`. */
  sdkRange: string;
  /** The plugin-API range the plugin declares as `engine`, e.g. `^1.0.0`. */
  engine: string;
}

/** Exact versions the generated project builds and tests with (what this scaffold was tested with). */
const TYPESCRIPT = '5.9.3';
const NODE_TYPES = '24.19.2';

export function packageJson(options: ProjectOptions): string {
  const manifest = {
    name: options.packageName,
    version: '0.1.0',
    description: `A Mirai ${options.kind} plugin`,
    license: 'UNLICENSED',
    type: 'module',
    main: './dist/index.js',
    types: './dist/index.d.ts',
    // mirai-signature.json is written by `mirai-plugin sign` and must ship with the package.
    files: ['dist', '!dist/**/*.test.*', 'mirai-signature.json'],
    mirai: { plugin: './dist/index.js', egress: [] },
    engines: { node: '>=22.18.0' },
    scripts: {
      build: 'tsc -p tsconfig.build.json',
      test: 'tsc --noEmit && node --test "src/**/*.test.ts"',
      sign: 'mirai-plugin sign',
      prepublishOnly: 'npm run build && mirai-plugin sign',
    },
    peerDependencies: { '@mirai/sdk-plugin': options.sdkRange },
    devDependencies: { '@mirai/sdk-plugin': options.sdkRange, '@types/node': NODE_TYPES, typescript: TYPESCRIPT },
  };
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

/** The tsconfig of docs/plugins.md: strict, nodenext, `.ts` imports rewritten on build. */
export const TSCONFIG = `${JSON.stringify(
  {
    compilerOptions: {
      target: 'es2023',
      module: 'nodenext',
      moduleResolution: 'nodenext',
      strict: true,
      skipLibCheck: false,
      types: ['node'],
      rewriteRelativeImportExtensions: true,
      verbatimModuleSyntax: true,
      outDir: 'dist',
      rootDir: 'src',
      declaration: true,
    },
    include: ['src'],
  },
  null,
  2,
)}\n`;

export const TSCONFIG_BUILD = `${JSON.stringify({ extends: './tsconfig.json', exclude: ['src/**/*.test.ts'] }, null, 2)}\n`;

export const GITIGNORE = 'node_modules/\ndist/\n*.tgz\nmirai-signature.json\n';

export function readme(options: ProjectOptions): string {
  return `# ${options.packageName}

A Mirai \`${options.kind}\` plugin (\`${options.name}\`), for plugin API ${options.engine}.

\`\`\`bash
npm install
npm test          # type-checks, then runs src/*.test.ts against createTestHost
npm run build     # dist/
npm pack          # what an operator installs
\`\`\`

Publishing signs the package: create a key once with \`npx mirai-plugin keygen --out signing-key.pem\`
(give the printed public key to operators: MIRAI_PLUGIN_TRUSTED_KEYS), then
\`MIRAI_PLUGIN_SIGNING_KEY="$(cat signing-key.pem)" npm publish\`.
Operators install it with \`mirai plugins install ${options.packageName}@^0.1.0\`.
`;
}
