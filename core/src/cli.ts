#!/usr/bin/env node
import { enableCompileCache } from 'node:module';
import { fileURLToPath } from 'node:url';

// Node caches each module's compiled code, and each TypeScript file stripped of its types, on disk
// (NODE_COMPILE_CACHE, else the temporary directory; NODE_DISABLE_COMPILE_CACHE=1 turns it off):
// a restart then skips most of the work of loading ~1,000 files. It only covers modules loaded
// after it is enabled, hence this file, which enables it and then imports everything else.
enableCompileCache();
const argv = process.argv.slice(2);
if (argv[0] === 'plugin-runtime') {
  // The runtime needs none of the server, database or plugin host: loading only its own modules
  // keeps its start, and its restart after a crash, short.
  const [{ loadConfig }, { runPluginRuntime }, { exitOnCliFailure }] = await Promise.all([
    import('./config/config.ts'),
    import('./plugin-host/sandbox/plugin-runtime-command.ts'),
    import('./cli-failure.ts'),
  ]);
  await runPluginRuntime(loadConfig()).catch(exitOnCliFailure);
} else {
  const { runCli } = await import('./cli-commands.ts');
  await runCli(argv, fileURLToPath(import.meta.url));
}
