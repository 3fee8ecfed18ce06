# syntax=docker/dockerfile:1.7
# The web app image (Remix, served by app/server.ts: static files, security headers, Origin check). Build from the repository root:
#   docker build -f deploy/docker/app.Dockerfile -t mirai-app .
ARG NODE_IMAGE=node:24.21.0-bookworm-slim

FROM ${NODE_IMAGE} AS build
ENV CI=true PNPM_HOME=/pnpm PATH=/pnpm:$PATH
RUN npm install --global --no-fund --no-audit pnpm@10.34.9
WORKDIR /workspace
COPY pnpm-lock.yaml pnpm-workspace.yaml package.json ./
RUN pnpm fetch
COPY tsconfig.base.json ./
# Workspace packages the app imports. app/server.ts runs from source (Node strips the types), and
# Node refuses to strip types under node_modules: so the runtime keeps the workspace layout, where
# @mirai/sdk-plugin is a link to ../sdk-plugin, instead of a `pnpm deploy` copy inside node_modules.
COPY packages/url-policy ./packages/url-policy
COPY sdk-plugin ./sdk-plugin
COPY app ./app
RUN pnpm install --frozen-lockfile --offline --filter @mirai/app \
 && pnpm --filter @mirai/app build \
 && rm -rf node_modules app/node_modules \
 && pnpm install --frozen-lockfile --offline --prod --filter @mirai/app \
 && mkdir -p /out/sdk-plugin /out/packages \
 && cp -a package.json pnpm-workspace.yaml node_modules app /out/ \
 && cp -a sdk-plugin/package.json sdk-plugin/src /out/sdk-plugin/ \
 && cp -a packages/url-policy /out/packages/

FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    MIRAI_DATA_DIR=/var/lib/mirai \
    MIRAI_API_URL=http://api:8080
COPY --from=build /out /app
RUN mkdir -p /var/lib/mirai && chown 1000:1000 /var/lib/mirai
VOLUME ["/var/lib/mirai", "/tmp"]
USER 1000:1000
WORKDIR /app/app
EXPOSE 3000
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
ENTRYPOINT ["node", "server.ts"]
CMD ["build/server/index.js"]
