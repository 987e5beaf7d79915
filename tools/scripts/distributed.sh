#!/usr/bin/env bash
# npm run distributed: the distributed deployment on one machine, each app its own
# process (projector, identity, tenancy, workflows, execution, billing, WORKERS workers (default
# 1), gateway) against
# PostgreSQL at DATABASE_URL and Kafka at KAFKA_BROKERS (npm run infra:up). The gateway
# listens on PORT (default 3000); each service listens on PORT+n for health and on
# RPC_BASE_PORT+n (default 4100+n) for the gateway. Ctrl-C stops them all.
# JWT_SECRET and CREDENTIALS_MASTER_KEYS are shared by every process: set them, or
# they are generated once into .data/distributed/secrets.env (back that file up).
# REDIS_URL (default redis://127.0.0.1:6379 when a Redis answers there) gives the execution
# service and the workers their shared catalog cache; without one each caches in memory.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
: "${DATABASE_URL:?set DATABASE_URL to the PostgreSQL the deployment uses, e.g. postgres://postgres@127.0.0.1:5432/weft}"
state="$root/.data/distributed"
mkdir -p "$state/logs"
secrets="$state/secrets.env"
if [[ -z "${JWT_SECRET:-}" || -z "${CREDENTIALS_MASTER_KEYS:-}" ]]; then
  if [[ ! -f "$secrets" ]]; then
    (umask 077; printf 'JWT_SECRET=%s\nCREDENTIALS_MASTER_KEYS=k1:%s\n' "$(openssl rand -hex 32)" "$(openssl rand -base64 32)" > "$secrets")
  fi
  set -a; source "$secrets"; set +a
fi
export DATABASE_URL JWT_SECRET CREDENTIALS_MASTER_KEYS
if [[ -z "${REDIS_URL:-}" ]] && command -v redis-cli >/dev/null 2>&1 && [[ "$(redis-cli -u redis://127.0.0.1:6379 ping 2>/dev/null)" == "PONG" ]]; then
  REDIS_URL=redis://127.0.0.1:6379
fi
if [[ -n "${REDIS_URL:-}" ]]; then export REDIS_URL; else echo "distributed: no Redis (REDIS_URL): the catalog cache is per process" >&2; fi
node tools/scripts/build.mjs

port="${PORT:-3000}"
rpc_base="${RPC_BASE_PORT:-4100}"
pids=()
stop() { kill "${pids[@]}" 2>/dev/null || true; wait 2>/dev/null || true; }
trap stop EXIT INT TERM

start() { # app, http port, extra env...
  local app="$1" http="$2"; shift 2
  env PORT="$http" "$@" node --enable-source-maps "dist/apps/$app/src/main.js" > "$state/logs/$app-$http.log" 2>&1 &
  pids+=("$!")
}
ready() { # app, http port
  for _ in $(seq 1 120); do
    curl -fs "http://127.0.0.1:$2/health/ready" > /dev/null && return 0
    sleep 0.5
  done
  echo "distributed: $1 did not become ready; see $state/logs/$1-$2.log" >&2
  return 1
}

start projector $((port + 10))
ready projector $((port + 10))
services=()
n=1
for app in identity tenancy workflows execution billing; do
  start "$app" $((port + 10 + n)) SERVICE_RPC_PORT=$((rpc_base + n))
  services+=("$app=127.0.0.1:$((rpc_base + n))")
  n=$((n + 1))
done
for w in $(seq 1 "${WORKERS:-1}"); do
  start worker $((port + 20 + w))
done
start gateway "$port" GATEWAY_SERVICES="$(IFS=,; echo "${services[*]}")"
ready gateway "$port"
echo "distributed: gateway on http://127.0.0.1:$port (docs at /docs), logs in $state/logs/"
wait -n "${pids[@]}"
echo "distributed: a process exited; stopping the others" >&2
