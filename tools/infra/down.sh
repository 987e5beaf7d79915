#!/usr/bin/env bash
# npm run infra:down: stops what infra:up started (the Kafka broker, a Redis it started). Idempotent.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
bash "$root/tools/infra/redis-down.sh" || true
bash "$root/tools/infra/kafka-down.sh" "$@"
