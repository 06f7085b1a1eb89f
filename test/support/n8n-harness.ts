// A real n8n next to the CRM sandbox, with the compiled workflows of blueprints applied: what the n8n
// behaviour tests and bench/routing drive. Owners and contact properties are provisioned in the sandbox.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Blueprint } from "../../src/blueprint/model";
import { HubSpotHttp, type Method } from "../../src/clients/hubspot/http";
import { N8nClient } from "../../src/clients/n8n";
import { compileN8n, webhookPrefix, type N8nTarget } from "../../src/plan/n8n";
import { dataTablesOf } from "../../src/plan/n8n/tables";
import { staticDataToWrite } from "../../src/plan/n8n/activation";
import { startN8n, type RunningN8n } from "../../src/runtime/n8n";
import { startSandbox, type Sandbox } from "../../src/sandbox";
import { stopPid } from "../../src/runtime/stop-pid";
import { signWebhookCall } from "../../src/webhook-signature";

/** The CRM token the sandbox accepts (the stack's hubspot:token in engine tests). */
export const HARNESS_TOKEN = "n8n-harness-token";
/**
 * The token the test's own CRM calls use: HubSpot limits each app (token) on its own, so reading the CRM to check a
 * burst does not spend the workflows' rate limit.
 */
const READER_TOKEN = "n8n-harness-reader-token";
/** The caller secrets the harness's credentials hold: revstack:webhookSecret, n8n's internal one, hubspot:clientSecret. */
export const HARNESS_SECRETS = {
  webhook: "harness-webhook-secret-0123456789abcdef",
  internal: "harness-internal-secret-0123456789abcdef",
  hubspot: "harness-hubspot-client-secret-0123456789",
};

export interface HarnessOptions {
  /** Owner emails to provision as sandbox users. */
  owners: string[];
  /** Contact properties the rules read: [name, type, fieldType]. */
  contactProperties: Array<[string, string, string]>;
  timeScale?: number;
  /** Limits the workflows' token as HubSpot's tier does (190: Professional); default: no limits. */
  tier?: 190;
  /** More of n8n's environment (queue mode: ../support/queue-mode.ts). */
  n8nEnv?: Record<string, string>;
}

export interface Harness {
  n8n: RunningN8n;
  sandbox: Sandbox;
  client: N8nClient;
  target: N8nTarget;
  /** Everything the workflows POSTed to the notification endpoint (escalations, notify actions) and it accepted. */
  notifications: any[];
  /** When set, the notification endpoint answers 503 to the notifications it holds true for (a channel down). */
  refuseNotification?: (notification: any) => boolean;
  crm(method: string, path: string, body?: unknown): Promise<any>;
  ownerEmail(ownerId: string): string | undefined;
  ownerId(email: string): string | undefined;
  newLead(properties: Record<string, string>): Promise<string>;
  /** Creates a deal pipeline in the sandbox with these stages; its CRM ids by the stages' keys, as crmIds holds them. */
  dealPipeline(
    label: string,
    stages: Array<{ key: string; label: string; probability?: number }>,
  ): Promise<{ id: string; stages: Record<string, string> }>;
  /**
   * Posts a contact to the blueprint's routing webhook with the stack's secret; resolves to the routing decision.
   * The bound (default 2 min) is generous: on a loaded machine, a lead logged and replayed through n8n's data
   * table can take tens of seconds.
   */
  routeLead(bp: Blueprint, contactId: string, timeoutMs?: number): Promise<any>;
  /** POSTs `body` (a string is sent as is) to an n8n webhook path with the headers given; the status and body. */
  call(
    path: string,
    body: unknown,
    headers?: Record<string, string>,
    timeoutMs?: number,
  ): Promise<{ status: number; body: any }>;
  /** The same, signed with `secret` (default: the stack's secret), as a secret holder calls (docs/webhooks.md). */
  signedCall(path: string, body: unknown, secret?: string, timeoutMs?: number): Promise<{ status: number; body: any }>;
  /** Compiles the blueprint against this target, creates and activates its workflows. */
  apply(bp: Blueprint): Promise<void>;
  /**
   * Kills n8n (SIGKILL to its PID and its task runners' PIDs, as a crash would) and starts it again on the same
   * port and database: its workflows stay active and their webhooks come back.
   */
  crashAndRestartN8n(): Promise<void>;
  stop(): Promise<void>;
}

