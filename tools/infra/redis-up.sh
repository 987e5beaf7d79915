#!/usr/bin/env bash
# Makes sure a Redis answers at REDIS_URL (default redis://127.0.0.1:6379): the shared
# catalog cache of the distributed mode and its tests. A Redis already answering is
# used as it is; otherwise redis-server is started (installed with apt-get first when
# it is missing and this machine can), with no persistence, and stopped by redis-down.sh.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
url="${REDIS_URL:-redis://127.0.0.1:6379}"
hostport="${url#*://}"; hostport="${hostport##*@}"; hostport="${hostport%%/*}"
host="${hostport%%:*}"; port="${hostport##*:}"; [ "$port" = "$hostport" ] && port=6379
state="$root/.data/redis"

ping() { command -v redis-cli >/dev/null 2>&1 && [ "$(redis-cli -u "$url" ping 2>/dev/null)" = "PONG" ]; }

if ! command -v redis-server >/dev/null 2>&1 || ! command -v redis-cli >/dev/null 2>&1; then
  echo "infra: installing redis-server (apt-get)" >&2
  if [ "$(id -u)" = 0 ]; then apt-get install -y -qq redis-server >/dev/null || { apt-get update -qq && apt-get install -y -qq redis-server >/dev/null; }
  elif command -v sudo >/dev/null 2>&1; then sudo apt-get install -y -qq redis-server >/dev/null || { sudo apt-get update -qq && sudo apt-get install -y -qq redis-server >/dev/null; }
  fi
fi
if ! ping; then
  case "$host" in 127.0.0.1|localhost) ;; *) echo "infra: Redis is not reachable at $url" >&2; exit 1 ;; esac
  command -v redis-server >/dev/null 2>&1 || { echo "infra: redis-server is not installed and could not be installed" >&2; exit 1; }
  mkdir -p "$state"
  echo "infra: starting redis-server on port $port" >&2
  redis-server --daemonize yes --bind 127.0.0.1 --port "$port" --save '' --appendonly no \
    --dir "$state" --pidfile "$state/redis.pid" --logfile "$state/redis.log"
  for _ in $(seq 1 40); do ping && break; sleep 0.25; done
  ping || { echo "infra: Redis did not start; see $state/redis.log" >&2; exit 1; }
fi
echo "infra: Redis ready ($(redis-cli -u "$url" info server 2>/dev/null | tr -d '\r' | sed -n 's/^redis_version://p'))" >&2
