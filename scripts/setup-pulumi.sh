#!/usr/bin/env bash
# Makes the Pulumi CLI, the Node.js language host and the dynamic-provider plugin available offline, and records
# the bin directory in <project>/.revstack/pulumi-bin (read by revstack's commands, the demo and the tests).
# Usage: scripts/setup-pulumi.sh [project dir] (default: revstack's own checkout); `revstack setup` passes the
# user's project. The SDK is the @pulumi/pulumi that revstack itself resolves (in the user's node_modules).
#   1. `pulumi` on PATH or in ~/.pulumi/versions/<v>/bin whose version matches @pulumi/pulumi in node_modules;
#   2. otherwise build it from the Go module proxy (no get.pulumi.com) into ~/.pulumi/versions/<v>/bin.
# Idempotent: a complete install is reused; the Go build is cached in ~/.cache/revstack/pulumi-build-<v>.
set -euo pipefail
PROJECT=$(cd "${1:-$(dirname "$0")/..}" && pwd)
cd "$(dirname "$0")/.."
ROOT=$PWD
export PULUMI_SKIP_UPDATE_CHECK=true PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true

SDK_MANIFEST=$(node -p 'require.resolve("@pulumi/pulumi/package.json")' 2>/dev/null) ||
  { echo "setup:pulumi: @pulumi/pulumi is not installed; run npm install (npm ci) first" >&2; exit 1; }
SDK_VERSION=$(node -p "require('$SDK_MANIFEST').version")
# When the proxy does not serve pkg/v3 at the SDK's version, build this older engine release instead (the newest
# the team verified builds from a module mirror); the Automation API accepts any 3.x CLI when no version is pinned.
FALLBACK_VERSIONS=${REVSTACK_PULUMI_FALLBACK_VERSIONS:-3.259.0}
CACHE=${XDG_CACHE_HOME:-$HOME/.cache}/revstack
MODULE=github.com/pulumi/pulumi
LANGHOST_MODULE=$MODULE/sdk/nodejs/cmd/pulumi-language-nodejs/v3
PROVIDER_SCRIPT=$(dirname "$SDK_MANIFEST")/pulumi-resource-pulumi-nodejs

say() { echo "setup:pulumi: $*" >&2; }
cli_version() { "$1" version 2>/dev/null | sed 's/^v//'; }
complete_install() { # dir version
  [ -x "$1/pulumi" ] && [ -x "$1/pulumi-language-nodejs" ] && [ -x "$1/pulumi-resource-pulumi-nodejs" ] &&
    [ "$(cli_version "$1/pulumi")" = "$2" ]
}
record() {
  # revstack's own language host is a copy: bring an existing install up to this checkout's version.
  if head -1 "$1/pulumi-language-nodejs" 2>/dev/null | grep -q node && ! cmp -s "$1/pulumi-language-nodejs" scripts/pulumi-language-nodejs.js; then
    install -m 0755 scripts/pulumi-language-nodejs.js "$1/pulumi-language-nodejs" 2>/dev/null && say "updated revstack's language host in $1"
  fi
  # Pulumi.yaml's local backend (file://./.pulumi-state) must exist before the first `pulumi` command.
  mkdir -p "$PROJECT/.revstack" "$PROJECT/.pulumi-state" && echo "$1" > "$PROJECT/.revstack/pulumi-bin"
  say "using $("$1/pulumi" version) from $1 (recorded in .revstack/pulumi-bin)"
  exit 0
}

# --- 1. an existing CLI -------------------------------------------------------------------------------------
if command -v pulumi > /dev/null; then
  dir=$(dirname "$(command -v pulumi)")
  complete_install "$dir" "$SDK_VERSION" && record "$dir"
fi
for v in $SDK_VERSION $FALLBACK_VERSIONS; do
  complete_install "$HOME/.pulumi/versions/$v/bin" "$v" && record "$HOME/.pulumi/versions/$v/bin"
done

# --- 2. build from the Go module proxy ----------------------------------------------------------------------
command -v go > /dev/null || {
  say "no Pulumi CLI $SDK_VERSION (looked on PATH and in ~/.pulumi/versions/$SDK_VERSION/bin) and no Go toolchain to build one."
  say "Install Pulumi $SDK_VERSION (https://www.pulumi.com/docs/iac/download-install/) or Go >= 1.25, then rerun: npx revstack setup"
  exit 1
}
export GOFLAGS=-mod=mod GOTOOLCHAIN=${GOTOOLCHAIN_OVERRIDE:-auto}

