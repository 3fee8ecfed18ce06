# syntax=docker/dockerfile:1.7
# The API and worker image (one image, two commands): `start` serves the API, `worker` runs jobs,
# `migrate` applies migrations and exits. Build from the repository root:
#   docker build -f deploy/docker/api.Dockerfile -t mirai-api .
# Core and plugins run as TypeScript through Node's type stripping, so there is no compile step:
# the build stage only assembles production dependencies with `pnpm deploy --prod` and drops what
# the runtime never reads (type declarations, source maps, workerd's symbols).
ARG NODE_IMAGE=node:24.21.0-bookworm-slim

FROM ${NODE_IMAGE} AS build
ENV CI=true PNPM_HOME=/pnpm PATH=/pnpm:$PATH
RUN npm install --global --no-fund --no-audit pnpm@10.34.9
# binutils' strip, for the workerd binary (see assemble-server.sh); build stage only.
RUN apt-get update -qq && apt-get install -y -qq --no-install-recommends binutils >/dev/null && rm -rf /var/lib/apt/lists/*
WORKDIR /workspace
# Lockfile first: the package store is fetched once and cached until the lockfile changes.
COPY pnpm-lock.yaml pnpm-workspace.yaml package.json ./
RUN pnpm fetch --prod
COPY core ./core
COPY sdk-plugin ./sdk-plugin
COPY packages ./packages
COPY plugins ./plugins
COPY deploy/docker/assemble-server.sh ./deploy/docker/assemble-server.sh
RUN sh deploy/docker/assemble-server.sh /workspace /out

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=8080 \
    MIRAI_DATA_DIR=/var/lib/mirai
# xmllint validates imported SCORM manifests against the ADL schemas (core/src/modules/scorm).
RUN apt-get update \
 && apt-get install -y --no-install-recommends libxml2-utils \
 && rm -rf /var/lib/apt/lists/*
# Code is owned by root and read-only to the app user; the only writable paths are the data
# directory and /tmp, which deployments mount as volumes so the root filesystem can be read-only.
COPY --from=build /out /app
RUN mkdir -p /var/lib/mirai && chown 1000:1000 /var/lib/mirai
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
