# Sourced by images.sh: a private Docker engine (own data root, exec root and socket) for one run,
# or the machine's engine when one is already running (GitHub's runners). Sets DOCKER_HOST.

# start_private_dockerd <dir>: starts dockerd under <dir> and waits until it answers.
start_private_dockerd() {
  local dir=$1 deadline=$((SECONDS + 60))
  mkdir -p "$dir/data" "$dir/exec"
  export DOCKER_HOST="unix://$dir/docker.sock"
  # No bridge and no iptables: containers use the host network, as this machine allows nothing else.
  dockerd --data-root "$dir/data" --exec-root "$dir/exec" -H "$DOCKER_HOST" --pidfile "$dir/dockerd.pid" \
    --iptables=false --ip6tables=false --bridge=none --storage-driver=overlay2 >"$dir/dockerd.log" 2>&1 &
  DOCKERD_PID=$!
  until docker version >/dev/null 2>&1; do
    if ! kill -0 "$DOCKERD_PID" 2>/dev/null; then
      tail -20 "$dir/dockerd.log" >&2
      echo "dockerd exited during start-up (log: $dir/dockerd.log)" >&2
      return 1
    fi
    if [ "$SECONDS" -ge "$deadline" ]; then
      tail -20 "$dir/dockerd.log" >&2
      echo "dockerd did not answer on $DOCKER_HOST within 60 s (log: $dir/dockerd.log)" >&2
      return 1
    fi
    sleep 0.2
  done
}

# stop_private_dockerd: SIGTERM, then SIGKILL after 20 s; waits until it is gone.
stop_private_dockerd() {
  [ -n "${DOCKERD_PID:-}" ] || return 0
  kill -TERM "$DOCKERD_PID" 2>/dev/null || true
  local deadline=$((SECONDS + 20))
  while kill -0 "$DOCKERD_PID" 2>/dev/null && [ "$SECONDS" -lt "$deadline" ]; do sleep 0.2; done
  kill -KILL "$DOCKERD_PID" 2>/dev/null || true
  wait "$DOCKERD_PID" 2>/dev/null || true
  DOCKERD_PID=
}
