#!/usr/bin/env bash
# Installs the n8n pinned in tools/n8n into a cache outside the repo (it is ~2.3 GB and takes minutes),
# so tests and the demo can start a real n8n. Idempotent: a complete install for the same lockfile is reused.
# The directory name carries a hash of the lockfile, so src/runtime/n8n.ts finds the same install without config.
set -euo pipefail
cd "$(dirname "$0")/.."

tools=tools/n8n
version=$(node -p "require('./$tools/package.json').dependencies.n8n")
key=$(sha256sum "$tools/package-lock.json" | cut -c1-16)
cache=${REVSTACK_CACHE:-$HOME/.cache/revstack}
target="$cache/n8n-$version-$key"

if [[ -f "$target/.complete" && -x "$target/node_modules/.bin/n8n" ]]; then
  echo "n8n $version already installed at $target"
  exit 0
fi

# sqlite3 has no offline prebuild: npm falls back to node-gyp, which needs a compiler and the Node headers.
missing=()
for tool in make gcc g++ python3; do command -v "$tool" >/dev/null || missing+=("$tool"); done
if ((${#missing[@]})); then
  if [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null; then
    echo "installing build tools for sqlite3 (missing: ${missing[*]})"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq build-essential python3 >/dev/null
  else
    echo "error: n8n's sqlite3 must be compiled here; install: ${missing[*]} (e.g. apt-get install build-essential python3)" >&2
    exit 1
  fi
fi
# node-gyp would otherwise download headers from nodejs.org, which may be unreachable.
node_prefix=$(dirname "$(dirname "$(command -v node)")")
if [[ -z "${npm_config_nodedir:-}" && -f "$node_prefix/include/node/node_api.h" ]]; then
  export npm_config_nodedir="$node_prefix"
fi

native="sqlite3 isolated-vm"
mkdir -p "$cache"
exec 9>"$cache/.n8n-setup.lock"
flock 9  # a second setup waits for the first instead of installing twice
if [[ -f "$target/.complete" ]]; then
  echo "n8n $version installed at $target (by a concurrent setup)"
  exit 0
fi

# Install into a scratch dir and rename at the end: an interrupted install never looks complete.
rm -rf "$cache"/n8n-*.partial "$target"
partial="$target.partial"
mkdir -p "$partial"
cp "$tools/package.json" "$tools/package-lock.json" "$partial/"
echo "installing n8n $version into $target (a few minutes)"
start=$SECONDS
# Dependency install scripts are skipped: several of n8n's optional integrations (Kafka, Oracle, a browser agent)
# download toolchains or binaries from hosts other than the npm registry. Only the native modules n8n itself
# needs to start and run Code nodes are built, then loaded once (a failed build would only show when n8n starts).
(cd "$partial" && npm ci --no-audit --no-fund --loglevel=error --ignore-scripts &&
  npm rebuild --no-audit --no-fund --loglevel=error $native)
for module in $native; do node -e "require('$partial/node_modules/$module')"; done
touch "$partial/.complete"
mv "$partial" "$target"
echo "n8n $version installed at $target in $((SECONDS - start)) s ($(du -sh "$target" | cut -f1))"
