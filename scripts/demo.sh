#!/usr/bin/env bash
# npm run demo: the path a user takes, run from this checkout. It scaffolds (or reuses) a user project in
# .revstack/demo with `revstack init`, installs this checkout into it as a package (npm pack, then npm install of the
# tarball), copies the example blueprint (blueprints/base.yaml, its tests/) and its stack (stacks/Pulumi.demo.yaml), and
# applies it with `pulumi up` to a local HubSpot sandbox and a local n8n, with the real Pulumi engine and the local
# file backend; then seeds sample CRM data and writes a report. Installs what is missing first (Node 24, packages,
# the Pulumi CLI, n8n). State stays on disk in the demo project: the sandbox portal in .revstack/sandbox-state.json,
# n8n in .revstack/n8n/, Pulumi's in .pulumi-state/. A second run changes nothing.
# REVSTACK_DEMO_KEEP_RUNNING=1 leaves the sandbox and n8n running afterwards, to send a test lead.
set -euo pipefail
cd "$(dirname "$0")/.."
REPO=$PWD
say() { printf '\n== %s\n' "$*"; }

NODE_BIN=$(bash scripts/setup-node.sh)
export PATH="$NODE_BIN:$PATH"
[ -d node_modules ] || { say "installing packages (npm ci)"; npm ci --no-audit --no-fund; }

DEMO=$REPO/.revstack/demo
say "packing this checkout (npm pack builds it)"
mkdir -p .revstack/pack
rm -f .revstack/pack/revstack-*.tgz
TARBALL=$REPO/.revstack/pack/$(npm pack --silent --pack-destination .revstack/pack | tail -1)
if [ ! -f "$DEMO/Pulumi.yaml" ]; then
  say "scaffolding the demo project (revstack init)"
  node bin/revstack.js init "$DEMO" --name demo
fi
cd "$DEMO"
# Reinstall only when the package changed, so a second run is quick (npm pack writes the same bytes for the same files).
SUM=$(sha256sum "$TARBALL" | cut -c1-64)
if [ "$(cat .revstack/installed-package 2> /dev/null)" != "$SUM" ]; then
  say "installing this checkout into the demo project (npm install <tarball>)"
  npm install --no-audit --no-fund --loglevel=error "$TARBALL"
  mkdir -p .revstack && echo "$SUM" > .revstack/installed-package
fi
# The example as a user would keep it: the schema modeline points into node_modules/revstack.
sed '1s|\$schema=\.\./schemas/|$schema=../node_modules/revstack/schemas/|' "$REPO/blueprints/base.yaml" > blueprints/base.yaml
# Its routing test cases too: revstack test runs them, and the report's capacity model routes their leads.
mkdir -p blueprints/tests && cp "$REPO"/blueprints/tests/*.yaml blueprints/tests/
cp "$REPO/stacks/Pulumi.demo.yaml" stacks/Pulumi.demo.yaml
npx --no-install revstack setup --n8n
export PULUMI_SKIP_UPDATE_CHECK=true PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION=true
# The demo stack's secrets (the sandbox's development token) are encrypted with this published passphrase.
[ -n "${PULUMI_CONFIG_PASSPHRASE_FILE:-}" ] || export PULUMI_CONFIG_PASSPHRASE=${PULUMI_CONFIG_PASSPHRASE-revstack-demo}
revstack() { npx --no-install revstack "$@"; }

# The stack config names the sandbox's URL, so the demo keeps one port; a busy port falls back to a free one.
PORT=${REVSTACK_DEMO_PORT:-4317}
STATE=.revstack/sandbox-state.json
LOG=.revstack/sandbox.log
start_sandbox() { # port
  # The demo stack pins hubspot:portalId 4242424 (the portal guard checks it), so the demo portal keeps that id.
  node node_modules/.bin/revstack sandbox --port "$1" --state "$STATE" --portal-id 4242424 > "$LOG" 2>&1 &
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
# n8n is stopped only when this run started it (`revstack n8n stop` stops the PID it recorded, nothing else).
N8N_DIR=.revstack/n8n
N8N_PORT=${REVSTACK_DEMO_N8N_PORT:-5678}
stop_n8n() { [ -n "${N8N_STARTED:-}" ] && revstack n8n stop --data-dir "$N8N_DIR" > /dev/null || true; }
stop_all() { stop_sandbox; stop_n8n; }
[ -n "${REVSTACK_DEMO_KEEP_RUNNING:-}" ] || trap stop_all EXIT

say "starting the sandbox"
if ! start_sandbox "$PORT"; then
  stop_sandbox
  start_sandbox 0 || { cat "$LOG" >&2; echo "demo: the sandbox did not start (log: $DEMO/$LOG)" >&2; exit 1; }
fi
echo "sandbox: $URL (pid $SANDBOX_PID, portal state: $DEMO/$STATE)"

say "starting n8n"
n8n_out=$(revstack n8n start --data-dir "$N8N_DIR" --port "$N8N_PORT")
echo "$n8n_out"
case "$n8n_out" in *"already running"*) ;; *) N8N_STARTED=1 ;; esac
N8N_URL=$(revstack n8n status --data-dir "$N8N_DIR" | sed -n 's/^n8n [^ ]* on \([^ ]*\) .*/\1/p')
# This machine's n8n key stays out of the committed stack file and out of the environment: the providers read it
# from the local n8n's data dir (.revstack/n8n) because the stack's n8n:baseUrl is that n8n's URL.

