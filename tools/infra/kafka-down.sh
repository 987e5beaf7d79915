#!/usr/bin/env bash
# Stop the Weft dev/CI Kafka broker started by tools/infra/kafka-up.sh.
#
# Idempotent: succeeds when nothing is running. SIGTERM first (controlled
# shutdown), SIGKILL if it has not exited after KAFKA_STOP_TIMEOUT seconds
# (default 30).
#   --purge   also delete .data/kafka (topics, offsets, cluster id, logs);
#             the next kafka-up.sh formats fresh storage. The jars in
#             infra/kafka/lib/ are kept.
set -euo pipefail

SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$SCRIPT_DIR/../.." && pwd)"
cd "$ROOT"

PURGE=0
for arg in "$@"; do
  case "$arg" in
    --purge) PURGE=1 ;;
    -h|--help) sed -n '2,9s/^# \{0,1\}//p' "$0"; exit 0 ;;
    *) printf 'kafka-down: unknown argument: %s (usage: kafka-down.sh [--purge])\n' "$arg" >&2; exit 2 ;;
  esac
done

STOP_TIMEOUT="${KAFKA_STOP_TIMEOUT:-30}"
SERVER_PROPS="$ROOT/infra/kafka/server.properties"
DATA="$ROOT/.data/kafka"
PIDFILE="$DATA/kafka.pid"

say() { printf 'kafka-down: %s\n' "$*"; }

# Is PID a broker started from this checkout? (guards against PID reuse)
is_our_broker() {
  local pid="$1" cmd=""
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  if [[ -r "/proc/$pid/cmdline" ]]; then
    cmd="$(tr '\0' ' ' <"/proc/$pid/cmdline")"
  elif command -v ps >/dev/null 2>&1; then
    cmd="$(ps -o args= -p "$pid" 2>/dev/null || true)"
  fi
  [[ "$cmd" == *kafka.Kafka*"$SERVER_PROPS"* ]]
}

find_our_broker() {
  local d pid
  for d in /proc/[0-9]*; do
    pid="${d#/proc/}"
    is_our_broker "$pid" && { echo "$pid"; return 0; }
  done
  return 1
}

stop_pid() {
  local pid="$1" waited=0
  say "stopping broker (pid $pid)"
  kill -TERM "$pid" 2>/dev/null || return 0
  while kill -0 "$pid" 2>/dev/null; do
    if (( waited >= STOP_TIMEOUT * 5 )); then
      say "still running after ${STOP_TIMEOUT}s, sending SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
      # The kernel reaps it almost at once; bound this wait too.
      for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      break
    fi
    sleep 0.2
    waited=$((waited + 1))
  done
  say "broker stopped"
}

pid=""
[[ -f "$PIDFILE" ]] && pid="$(tr -d '[:space:]' <"$PIDFILE")"
if [[ -n "$pid" ]] && is_our_broker "$pid"; then
  stop_pid "$pid"
elif pid="$(find_our_broker)"; then
  # Pid file lost or stale, but a broker of this checkout is running.
  stop_pid "$pid"
else
  say "no broker running"
fi
rm -f "$PIDFILE"

if (( PURGE )); then
  rm -rf "$DATA"
  say "purged .data/kafka"
fi
