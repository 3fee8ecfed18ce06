#!/bin/sh
# Assembles the API/worker runtime tree: one `pnpm install --prod` of core, the plugin SDK,
# packages/* and plugins/*, laid out as in the repository (core finds first-party plugins at
# <core>/../plugins). Every dependency is in the one virtual store node_modules/.pnpm, once; the
# workspace packages link to each other's folders, so Node resolves them outside node_modules and
# strips their TypeScript types (it refuses to under node_modules), as in the workspace.
#
# Usage: assemble-server.sh <workspace> <out>   (PNPM overrides the pnpm command)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
workspace=$(cd "$1" && pwd)
out=$2
pnpm=${PNPM:-pnpm}
mkdir -p "$out"
out=$(cd "$out" && pwd)
projects="core sdk-plugin $(cd "$workspace" && echo packages/* plugins/*)"

cd "$workspace"
filters=""
for dir in $projects; do filters="$filters --filter ./$dir"; done
# shellcheck disable=SC2086 # one --filter per project
$pnpm install --prod --frozen-lockfile --offline $filters >/dev/null
# shellcheck disable=SC2086 # the project folders
node "$here/prune-virtual-store.ts" "$workspace" $projects
# esbuild's install script copies the platform binary into esbuild/bin for its CLI; the JS API
# (what the plugin SDK calls) runs the platform package's binary. One file, not two.
for copy in node_modules/.pnpm/esbuild@*/node_modules/esbuild/bin/esbuild; do
  binary=$(dirname "$copy")/../../@esbuild/linux-x64/bin/esbuild
  if [ -f "$copy" ] && [ ! -L "$copy" ] && [ -f "$binary" ] && cmp -s "$copy" "$binary"; then
    ln -sf ../../@esbuild/linux-x64/bin/esbuild "$copy"
  fi
done

# One tar stream, so files pnpm hard-linked stay one file; tests stay behind (builds and local
# installs never reach the build context: .dockerignore).
# shellcheck disable=SC2086 # the project folders
tar -cf - --exclude='*.test.ts' package.json node_modules $projects | (cd "$out" && tar -xf -)

# What the runtime never reads: Node refuses to run TypeScript under node_modules (so `.ts` there
# are only type declarations or sources), and source maps and markdown are not loaded either.
# LICENSE files stay.
find "$out/node_modules" -type f \( -name '*.ts' -o -name '*.mts' -o -name '*.cts' -o -name '*.map' -o -name '*.md' \) \
  ! -iname 'license*' -delete