served() { go mod download -json "$MODULE/pkg/v3@v$1" > /dev/null 2>&1; }
VERSION=
for v in $SDK_VERSION $FALLBACK_VERSIONS; do
  if served "$v"; then VERSION=$v; break; fi
  say "the Go module proxy ($(go env GOPROXY)) does not serve $MODULE/pkg/v3@v$v"
done
[ -n "$VERSION" ] || { say "no buildable Pulumi version (tried $SDK_VERSION $FALLBACK_VERSIONS); set REVSTACK_PULUMI_FALLBACK_VERSIONS"; exit 1; }
[ "$VERSION" = "$SDK_VERSION" ] || say "building Pulumi $VERSION, the SDK in node_modules is $SDK_VERSION"

BUILD=$CACHE/pulumi-build-$VERSION
BIN=$HOME/.pulumi/versions/$VERSION/bin
mkdir -p "$BUILD/bin" "$BIN"
cd "$BUILD"
started=$SECONDS

# Pulumi's go.mods replace some dependencies; a dependent module must repeat the non-local replaces.
replaces() { # module version
  local gomod
  gomod=$(go mod download -json "$1@$2" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).GoMod))')
  grep -E '^replace [^ ]+ => [^.][^ ]* v' "$gomod" | sed -E 's/^replace ([^ ]+) => ([^ ]+) (v[^ ]+)/\1=\2@\3/'
}
if [ ! -f go.mod ]; then
  go mod init local/pulumi-build > /dev/null 2>&1
  for r in $( (replaces "$MODULE/pkg/v3" "v$VERSION"; replaces "$MODULE/sdk/v3" "v$VERSION") | sort -u); do
    go mod edit -replace "$r"
  done
  say "fetching Pulumi $VERSION and its dependencies (log: $BUILD/build.log)"
  go get "$MODULE/pkg/v3/cmd/pulumi@v$VERSION" "$MODULE/sdk/v3@v$VERSION" >> build.log 2>&1 ||
    { tail -20 build.log >&2; rm go.mod; exit 1; }
fi
for m in pkg/v3 sdk/v3; do
  got=$(go list -m -f '{{.Version}}' "$MODULE/$m")
  [ "$got" = "v$VERSION" ] || { say "$MODULE/$m resolved to $got, expected v$VERSION"; exit 1; }
done

FLAGS=(-trimpath -tags osusergo,grpcnotrace -ldflags "-s -w -X $MODULE/sdk/v3/go/common/version.Version=v$VERSION")
if [ "$(cli_version bin/pulumi)" != "$VERSION" ]; then
  say "building pulumi $VERSION (first time: 10-30 minutes on 2 cores; log: $BUILD/build.log)"
  go build "${FLAGS[@]}" -o bin/pulumi "$MODULE/pkg/v3/cmd/pulumi" >> build.log 2>&1 ||
    { tail -20 build.log >&2; exit 1; }
fi

# The language host has no semver tag: fetch it at the commit of pkg/v<version> (the proxy's Origin info).
langhost_commit() {
  go mod download -json "$MODULE/pkg/v3@v$VERSION" |
    node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).Origin?.Hash ?? ""))'
}
if [ ! -x bin/pulumi-language-nodejs ] && [ ! -f bin/langhost-unavailable ]; then
  commit=$(langhost_commit)
  if [ -n "$commit" ] && go get "$LANGHOST_MODULE@$commit" >> build.log 2>&1 &&
     go build "${FLAGS[@]}" -o bin/pulumi-language-nodejs "$LANGHOST_MODULE" >> build.log 2>&1; then
    say "built pulumi-language-nodejs at $commit"
  else
    echo "commit=${commit:-unknown}" > bin/langhost-unavailable
    say "the proxy does not serve $LANGHOST_MODULE at ${commit:-an unknown commit}; using revstack's Node.js language host"
  fi
fi
[ "$SECONDS" -gt "$started" ] && say "build step took $((SECONDS - started)) s"

install -m 0755 bin/pulumi "$BIN/pulumi"
if [ -x bin/pulumi-language-nodejs ]; then
  install -m 0755 bin/pulumi-language-nodejs "$BIN/pulumi-language-nodejs"
else
  install -m 0755 "$ROOT/scripts/pulumi-language-nodejs.js" "$BIN/pulumi-language-nodejs"
fi
install -m 0755 "$PROVIDER_SCRIPT" "$BIN/pulumi-resource-pulumi-nodejs"
cd "$ROOT"
complete_install "$BIN" "$VERSION" || { say "install in $BIN is incomplete"; exit 1; }
record "$BIN"
