# Sourced by start.sh and test.sh: installs dependencies when they are missing or
# older than the lockfile, then puts the pinned Node 24 (npm package `node`) first on PATH,
# whatever node the machine has.
weft_ensure_deps() {
  local root="$1"
  if [ ! -f "$root/node_modules/.package-lock.json" ] || [ "$root/package-lock.json" -nt "$root/node_modules/.package-lock.json" ] || [ ! -x "$root/node_modules/.bin/node" ]; then
    echo "weft: installing dependencies (npm ci)" >&2
    (cd "$root" && npm ci --no-audit --no-fund --loglevel=error) >&2
  fi
  export PATH="$root/node_modules/.bin:$PATH"
  local major
  major="$(node -p 'process.versions.node.split(".")[0]')"
  if [ "$major" != "24" ]; then
    echo "weft: expected Node 24 from node_modules/.bin, got $(node --version)" >&2
    return 1
  fi
}
