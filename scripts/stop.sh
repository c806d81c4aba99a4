#!/usr/bin/env bash
# Stops every process that `make run` or `make infra` started, by the process ids it wrote to .run/pids/.
set -uo pipefail
cd "$(dirname "$0")/.."

stop_pid() { # name pid signal [seconds to wait before SIGKILL, default 30]
  local name=$1 pid=$2 signal=$3 wait=${4:-30}
  kill -0 "$pid" 2>/dev/null || return 0
  echo "stopping $name (pid $pid)"
  kill "-$signal" "$pid" 2>/dev/null
  for _ in $(seq 1 $((wait * 10))); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.1; done
  echo "$name did not stop in $wait s; killing it"
  kill -KILL "$pid" 2>/dev/null
}

shopt -s nullglob
started=$SECONDS
# The launcher first: its shutdown hook stops the functions (all at once, each to a clean exit: SIGTERM, SIGKILL only
# after 30 s), then Kafka, PostgreSQL and Keycloak, and returns when they have gone. Its own bound covers all of that.
[ -f .run/pids/stack.pid ] && stop_pid stack "$(cat .run/pids/stack.pid)" TERM 90
# Whatever is left if the launcher was killed hard.
for file in .run/pids/*.pid; do
  stop_pid "$(basename "$file" .pid)" "$(cat "$file")" TERM
  rm -f "$file"
done
if [ -f .data/keycloak/keycloak.pid ]; then
  stop_pid keycloak "$(cat .data/keycloak/keycloak.pid)" TERM
  rm -f .data/keycloak/keycloak.pid
fi
if [ -f .data/postgres/postmaster.pid ]; then
  stop_pid postgres "$(head -1 .data/postgres/postmaster.pid)" INT
fi
echo "stopped in $((SECONDS - started)) s"