export async function startHarness(options: HarnessOptions): Promise<Harness> {
  const dataDir = mkdtempSync(join(tmpdir(), "revstack-harness-n8n-"));
  const started = await Promise.all([
    // Like a restart (below), a first start on a loaded machine (CI's cores shared) can take minutes.
    startN8n({ dataDir, env: options.n8nEnv, timeoutMs: 240_000 }),
    startSandbox({
      tokens: [HARNESS_TOKEN, READER_TOKEN],
      ...(options.tier ? { tier: options.tier } : { rateLimits: false }),
    }),
  ]);
  let n8n = started[0];
  const sandbox = started[1];
  const notifications: any[] = [];
  const receiver = await listen((body) => {
    const notification = JSON.parse(body);
    if (harness.refuseNotification?.(notification)) return false;
    notifications.push(notification);
    return true;
  });
  let client = new N8nClient(n8n);
  /** The webhook paths of the active workflows applied, checked again after a restart. */
  const served: string[] = [];
  // revstack's HubSpot client: at a tier, it waits as HubSpot's rate-limit headers say.
  const reader = new HubSpotHttp({ baseUrl: sandbox.url, token: READER_TOKEN });
  const crm = async (method: string, path: string, body?: unknown): Promise<any> =>
    (await reader.request({ method: method as Method, path, body })) ?? {};

  for (const email of options.owners) await crm("POST", "/settings/users/2026-03", { email });
  const owners: Array<{ id: string; email: string }> = (await crm("GET", "/crm/owners/2026-09?limit=500")).results;
  // HubSpot's default ones (country, state, hubspotscore) exist already, as in a real portal.
  const existing = new Set(
    ((await crm("GET", "/crm/properties/2026-09/contacts")).results as Array<{ name: string }>).map((p) => p.name),
  );
  for (const [name, type, fieldType] of options.contactProperties.filter(([property]) => !existing.has(property))) {
    await crm("POST", "/crm/properties/2026-09/contacts", {
      name,
      label: name,
      type,
      fieldType,
      groupName: "contactinformation",
    });
  }
  const credential = await client.createCredential({
    name: "revstack harness crm",
    type: "httpHeaderAuth",
    data: { name: "Authorization", value: `Bearer ${HARNESS_TOKEN}` },
  });
  const callerCredential = async (name: string, type: string, data: Record<string, string>) => {
    const created = await client.createCredential({ name, type, data });
    return { id: created.id, name: created.name };
  };
  const callers = {
    secret: await callerCredential("revstack harness webhook secret", "crypto", {
      hmacSecret: HARNESS_SECRETS.webhook,
    }),
    internal: await callerCredential("revstack harness internal calls", "crypto", {
      hmacSecret: HARNESS_SECRETS.internal,
    }),
    hubspot: await callerCredential("revstack harness HubSpot app", "crypto", { hmacSecret: HARNESS_SECRETS.hubspot }),
  };
  const target: N8nTarget = {
    crmBaseUrl: sandbox.url,
    crmCredential: { id: credential.id, name: credential.name },
    callers,
    n8nBaseUrl: n8n.baseUrl,
    notifyUrl: `http://127.0.0.1:${(receiver.address() as { port: number }).port}/notify`,
    timeScale: options.timeScale,
  };

  const signedCall = (path: string, body: unknown, secret: string, timeoutMs?: number) => {
    const text = typeof body === "string" ? body : JSON.stringify(body);
    return call(client, path, text, signWebhookCall(secret, client.webhookUrl(path), text), timeoutMs);
  };

  const harness: Harness = {
    get n8n() {
      return n8n;
    },
    sandbox,
    get client() {
      return client;
    },
    target,
    notifications,
    crm,
    ownerEmail: (id) => owners.find((o) => o.id === id)?.email,
    ownerId: (email) => owners.find((o) => o.email === email.toLowerCase())?.id,
    newLead: async (properties) => (await crm("POST", "/crm/objects/2026-09/contacts", { properties })).id,
    async dealPipeline(label, stages) {
      const pipeline = await crm("POST", "/crm/pipelines/2026-09/deals", {
        label,
        displayOrder: 5,
        stages: stages.map((s, i) => ({
          label: s.label,
          displayOrder: i,
          metadata: { probability: String(s.probability) },
        })),
      });
      const byLabel = (l: string) => pipeline.stages.find((live: { label: string }) => live.label === l).id as string;
      return { id: pipeline.id, stages: Object.fromEntries(stages.map((s) => [s.key, byLabel(s.label)])) };
    },
    async routeLead(bp, contactId, timeoutMs = 120_000) {
      const route = `${webhookPrefix(bp)}/route-lead`;
      const { status, body } = await signedCall(route, { contactId }, HARNESS_SECRETS.webhook, timeoutMs);
      if (status !== 200) throw new Error(`routing answered ${status}: ${JSON.stringify(body)}`);
      return body;
    },
    call: (path, body, headers, timeoutMs) => call(client, path, body, headers, timeoutMs),
    signedCall: (path, body, secret = HARNESS_SECRETS.webhook, timeoutMs) => signedCall(path, body, secret, timeoutMs),
    async apply(bp) {
      const webhooks: string[] = [];
      for (const wf of compileN8n(bp, target)) {
        for (const table of dataTablesOf(wf.definition)) await client.ensureDataTable(table);
        const created = await client.createWorkflow(wf.definition, staticDataToWrite(wf.active, undefined, Date.now()));
        if (!wf.active) continue;
        await client.activateWorkflow(created.id);
        webhooks.push(...webhookPaths(wf.definition));
      }
      for (const path of webhooks) await untilRegistered(client.webhookUrl(path));
      served.push(...webhooks);
    },
    async crashAndRestartN8n() {
      const runners = childPids(n8n.pid);
      process.kill(n8n.pid, "SIGKILL");
      for (const pid of runners) await stopPid(pid, 0);
      await stopPid(n8n.pid, 0);
      // A restart after a crash checks the database first: on a loaded machine, up to a few minutes.
      const port = Number(new URL(n8n.baseUrl).port);
      n8n = await startN8n({ dataDir, port, env: options.n8nEnv, timeoutMs: 240_000 });
      client = new N8nClient(n8n);
      for (const path of served) await untilRegistered(client.webhookUrl(path));
    },
    async stop() {
      await Promise.all([n8n.stop(), sandbox.stop(), new Promise((ok) => receiver.close(ok))]);
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return harness;
}

async function call(
  client: N8nClient,
  path: string,
  body: unknown,
  headers: Record<string, string> = {},
  timeoutMs = 30_000,
) {
  const res = await fetch(client.webhookUrl(path), {
    method: "POST",
    headers: { "content-type": "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await res.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON: the text itself
  }
  return { status: res.status, body: parsed as any };
}

function webhookPaths(definition: { nodes: Array<{ type: string; parameters: Record<string, unknown> }> }): string[] {
  return definition.nodes.filter((n) => n.type === "n8n-nodes-base.webhook").map((n) => String(n.parameters.path));
}

/**
 * n8n 2.41 registers an activated workflow's webhooks a moment after `activate` answers. A registered POST webhook
 * answers a GET with "not registered for GET requests"; an unregistered one with "is not registered". Bounded: 30 s.
 */
async function untilRegistered(url: string): Promise<void> {
  for (let i = 0; i < 60; i++) {
    const res = await fetch(url, { signal: AbortSignal.timeout(5_000) });
    const text = await res.text();
    if (res.status !== 404 || !/is not registered\./.test(text)) return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`n8n did not register the webhook ${url} within 30 s of activating its workflow`);
}

/** The ids of a process's children (n8n's task runners), read from /proc. */
function childPids(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, "utf8").split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

/** A local endpoint; `onBody` says whether it accepts the request (200) or refuses it (503). */
function listen(onBody: (body: string) => boolean): Promise<Server> {
  const server = createServer((req, res) => {
    let body = "";
    req
      .on("data", (c) => (body += c))
      .on("end", () => {
        res.statusCode = onBody(body) ? 200 : 503;
        res.end("{}");
      });
  });
  return new Promise((ok) => server.listen(0, "127.0.0.1", () => ok(server)));
}
