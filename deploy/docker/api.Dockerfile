# syntax=docker/dockerfile:1.7
# The API and worker image (one image, two commands): `start` serves the API, `worker` runs jobs,
# `migrate` applies migrations and exits. The same build makes the plugin runtime's image (target
# `plugin-runtime`): the only one with workerd, which sandboxed plugins run in; the API and worker
# reach it through MIRAI_PLUGIN_RUNTIME_URL. Build from the repository root:
#   docker build -f deploy/docker/api.Dockerfile -t mirai-api .
#   docker build -f deploy/docker/api.Dockerfile --target plugin-runtime -t mirai-plugin-runtime .
# Core and plugins run as TypeScript through Node's type stripping, so there is no compile step:
# the build stage only installs production dependencies (one `pnpm install --prod`, each package
# once) and drops what the runtime never reads (type declarations, source maps, tests).
# The runtime images are flattened onto `scratch`: one layer with Debian and a stripped Node
# without npm (node-root), one with the tree, so nothing deleted from the base still ships.
ARG NODE_IMAGE=node:24.21.0-bookworm-slim

FROM ${NODE_IMAGE} AS build
ENV CI=true PNPM_HOME=/pnpm PATH=/pnpm:$PATH
RUN npm install --global --no-fund --no-audit pnpm@10.34.9
# binutils for `strip`: Node's symbols are a sixth of its binary and nothing in a container reads them.
RUN apt-get update \
 && apt-get install -y --no-install-recommends binutils \
 && rm -rf /var/lib/apt/lists/* \
 && mkdir /node && cp /usr/local/bin/node /node/node && strip --strip-all /node/node && /node/node -e 'process.exit(0)'
WORKDIR /workspace
# Lockfile first: the package store is fetched once and cached until the lockfile changes.
COPY pnpm-lock.yaml pnpm-workspace.yaml package.json ./
RUN pnpm fetch --prod
COPY core ./core
COPY sdk-plugin ./sdk-plugin
COPY packages ./packages
COPY plugins ./plugins
COPY deploy/docker/assemble-server.sh deploy/docker/prune-virtual-store.ts ./deploy/docker/
# The API's tree (hard links, so no copy; in the same step, as linking a file of a lower layer
# would copy it up): without workerd, whose binary is a third of the tree and runs only in the
# plugin runtime (its npm wrapper goes too: it throws on import without the binary, as a missing
# package does), and without PGlite, the embedded database (`mirai dev` on a laptop; these images
# refuse to start without DATABASE_URL).
RUN sh deploy/docker/assemble-server.sh /workspace /out \
 && cp -al /out /out-api \
 && find /out-api -maxdepth 3 -path '*/node_modules/.pnpm/*' -type d \
      \( -name '@cloudflare+workerd-*' -o -name 'workerd@*' -o -name '@electric-sql+pglite*' \) -prune -exec rm -rf {} + \
 && if find /out-api -type f -name workerd -size +10M | grep -q .; then echo "workerd is still in the API tree" >&2; exit 1; fi

# The base's Debian and Node, without what no container runs (npm, yarn, corepack, headers) and with
# the stripped binary; the writable data directory (a volume) owned by the app user.
FROM ${NODE_IMAGE} AS node-root
COPY --from=build /node/node /usr/local/bin/node
RUN rm -rf /usr/local/lib/node_modules /usr/local/bin/npm /usr/local/bin/npx /usr/local/bin/corepack \
      /usr/local/bin/yarn /usr/local/bin/yarnpkg /opt/yarn-* /usr/local/include/node /usr/local/share/doc/node \
 && mkdir -p /var/lib/mirai && chown 1000:1000 /var/lib/mirai

# The plugin runtime: workerd and what `mirai plugin-runtime` loads; no database, Redis or secret key
# is ever given to it (deploy/k8s/base/app/plugin-runtime.yaml).
FROM scratch AS plugin-runtime
COPY --from=node-root / /
COPY --from=build /out /app
ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    NODE_ENV=production
USER 1000:1000
WORKDIR /app/core
EXPOSE 7070
ENTRYPOINT ["node", "src/cli.ts"]
CMD ["plugin-runtime"]

FROM scratch AS api
# Code is owned by root and read-only to the app user; the only writable paths are the data
# directory and /tmp, which deployments mount as volumes so the root filesystem can be read-only.
# SCORM manifests and cmi5.xml are validated by libxml2 as WebAssembly (xmllint-wasm), so the image
# needs no Debian xmllint.
COPY --from=node-root / /
COPY --from=build /out-api /app
ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=8080 \
    MIRAI_DATA_DIR=/var/lib/mirai \
    NODE_COMPILE_CACHE=/app/.compile-cache
# Node's compile cache (type stripping and bytecode), filled once here for the server's ~1,000
# modules, so a container does not compile them at every start (about a quarter of the start's CPU).
# Node names the cache's folder after the user, hence the rename to the app user's uid; it stays
# root's and read-only: modules missing from it are compiled as usual, nothing is written.
RUN node --input-type=module -e "await import('/app/core/src/server.ts')" \
 && cd /app/.compile-cache && for dir in *-0; do mv "$dir" "${dir%-0}-1000"; done
VOLUME ["/var/lib/mirai", "/tmp"]
# uid 1000 is the image's `node` user; numeric so Kubernetes can verify runAsNonRoot.
USER 1000:1000
WORKDIR /app/core
# 8081: the SCORM content origin (MIRAI_CONTENT_PORT); give it its own public host name.
EXPOSE 8080 8081
HEALTHCHECK --interval=10s --timeout=3s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||8080)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# node is PID 1 and handles SIGTERM itself: it stops accepting requests, drains in-flight ones
# and lets running jobs finish (see core/src/cli.ts).
ENTRYPOINT ["node", "src/cli.ts"]
CMD ["start"]
