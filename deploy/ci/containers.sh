#!/usr/bin/env bash
# Runs one Mirai container the way deploy/k8s runs its pods: uid 1000, read-only root filesystem,
# tmpfs where the manifests mount emptyDirs (/tmp, /var/lib/mirai), no capabilities, no privilege
# escalation. Host network (the CI engine has no bridge), so each process gets its own PORT.
# Environment: the file $MIRAI_IMAGES_ENV_FILE (written by images.sh), then PORT and the extras.
#
# Usage: containers.sh start <name> <image> <port> <command> [KEY=VALUE...]   detached, prints the id
#        containers.sh run <name> <image> <command> [KEY=VALUE...]            foreground, exits with it
#        containers.sh wait-http <url> <timeout s> [<container>]              until it answers 2xx
#        containers.sh wait-tcp <port> <timeout s> [<container>]              until 127.0.0.1:<port> accepts
set -euo pipefail

hardened() {
  local name=$1
  shift
  printf '%s\n' --name "$name" --network host --user 1000:1000 --read-only --tmpfs /tmp:rw,nosuid,nodev,size=256m \
    --cap-drop ALL --security-opt no-new-privileges --env-file "${MIRAI_IMAGES_ENV_FILE:?MIRAI_IMAGES_ENV_FILE is not set}"
  # MIRAI_IMAGES_DATA_DIR: one host folder shared by the API and worker containers, standing in for
  # the object store they share in production (storage-fs keeps course files there).
  if [ -n "${MIRAI_IMAGES_DATA_DIR:-}" ]; then
    printf '%s\n' --volume "$MIRAI_IMAGES_DATA_DIR:/var/lib/mirai"
  else
    printf '%s\n' --tmpfs /var/lib/mirai:rw,nosuid,nodev,size=256m,uid=1000,gid=1000,mode=0700
  fi
  for assignment in "$@"; do printf '%s\n' --env "$assignment"; done
}

# wait_until <what> <timeout s> <container or ''> <probe command...>: runs the probe every 0.1 s until
# it succeeds; fails early, with the container's last log lines, if the container stops first.
wait_until() {
  local what=$1 timeout=$2 container=$3
  shift 3
  local deadline=$(($(date +%s%N) / 1000000 + timeout * 1000))
  until "$@" 2>/dev/null; do
    if [ -n "$container" ] && [ "$(docker inspect -f '{{.State.Running}}' "$container" 2>/dev/null)" != true ]; then
      docker logs --tail 30 "$container" >&2 || true
      echo "$container stopped before $what answered" >&2
      exit 1
    fi
    if [ $(($(date +%s%N) / 1000000)) -ge "$deadline" ]; then
      [ -n "$container" ] && docker logs --tail 30 "$container" >&2
      echo "$what did not answer within $timeout s" >&2
      exit 1
    fi
    sleep 0.1
  done
}

case ${1:-} in
  start)
    name=$2 image=$3 port=$4 command=$5
    shift 5
    mapfile -t flags < <(hardened "$name" "PORT=$port" "$@")
    # An empty command keeps the image's CMD (the app).
    docker run --detach "${flags[@]}" "$image" ${command:+"$command"}
    ;;
  run)
    name=$2 image=$3 command=$4
    shift 4
    mapfile -t flags < <(hardened "$name" "$@")
    docker run --rm "${flags[@]}" "$image" "$command"
    ;;
  wait-http)
    url=$2
    wait_until "$url" "$3" "${4:-}" curl -fsS -o /dev/null --max-time 2 "$url"
    ;;
  wait-tcp)
    # The plugin runtime speaks only TLS-PSK: its probe (as in its Deployment) is a TCP connect.
    port=$2
    wait_until "port $port" "$3" "${4:-}" bash -c "exec 3<>/dev/tcp/127.0.0.1/$port"
    ;;
  *)
    echo "usage: containers.sh start|run|wait-http|wait-tcp ..." >&2
    exit 2
    ;;
esac
