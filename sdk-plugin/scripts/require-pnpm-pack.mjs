// The manifest in the repository points `exports` and `bin` at the TypeScript sources the workspace
// runs; the published manifest points them at dist/ through `publishConfig`, which pnpm applies when
// it packs and npm does not. A tarball packed by npm would install and then fail on its first import,
// so npm is stopped here with the command that works.
const agent = process.env.npm_config_user_agent ?? '';

if (!agent.startsWith('pnpm/')) {
  const name = process.env.npm_package_name ?? 'this package';
  process.stderr.write(
    `${name} is packed and published with pnpm, which applies its publishConfig (exports and bin in dist/).\n` +
      `From the Mirai checkout: npx pnpm@10 --filter ${name} pack   (or publish --registry <url>)\n`,
  );
  process.exit(1);
}
