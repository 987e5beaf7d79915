#!/usr/bin/env bash
# npm test: everything a change must pass, from a fresh clone. Installs what is
# missing, starts the infrastructure (PostgreSQL check, Kafka broker), then runs
# lint (ESLint, Prettier, knip), type check, and the unit, integration and end-to-end tests.
# Its last line is "N passed, N failed": every jest test counts once, and lint and
# the type check count as one check each (as do formatting and dependencies).
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$root"
# shellcheck source=ensure-deps.sh
source "$root/tools/scripts/ensure-deps.sh"
weft_ensure_deps "$root" || { echo "0 passed, 1 failed"; exit 1; }
mkdir -p reports
export NX_DAEMON=false NX_NO_CLOUD=true

steps_passed=0
steps_failed=0
step() {
  local name="$1"; shift
  echo "==> $name" >&2
  if "$@"; then steps_passed=$((steps_passed + 1)); else echo "!!! $name failed" >&2; steps_failed=$((steps_failed + 1)); fi
}

if ! bash tools/infra/up.sh; then
  echo "infrastructure did not start; see above" >&2
  echo "0 passed, 1 failed"
  exit 1
fi

node tools/scripts/build.mjs >&2 || { echo "0 passed, 1 failed"; exit 1; }
# The module-boundary lint rule reads Nx's project graph: compute it first, or the rule skips.
npx nx show projects >/dev/null
step "lint" npx eslint --max-warnings=0 apps libs tools
step "format" npm run --silent format:check
step "dependencies" npx knip
step "typecheck" npx tsc -p tsconfig.json --noEmit

echo "==> jest (unit, int, e2e)" >&2
# --forceExit: kafkajs keeps timers alive after disconnect on Node 24; every suite
# closes its own clients, this only stops jest from waiting on the library.
node --experimental-vm-modules node_modules/jest/bin/jest.js --ci --maxWorkers=2 --forceExit \
  --json --outputFile=reports/jest.json "$@" 2>&1 | grep -v 'ExperimentalWarning\|--trace-warnings' >&2
jest_status=${PIPESTATUS[0]}

node tools/scripts/summarize-tests.mjs reports/jest.json "$steps_passed" "$steps_failed" "$jest_status"
