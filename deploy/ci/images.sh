#!/usr/bin/env bash
# Builds the API and app images and runs them as the manifests do, against this machine's
# PostgreSQL and Redis: migrate, two API replicas, one worker, the app; then the container kill
# test (tests/integration/images-kill.test.ts) and a smoke test of the app. Reports image sizes and
# time to ready and fails over budget. Called by .ci/run after the tests.
#
# Where no registry is reachable (this project's machines), the Node base image is made locally
# (deploy/ci/make-base.sh); where one is (GitHub's runners), the Dockerfiles' own base is pulled.
# Environment: MIRAI_IMAGES_WORK (scratch dir, default a new temp dir, removed at the end unless
# MIRAI_IMAGES_KEEP=1), MIRAI_BASE_CACHE (rootfs tarball to reuse between local runs),
# MIRAI_IMAGES_DATABASE_URL (server, default postgres://postgres@127.0.0.1:5432), MIRAI_IMAGES_REDIS_URL.
set -euo pipefail
cd "$(dirname "$0")/../.."
repo=$(pwd)
source deploy/ci/dockerd.sh

# Issue 18's budget. The API image is flattened onto scratch (api.Dockerfile): Debian minbase with
# a stripped Node and no npm, then one `pnpm install --prod` tree pruned to what the server projects
# reach, without workerd (the plugin-runtime image's) and PGlite; SCORM and cmi5 XSD validation is
# libxml2 as WebAssembly, so no Debian xmllint. docs/deployment.md has the measured sizes.
API_IMAGE_BUDGET_MB=300
# Time to ready of the API replicas (what a rollout waits for). The worker, app and plugin runtime
# are reported beside it: the worker took 9.8 s on a quiet run here and 15–25 s under load, so a
# 10 s limit on it would fail CI on the machine's noise rather than on Mirai.
READY_BUDGET_MS=${MIRAI_IMAGES_READY_BUDGET_MS:-10000}
export DOCKER_BUILDKIT=0
started=$SECONDS
log() { printf '[images %4ss] %s\n' "$((SECONDS - started))" "$*"; }
fail() {
  printf '[images %4ss] FAILED: %s\n' "$((SECONDS - started))" "$*" >&2
  exit 1
}

# Root here; GitHub's runners run as a user with passwordless sudo.
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo -n "$@"; fi; }

# Debian's engine and debootstrap where this machine has no engine running (GitHub's runners have one).
missing=()
if ! docker version >/dev/null 2>&1; then
  command -v dockerd >/dev/null || missing+=(docker.io)
  command -v debootstrap >/dev/null || missing+=(debootstrap)
