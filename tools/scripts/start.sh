#!/usr/bin/env bash
# npm start: the whole platform in one process (embedded mode). No Kafka needed;
# PostgreSQL at DATABASE_URL if set, otherwise the embedded PGlite in $WEFT_DATA_DIR (.data).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# shellcheck source=ensure-deps.sh
source "$root/tools/scripts/ensure-deps.sh"
weft_ensure_deps "$root"
cd "$root"
node tools/scripts/build.mjs >&2
exec node --enable-source-maps dist/apps/platform/src/main.js
