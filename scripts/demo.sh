#!/usr/bin/env bash
# npm run demo: applies the example blueprint (stack `demo`, stacks/Pulumi.demo.yaml) to a local HubSpot sandbox
# with the real Pulumi engine and the local file backend. Installs what is missing first. State stays on disk:
# the sandbox portal in .revstack/sandbox-state.json, the Pulumi state in .pulumi-state/. A second run changes nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
say() { printf '\n== %s\n' "$*"; }

[ -d node_modules ] || { say "installing packages (npm ci)"; npm ci --no-audit --no-fund; }
say "building"
npm run --silent build
npm run --silent setup:pulumi
PULUMI_BIN=$(cat .revstack/pulumi-bin)
export PATH="$PULUMI_BIN:$PATH" PULUMI_SKIP_UPDATE_CHECK=true PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true
# The demo stack's secrets (the sandbox's development token) are encrypted with this published passphrase.
[ -n "${PULUMI_CONFIG_PASSPHRASE_FILE:-}" ] || export PULUMI_CONFIG_PASSPHRASE=${PULUMI_CONFIG_PASSPHRASE-revstack-demo}

# The stack config names the sandbox's URL, so the demo keeps one port; a busy port falls back to a free one.
PORT=${REVSTACK_DEMO_PORT:-4317}
STATE=.revstack/sandbox-state.json
LOG=.revstack/sandbox.log
mkdir -p .revstack
start_sandbox() { # port
  node bin/revstack.js sandbox --port "$1" --state "$STATE" > "$LOG" 2>&1 &
  SANDBOX_PID=$!
  for _ in $(seq 1 100); do # at most 10 s
    URL=$(sed -n 's/^listening on //p' "$LOG")
    [ -n "$URL" ] && return 0
    kill -0 "$SANDBOX_PID" 2> /dev/null || return 1
    sleep 0.1
  done
  return 1
}
stop_sandbox() { [ -n "${SANDBOX_PID:-}" ] && kill "$SANDBOX_PID" 2> /dev/null && wait "$SANDBOX_PID" 2> /dev/null || true; }
trap stop_sandbox EXIT

say "starting the sandbox"
if ! start_sandbox "$PORT"; then
  stop_sandbox
  start_sandbox 0 || { cat "$LOG" >&2; echo "demo: the sandbox did not start (log: $LOG)" >&2; exit 1; }
fi
echo "sandbox: $URL (pid $SANDBOX_PID, portal state: $STATE)"

pulumi stack select demo --create --non-interactive > /dev/null
[ "$(pulumi config get hubspot:baseUrl --stack demo 2> /dev/null)" = "$URL" ] ||
  pulumi config set hubspot:baseUrl "$URL" --stack demo

say "pulumi up (stack demo)"
# --refresh: the portal is read first, so a deleted or reset sandbox state is noticed and applied again.
pulumi up --stack demo --yes --skip-preview --refresh --non-interactive

say "what the demo stack manages"
pulumi stack export --stack demo --non-interactive | node -e '
  let s = ""; process.stdin.on("data", (d) => (s += d)).on("end", () => {
    const counts = {};
    for (const r of JSON.parse(s).deployment.resources ?? []) {
      const type = r.type.split(":").pop();
      if (r.custom && !r.type.startsWith("pulumi:providers:")) counts[type] = (counts[type] ?? 0) + 1;
    }
    for (const [type, n] of Object.entries(counts)) console.log(`  ${String(n).padStart(3)} ${type}`);
  });'
cat << EOF

Where to look:
  Pulumi state:     $(pwd)/.pulumi-state/.pulumi/stacks/revstack/demo.json   (pulumi stack --stack demo)
  Sandbox portal:   $(pwd)/$STATE
  Drift check:      pulumi preview --refresh --expect-no-changes --stack demo   (with the sandbox running)
  Run it again:     npm run demo   (changes nothing)
EOF