fi
command -v curl >/dev/null || missing+=(curl)
if [ ${#missing[@]} -gt 0 ]; then
  log "installing ${missing[*]}"
  as_root apt-get update -qq && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null ||
    fail "apt-get install ${missing[*]} failed"
fi
node24() { npx -y pnpm@10 exec node "$@"; }

work=${MIRAI_IMAGES_WORK:-$(mktemp -d /tmp/mirai-images.XXXXXX)}
mkdir -p "$work"
server_url=${MIRAI_IMAGES_DATABASE_URL:-postgres://postgres@127.0.0.1:5432}
redis_url=${MIRAI_IMAGES_REDIS_URL:-redis://127.0.0.1:6379}
database=mirai_images_$$
namespace=mirai-images-$$
prefix=mirai-ci-$$
run_id=$$
export MIRAI_IMAGES_ENV_FILE=$work/api.env

cleanup() {
  local status=$?
  set +e
  if [ -n "${DOCKER_HOST:-}" ] || [ -n "${DOCKERD_PID:-}" ]; then
    ids=$(docker ps -aq --filter "name=^$prefix-" 2>/dev/null)
    if [ -n "$ids" ]; then
      [ "$status" -ne 0 ] && for id in $ids; do
        echo "--- logs of $(docker inspect -f '{{.Name}}' "$id")" >&2
        docker logs --tail 40 "$id" >&2
      done
      docker rm -f $ids >/dev/null
    fi
  fi
  [ -n "${database_created:-}" ] && { node24 tests/support/scratch-store.ts drop "$server_url" "$database" "$redis_url" "$namespace" ||
    echo "could not drop $database or the Redis keys $namespace*" >&2; }
  stop_private_dockerd
  # dockerd leaves its network namespace mounted under the exec root.
  awk '{print $2}' /proc/mounts | grep "^$work/" | sort -r | xargs -r -n1 umount -l
  # The containers wrote the data folder as uid 1000, which is not the runner's user on GitHub.
  if [ "${MIRAI_IMAGES_KEEP:-0}" != 1 ]; then as_root rm -rf --one-file-system "$work"; fi
  if [ "$status" -eq 0 ]; then log "done in $((SECONDS - started)) s"; else log "FAILED after $((SECONDS - started)) s (exit $status)"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# --- engine ---------------------------------------------------------------------------------
if [ -z "${DOCKER_HOST:-}" ] && docker version >/dev/null 2>&1; then
  log "using the machine's Docker engine"
else
  unset DOCKER_HOST
  start_private_dockerd "$work/docker" || fail "could not start dockerd"
  log "private dockerd ready on $DOCKER_HOST"
fi

# --- base image -----------------------------------------------------------------------------
upstream_base=$(sed -n 's/^ARG NODE_IMAGE=//p' deploy/docker/api.Dockerfile)
[ "$upstream_base" = "$(sed -n 's/^ARG NODE_IMAGE=//p' deploy/docker/app.Dockerfile)" ] || fail "api and app Dockerfiles name different bases"
if timeout 60 docker pull -q "$upstream_base" >/dev/null 2>&1; then
  base=$upstream_base
  log "base: pulled $base"
else
  base=mirai-node-base:${upstream_base#node:}
  log "base: no registry reachable, making $base locally"
  mkdir -p "$work/base"
  deploy/ci/make-base.sh "$base" "$work/base" || fail "making the base image failed"
fi
log "base ready"

# --- images ---------------------------------------------------------------------------------
# build <image name> <Dockerfile> [target]
build() {
  local name=$1 file=$2 target=${3:-} from=$SECONDS
  docker build --network host --build-arg "NODE_IMAGE=$base" -f "deploy/docker/$file" ${target:+--target "$target"} -t "mirai-$name:ci" . \
    >"$work/build-$name.log" 2>&1 ||
    { tail -40 "$work/build-$name.log" >&2; fail "docker build of mirai-$name ($file${target:+, target $target}) failed (full log above, last 40 lines)"; }
  log "built mirai-$name:ci in $((SECONDS - from)) s"
}
# Side by side: each spends much of its time fetching packages. The plugin runtime is the API
# build's other target, so its build afterwards reuses every layer but its last.
(build api api.Dockerfile api && build plugin-runtime api.Dockerfile plugin-runtime) &
api_build=$!
build app app.Dockerfile &
app_build=$!
wait "$api_build" || fail "building the API and plugin-runtime images failed"
wait "$app_build" || fail "building the app image failed"
size_mb() { echo $(($(docker image inspect -f '{{.Size}}' "$1") / 1000000)); }
api_mb=$(size_mb mirai-api:ci)
runtime_image_mb=$(size_mb mirai-plugin-runtime:ci)
app_mb=$(size_mb mirai-app:ci)
base_mb=$(size_mb "$base")

# --- run as the manifests do ----------------------------------------------------------------
node24 tests/support/scratch-store.ts create "$server_url" "$database" || fail "could not create database $database on $server_url"
database_created=1
api1_port=18181 api2_port=18182 worker_port=18183 worker2_port=18184 app_port=18130
secret_key=$(head -c 32 /dev/urandom | base64)
cat >"$MIRAI_IMAGES_ENV_FILE" <<ENV
DATABASE_URL=$server_url/$database
REDIS_URL=$redis_url
QUEUE_BACKEND=redis
MIRAI_QUEUE_NAMESPACE=$namespace
MIRAI_SECRET_KEY=$secret_key
LOG_LEVEL=info
MIRAI_WORKER_CONCURRENCY=3
MIRAI_JOB_STALE_SECONDS=3
DATABASE_POOL_MAX=5
MIRAI_PUBLIC_URL=http://127.0.0.1:$api1_port
MIRAI_APP_URL=http://127.0.0.1:$app_port
MIRAI_CORS_ORIGINS=http://127.0.0.1:$app_port
ENV
# The manifests give organisations storage-s3 on MinIO, which this machine lacks: storage-fs (the
# default plugins) on one folder shared by the API and worker containers stands in for it.
export MIRAI_IMAGES_DATA_DIR=$work/data
mkdir -p "$MIRAI_IMAGES_DATA_DIR" && as_root chown 1000:1000 "$MIRAI_IMAGES_DATA_DIR"
c=deploy/ci/containers.sh

from=$SECONDS
$c run "$prefix-migrate" mirai-api:ci migrate >"$work/migrate.log" 2>&1 || { cat "$work/migrate.log" >&2; fail "migrate exited non-zero"; }
log "migrate: exit 0 in $((SECONDS - from)) s ($(grep -c . "$work/migrate.log") log lines)"

now_ms() { echo $(($(date +%s%N) / 1000000)); }
# start_ready <name> <image> <port> <command> <path> [KEY=VALUE...]: prints milliseconds from `docker run` to the probe answering.
start_ready() {
  local t0
  t0=$(now_ms)
  $c start "$prefix-$1" "$2" "$3" "$4" "${@:6}" >/dev/null || fail "docker run of $1 failed"
  $c wait-http "http://127.0.0.1:$3$5" 60 "$prefix-$1" || fail "$1 never answered $5"
  echo $(($(now_ms) - t0))
}
# Started one after another so each time to ready is measured without the others competing for the 2 cores.
# On one host network each replica needs its own port for the content origin (the SCORM player's).
api1_ms=$(start_ready api-1 mirai-api:ci $api1_port start /readyz MIRAI_CONTENT_PORT=18191)
api2_ms=$(start_ready api-2 mirai-api:ci $api2_port start /readyz MIRAI_CONTENT_PORT=18192)
worker_ms=$(start_ready worker-1 mirai-api:ci $worker_port worker /readyz)
printf '%s\n' "MIRAI_API_URL=http://127.0.0.1:$api1_port" "MIRAI_APP_SESSION_SECRET=$(head -c 32 /dev/urandom | base64)" >"$work/app.env"
app_ms=$(MIRAI_IMAGES_ENV_FILE=$work/app.env MIRAI_IMAGES_DATA_DIR='' start_ready app mirai-app:ci $app_port "" /)
log "ready: api-1 ${api1_ms} ms, api-2 ${api2_ms} ms, worker ${worker_ms} ms, app ${app_ms} ms"
# The plugin runtime as its Deployment runs it: no database, Redis or secret key in its
# environment, only its address and the token its callers share; ready when its port accepts.
printf '%s\n' "MIRAI_PLUGIN_RUNTIME_URL=tcp://127.0.0.1:18185" "MIRAI_PLUGIN_RUNTIME_TOKEN=$(head -c 32 /dev/urandom | base64)" >"$work/runtime.env"
runtime_t0=$(now_ms)
MIRAI_IMAGES_ENV_FILE=$work/runtime.env MIRAI_IMAGES_DATA_DIR='' $c start "$prefix-plugin-runtime" mirai-plugin-runtime:ci 18185 plugin-runtime >/dev/null ||
  fail "docker run of plugin-runtime failed"
$c wait-tcp 18185 60 "$prefix-plugin-runtime" || fail "plugin-runtime never accepted on 18185"
runtime_ms=$(($(now_ms) - runtime_t0))
log "ready: plugin-runtime ${runtime_ms} ms"

# --- container kill test --------------------------------------------------------------------
log "kill test: generation through api-1, then docker kill api-1 and worker-1 mid-run"
MIRAI_IMAGES_API_URLS="http://127.0.0.1:$api1_port,http://127.0.0.1:$api2_port" \
  MIRAI_IMAGES_KILL="$prefix-api-1 $prefix-worker-1" \
  MIRAI_IMAGES_START_WORKER="deploy/ci/containers.sh start $prefix-worker-2 mirai-api:ci $worker2_port worker && deploy/ci/containers.sh wait-http http://127.0.0.1:$worker2_port/readyz 60 $prefix-worker-2" \
  MIRAI_IMAGES_DATABASE_URL="$server_url/$database" \
  nice -n 5 npx -y pnpm@10 exec vitest run --project integration tests/integration/images-kill.test.ts ||
  fail "the container kill test failed"

# --- app smoke test -------------------------------------------------------------------------
page=$(curl -fsS --max-time 10 "http://127.0.0.1:$app_port/") || fail "GET / of the app did not answer 200"
grep -q '<title>' <<<"$page" && grep -qi 'mirai' <<<"$page" || fail "GET / of the app answered without the expected HTML: ${page:0:300}"
curl -fsS --max-time 10 -o /dev/null "http://127.0.0.1:$api2_port/readyz" || fail "/readyz of api-2 did not answer 200 after the kill test"
log "smoke: app GET / 200 with the page, api-2 /readyz 200"

# --- report and budget ----------------------------------------------------------------------
ready_ms=$(printf '%s\n' "$api1_ms" "$api2_ms" | sort -n | tail -1)
log "sizes: api ${api_mb} MB, plugin-runtime ${runtime_image_mb} MB, app ${app_mb} MB (base $base ${base_mb} MB)"
log "time to ready: api ${ready_ms} ms at most (api-1 ${api1_ms}, api-2 ${api2_ms}); worker ${worker_ms}, app ${app_ms}, plugin-runtime ${runtime_ms} ms"
problems=()
[ "$api_mb" -le "$API_IMAGE_BUDGET_MB" ] || problems+=("api image ${api_mb} MB is over the ${API_IMAGE_BUDGET_MB} MB budget")
[ "$ready_ms" -le "$READY_BUDGET_MS" ] || problems+=("API time to ready ${ready_ms} ms is over the ${READY_BUDGET_MS} ms budget")
[ ${#problems[@]} -eq 0 ] || fail "${problems[*]}"
log "budget met: api ${api_mb} <= ${API_IMAGE_BUDGET_MB} MB, ready ${ready_ms} <= ${READY_BUDGET_MS} ms"
