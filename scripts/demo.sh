#!/usr/bin/env bash
# npm run demo: applies the example blueprint (stack `demo`, stacks/Pulumi.demo.yaml) to a local HubSpot sandbox and
# a local n8n with the real Pulumi engine and the local file backend, seeds sample CRM data and writes a report.
# Installs what is missing first. State stays on disk: the sandbox portal in .revstack/sandbox-state.json, n8n in
# .revstack/n8n/, the Pulumi state in .pulumi-state/. A second run changes nothing.
# REVSTACK_DEMO_KEEP_RUNNING=1 leaves the sandbox and n8n running afterwards, to send a test lead.
set -euo pipefail
cd "$(dirname "$0")/.."
say() { printf '\n== %s\n' "$*"; }

[ -d node_modules ] || { say "installing packages (npm ci)"; npm ci --no-audit --no-fund; }
say "building"
npm run --silent build
npm run --silent setup:pulumi
npm run --silent setup:n8n
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
  # The demo stack pins hubspot:portalId 4242424 (the portal guard checks it), so the demo portal keeps that id.
  node bin/revstack.js sandbox --port "$1" --state "$STATE" --portal-id 4242424 > "$LOG" 2>&1 &
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
# n8n is stopped only when this run started it (n8n-cli stops the PID it recorded, nothing else).
N8N_DIR=.revstack/n8n
N8N_PORT=${REVSTACK_DEMO_N8N_PORT:-5678}
stop_n8n() { [ -n "${N8N_STARTED:-}" ] && node dist/src/runtime/n8n-cli.js stop --data-dir "$N8N_DIR" > /dev/null || true; }
stop_all() { stop_sandbox; stop_n8n; }
[ -n "${REVSTACK_DEMO_KEEP_RUNNING:-}" ] || trap stop_all EXIT

say "starting the sandbox"
if ! start_sandbox "$PORT"; then
  stop_sandbox
  start_sandbox 0 || { cat "$LOG" >&2; echo "demo: the sandbox did not start (log: $LOG)" >&2; exit 1; }
fi
echo "sandbox: $URL (pid $SANDBOX_PID, portal state: $STATE)"

say "starting n8n"
n8n_out=$(node dist/src/runtime/n8n-cli.js start --data-dir "$N8N_DIR" --port "$N8N_PORT")
echo "$n8n_out"
case "$n8n_out" in *"already running"*) ;; *) N8N_STARTED=1 ;; esac
N8N_URL=http://127.0.0.1:$N8N_PORT
# This machine's n8n key stays out of the committed stack file; the providers read it from the environment.
N8N_API_KEY=$(node -p 'require("./.revstack/n8n/revstack-n8n.json").apiKey')
export N8N_API_KEY

pulumi stack select demo --create --non-interactive > /dev/null
[ "$(pulumi config get hubspot:baseUrl --stack demo 2> /dev/null)" = "$URL" ] ||
  pulumi config set hubspot:baseUrl "$URL" --stack demo
[ "$(pulumi config get n8n:baseUrl --stack demo 2> /dev/null)" = "$N8N_URL" ] ||
  pulumi config set n8n:baseUrl "$N8N_URL" --stack demo

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
say "sample CRM data and a report"
# Seeding writes only what the portal lacks, so a second run adds nothing.
node bin/revstack.js sandbox-seed --stack demo --seed 7
REPORT_DIR=.revstack/report
node bin/revstack.js report --stack demo --out "$REPORT_DIR"

cat << EOF

Where to look:
  Pulumi state:     $(pwd)/.pulumi-state/.pulumi/stacks/revstack/demo.json   (pulumi stack --stack demo)
  Sandbox portal:   $(pwd)/$STATE
  n8n workflows:    $N8N_URL   (log in as owner@revstack.local; password in $N8N_DIR/revstack-n8n.json)
  Report:           $(pwd)/$REPORT_DIR/report.html   ($REPORT_DIR/report.md)
  Drift check:      pulumi preview --refresh --expect-no-changes --stack demo   (with the sandbox running)
  Run it again:     npm run demo   (changes nothing)
EOF
if [ -n "${REVSTACK_DEMO_KEEP_RUNNING:-}" ]; then
  cat << EOF

Still running: sandbox (pid $SANDBOX_PID) on $URL and n8n on $N8N_URL. Send a test lead: see "Send a test lead"
in README.md. Stop them with: kill $SANDBOX_PID; node dist/src/runtime/n8n-cli.js stop --data-dir $N8N_DIR
EOF
fi
