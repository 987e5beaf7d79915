#!/usr/bin/env bash
# npm run infra:up: makes sure the infrastructure the tests use is running.
# PostgreSQL is expected at DATABASE_URL (default 127.0.0.1:5432, the machine's own);
# Kafka is a real broker started from its Maven Central jars (infra/kafka); Redis (the
# distributed mode's shared catalog cache) is used at REDIS_URL or started (redis-up.sh).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
database_url="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/postgres}"

if ! psql "$database_url" -Atqc 'select 1' >/dev/null 2>&1; then
  if command -v pg_ctlcluster >/dev/null 2>&1 && [ -z "${DATABASE_URL:-}" ]; then
    echo "infra: starting the local PostgreSQL cluster" >&2
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | sort -V | tail -n 1)" main start || true
  fi
  for _ in $(seq 1 60); do psql "$database_url" -Atqc 'select 1' >/dev/null 2>&1 && break; sleep 0.5; done
  psql "$database_url" -Atqc 'select 1' >/dev/null || { echo "infra: PostgreSQL is not reachable at $database_url" >&2; exit 1; }
fi
echo "infra: PostgreSQL ready ($(psql "$database_url" -Atqc 'show server_version'))" >&2

bash "$root/tools/infra/redis-up.sh"
bash "$root/tools/infra/kafka-up.sh"