revstack pulumi stack select demo --create --non-interactive > /dev/null
[ "$(revstack pulumi config get hubspot:baseUrl --stack demo 2> /dev/null)" = "$URL" ] ||
  revstack pulumi config set hubspot:baseUrl "$URL" --stack demo
[ "$(revstack pulumi config get n8n:baseUrl --stack demo 2> /dev/null)" = "$N8N_URL" ] ||
  revstack pulumi config set n8n:baseUrl "$N8N_URL" --stack demo
# Webhooks take only callers holding the stack's secret (docs/webhooks.md). The demo's is published, like its
# passphrase: it guards a sandbox on 127.0.0.1, never a real portal.
revstack pulumi config get revstack:webhookSecret --stack demo > /dev/null 2>&1 ||
  revstack pulumi config set --secret revstack:webhookSecret revstack-demo-webhook-secret-not-for-production --stack demo

say "pulumi up (stack demo, in $DEMO)"
# --refresh: the portal is read first, so a deleted or reset sandbox state is noticed and applied again.
revstack pulumi up --stack demo --yes --skip-preview --refresh --non-interactive

say "what the demo stack manages"
revstack pulumi stack export --stack demo --non-interactive | node -e '
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
revstack sandbox-seed --stack demo --seed 7
REPORT_DIR=.revstack/report
revstack report --stack demo --out "$REPORT_DIR"

cat << EOF

The demo project (a user's repository, scaffolded by revstack init): $DEMO
  Blueprint:        $DEMO/blueprints/base.yaml   (stack: $DEMO/stacks/Pulumi.demo.yaml)
  Pulumi state:     $DEMO/.pulumi-state/.pulumi/stacks/demo/demo.json   (npx revstack pulumi stack --stack demo)
  Sandbox portal:   $DEMO/$STATE
  n8n workflows:    $N8N_URL   (log in as owner@revstack.local; password in $DEMO/$N8N_DIR/revstack-n8n.json)
  Report:           $DEMO/$REPORT_DIR/report.html   ($REPORT_DIR/report.md)
  Drift check:      cd $DEMO && npx revstack drift --stack demo   (with the sandbox and n8n running)
  Run it again:     npm run demo   (changes nothing)
EOF
if [ -n "${REVSTACK_DEMO_KEEP_RUNNING:-}" ]; then
  cat << EOF

Still running: sandbox (pid $SANDBOX_PID) on $URL and n8n on $N8N_URL. Send a test lead: see "Send a test lead"
in docs/getting-started.md. Stop them with: kill $SANDBOX_PID; (cd $DEMO && npx revstack n8n stop)
EOF
fi
