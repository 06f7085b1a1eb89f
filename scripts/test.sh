#!/usr/bin/env bash
# npm test: builds, then runs the whole suite (vitest; arguments are passed on) on Node 24 — the machine's own when
# it is new enough, otherwise the copy scripts/setup-node.sh keeps in the cache (fetched once from the npm registry).
set -euo pipefail
cd "$(dirname "$0")/.."
NODE_BIN=$(bash scripts/setup-node.sh)
export PATH="$NODE_BIN:$PATH"
npm run --silent build
exec npx vitest run "$@"
