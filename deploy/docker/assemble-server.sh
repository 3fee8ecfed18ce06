#!/bin/sh
# Assembles the API/worker runtime tree: `pnpm deploy --prod` of core, the plugin SDK, packages/*
# and plugins/*, each into its own folder laid out as in the repository (core finds first-party
# plugins at <core>/../plugins).
#
# Workspace packages ship TypeScript sources, and Node refuses to strip types from files under
# node_modules, so the copies `pnpm deploy` injects into node_modules/@mirai are replaced by one link
# per package in <out>/node_modules/@mirai pointing at its deployed folder. Core and every plugin
# then resolve the same @mirai/sdk-plugin file, as they do in the workspace.
#
# Usage: assemble-server.sh <workspace> <out>   (PNPM overrides the pnpm command)
set -eu
workspace=$(cd "$1" && pwd)
out=$2
pnpm=${PNPM:-pnpm}
mkdir -p "$out/node_modules/@mirai"
out=$(cd "$out" && pwd)

for dir in core sdk-plugin "$workspace"/packages/* "$workspace"/plugins/*; do
  dir=${dir#"$workspace"/}
  name=$(node -p "require('$workspace/$dir/package.json').name")
  echo "deploying $name -> $dir"
  (cd "$workspace" && $pnpm --config.inject-workspace-packages=true --filter "$name" deploy --prod "$out/$dir" >/dev/null)
  rm -rf "$out/$dir/node_modules/@mirai" "$out/$dir/node_modules/.pnpm/@mirai+"* "$out/$dir/pnpm-lock.yaml"
  # `pnpm deploy` copies only what the package publishes: for the SDK that is `dist` (built for npm)
  # with publishConfig's exports. The image runs the TypeScript sources, so the workspace folder
  # (package.json with its source exports included) is copied over, without tests and builds.
  (cd "$workspace/$dir" && tar -cf - --exclude=./node_modules --exclude=./dist --exclude='*.test.ts' .) | (cd "$out/$dir" && tar -xf -)
  ln -s "../../$dir" "$out/node_modules/$name"
done

# What the runtime never reads: Node refuses to run TypeScript under node_modules (so `.ts` there
# are only type declarations or sources), and source maps and markdown are not loaded either.
# LICENSE files stay.
find "$out" -path '*/node_modules/*' -type f \( -name '*.ts' -o -name '*.mts' -o -name '*.cts' -o -name '*.map' -o -name '*.md' \) \
  ! -iname 'license*' -delete
# workerd (the plugin sandbox) ships with its symbol table, a quarter of its size; stripped it runs the same.
if command -v strip >/dev/null; then
  find "$out" -path '*/workerd-linux-64/bin/workerd' -type f -exec strip --strip-unneeded {} \;
else
  echo "strip not found: workerd keeps its symbol table"
fi

