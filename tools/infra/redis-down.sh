#!/usr/bin/env bash
# Stops the redis-server redis-up.sh started (its pid file); a Redis it did not start is left alone.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
pidfile="$root/.data/redis/redis.pid"
[ -f "$pidfile" ] || exit 0
pid="$(cat "$pidfile")"
if kill -0 "$pid" 2>/dev/null && grep -q redis-server "/proc/$pid/cmdline" 2>/dev/null; then kill "$pid"; fi
rm -f "$pidfile"
