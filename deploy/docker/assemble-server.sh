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
  ln -s "../../$dir" "$out/node_modules/$name"
done
