// Only the right callers (docs/webhooks.md), against one real n8n and the CRM sandbox: strangers and bad signatures
// are refused with nothing written or sent; HubSpot's signed call is routed once (a replay or a stale timestamp is
// refused); bad input is refused with its reason; the notifications workflow refuses undeclared targets even with
// n8n's own secret; no secret appears in a workflow definition, an execution or n8n's log.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { createHmac } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Blueprint } from "../../../src/blueprint/model";
import { webhookPrefix } from "../../../src/plan/n8n";
import { findN8nInstall } from "../../../src/runtime/n8n-install";
import { startMailServer, startSlackStandIn, type MailServer, type SlackStandIn } from "../../support/mail-and-slack";
import { HARNESS_SECRETS, startHarness, type Harness } from "../../support/n8n-harness";
import { signWebhookCall } from "../../../src/webhook-signature";
import * as credentials from "../../../providers/n8n-credential";

const skip = !findN8nInstall().complete && !process.env.CI;
if (skip) console.warn("n8n caller tests skipped: run npm run setup:n8n");

const x = (name: string) => `${name}@callers.test`;

const bp = Blueprint.parse({
  apiVersion: "revstack/v1",
  kind: "Blueprint",
  metadata: { name: "callers", timezone: "UTC" },
  teams: { sdr: { manager: x("mgr") } },
  owners: [
    { email: x("ann"), team: "sdr", timezone: "UTC" },
    { email: x("mgr"), team: "mgmt", timezone: "UTC" },
  ],
  routing: [
    {
      key: "inbound",
      assign: { owner: x("ann") },
      sla: { firstTouch: "1h", businessHours: false, onBreach: { escalateTo: "manager", notify: ["slack:#sales"] } },
    },
  ],
  automations: [
    {
      key: "signup",
      on: { webhook: { path: "/hooks/callers-signup" } },
      do: [{ notify: { to: ["owner", "email:ops@callers.test"], message: "Signup {{contact.email}}" } }],
    },
  ],
});

const route = `${webhookPrefix(bp)}/route-lead`;
const notify = `${webhookPrefix(bp)}/notify`;

/** HubSpot's v3 signature: HMAC-SHA-256 of method + URI + body + timestamp with the app's client secret, base64. */
const sign = (uri: string, body: string, timestamp: string, secret = HARNESS_SECRETS.hubspot) =>
  createHmac("sha256", secret).update(`POST${uri}${body}${timestamp}`).digest("base64");

describe.skipIf(skip)("webhooks only the right callers can use", { timeout: 120_000 }, () => {
  let h: Harness;
  let mail: MailServer;
  let slack: SlackStandIn;

  beforeAll(async () => {
    [mail, slack] = await Promise.all([startMailServer(), startSlackStandIn()]);
    h = await startHarness({ owners: bp.owners.map((o) => o.email), contactProperties: [] });
    const settings = { n8n: { baseUrl: h.n8n.baseUrl, apiKey: h.n8n.apiKey }, slackToken: "xoxb-callers" };
    const slackCredential = await credentials.create(settings, { key: "slack", name: "revstack callers Slack" });
    const smtpCredential = await credentials.create(settings, {
      key: "smtp",
      name: "revstack callers SMTP",
      smtp: { host: "127.0.0.1", port: mail.port, secure: false },
    });
    h.target.slack = { apiUrl: slack.apiUrl, credential: { id: slackCredential.id, name: "revstack callers Slack" } };
    // The stack-secret and HubSpot credentials as the provider creates them from revstack:webhookSecret and
    // hubspot:clientSecret (the internal one stays the harness's, so the test can present it).
    const callerSettings = {
      n8n: settings.n8n,
      webhookSecret: HARNESS_SECRETS.webhook,
      hubspotClientSecret: HARNESS_SECRETS.hubspot,
    };
    for (const [key, field] of [
      ["webhook", "secret"],
      ["hubspot-app", "hubspot"],
    ] as const) {
      const name = `revstack callers ${key}`;
      const checked = (await credentials.check(undefined, { key, name }, callerSettings)).inputs!;
      expect(checked.fingerprint).toMatch(/^[0-9a-f]{12}$/);
      h.target.callers[field] = { id: (await credentials.create(callerSettings, checked)).id, name };
    }
    h.target.email = {
      from: "revops@callers.test",
      credential: { id: smtpCredential.id, name: "revstack callers SMTP" },
    };
    await h.apply(bp);
  }, 180_000);

  afterAll(async () => {
    await h?.stop();
    await Promise.all([mail?.stop(), slack?.stop()]);
  });

  const ownerOf = async (lead: string) =>
    (await h.crm("GET", `/crm/objects/2026-09/contacts/${lead}?properties=hubspot_owner_id`)).properties
      .hubspot_owner_id ?? "";
  const nothingSent = () => {
    expect(mail.mails).toEqual([]);
    expect(slack.posts).toEqual([]);
    expect(h.notifications).toEqual([]);
  };
  const hubspotCall = (lead: string, timestamp = String(Date.now()), secret?: string) => {
    const uri = h.client.webhookUrl(`${route}/hubspot`);
    const body = JSON.stringify([
      {
        eventId: 1,
        subscriptionId: 2,
        portalId: 3,
        occurredAt: Date.now(),
        subscriptionType: "contact.creation",
        attemptNumber: 0,
        objectId: Number(lead),
        changeSource: "CRM",
      },
    ]);
    const headers = {
      "x-hubspot-signature-v3": sign(uri, body, timestamp, secret),
      "x-hubspot-request-timestamp": timestamp,
    };
    return { body, headers, send: () => h.call(`${route}/hubspot`, body, headers) };
  };

  const signAt = (path: string, body: unknown, at: number) =>
    signWebhookCall(HARNESS_SECRETS.webhook, h.client.webhookUrl(path), JSON.stringify(body), at);

  it("refuses strangers and wrong, stale or replayed signatures, saying nothing, writing nothing, sending nothing", async () => {
    const lead = await h.newLead({ email: "stranger@lead.test" });
    const timer = `${webhookPrefix(bp)}/sla-timer`;
    const sla = { timers: [{ contactId: lead, ownerId: "1", sla: { dueAt: new Date().toISOString() } }] };
    const signed = signWebhookCall(
      HARNESS_SECRETS.webhook,
      h.client.webhookUrl(route),
      JSON.stringify({ contactId: lead }),
    );
    const refusals = [
      await h.call(route, { contactId: lead }),
      await h.signedCall(route, { contactId: lead }, "guessed-secret-0123456789abcdef0123456789"),
      // A right signature for another body, and one six minutes old.
      await h.call(route, { contactId: String(Number(lead) + 1) }, signed),
      await h.call(route, { contactId: lead }, signAt(route, { contactId: lead }, Date.now() - 6 * 60_000)),
      await h.call(`${route}/hubspot`, [{ objectId: Number(lead), subscriptionType: "contact.creation" }]),
      await hubspotCall(lead, undefined, "not-the-client-secret").send(),
      await h.call("hooks/callers-signup", { contactId: lead }),
      await h.call(timer, sla),
      // Internal webhooks take n8n's own signature only, not the stack's.
      await h.signedCall(timer, sla),
    ];
    expect(refusals.map((r) => r.status)).toEqual(Array(refusals.length).fill(401));
    for (const r of refusals) expect(r.body).toEqual({});
    await new Promise((r) => setTimeout(r, 1000));
    expect(await ownerOf(lead)).toBe("");
    nothingSent();
  });

  it("routes a secret holder's signed call once; the same request again is refused", async () => {
    const lead = await h.newLead({ email: "replayed@lead.test" });
    const headers = signWebhookCall(
      HARNESS_SECRETS.webhook,
      h.client.webhookUrl(route),
      JSON.stringify({ contactId: lead }),
    );
    expect((await h.call(route, { contactId: lead }, headers)).body).toMatchObject({ leadId: lead, owner: x("ann") });
    expect(await h.call(route, { contactId: lead }, headers)).toEqual({ status: 401, body: {} });
  });

  it("the signature a refused request should have carried, read from its stored execution, is refused too", async () => {
    const lead = await h.newLead({ email: "oracle@lead.test" });
    const timestamp = String(Date.now());
    const wrong = { "X-Revstack-Timestamp": timestamp, "X-Revstack-Signature": "0".repeat(64) };
    expect((await h.call(route, { contactId: lead }, wrong)).status).toBe(401);
    // What a reader of n8n's executions finds: the Crypto node's output for that request.
    let expected: string | undefined;
    for (let i = 0; i < 40 && !expected; i++) {
      const { data } = (await fetch(`${h.n8n.baseUrl}/api/v1/executions?includeData=true&limit=5`, {
        headers: { "X-N8N-API-KEY": h.n8n.apiKey },
      }).then((r) => r.json())) as { data: Array<{ data?: any }> };
      const outputs = data.map((e) => e.data?.resultData?.runData?.Signature?.[0]?.data?.main?.[0]?.[0]?.json);
      expected = outputs.find((o) => o?.timestamp === timestamp)?.expected;
      if (!expected) await new Promise((r) => setTimeout(r, 250));
    }
    expect(expected).toMatch(/^[0-9a-f]{64}$/);
    const stolen = { "X-Revstack-Timestamp": timestamp, "X-Revstack-Signature": expected! };
    expect(await h.call(route, { contactId: lead }, stolen)).toEqual({ status: 401, body: {} });
    expect(await ownerOf(lead)).toBe("");
  });

  it("routes HubSpot's signed call once, answering only acknowledged and the lead id; a replay or a stale timestamp is refused", async () => {
    const lead = await h.newLead({ email: "signed@lead.test" });
    const call = hubspotCall(lead);
    const routed = await call.send();
    expect(routed).toEqual({ status: 200, body: { acknowledged: true, leadId: lead } });
    expect(h.ownerEmail(await ownerOf(lead))).toBe(x("ann"));
    // The same request again (a replay within its five minutes), and a correctly signed one six minutes old.
    expect((await h.call(`${route}/hubspot`, call.body, call.headers)).status).toBe(401);
    const other = await h.newLead({ email: "stale@lead.test" });
    expect((await hubspotCall(other, String(Date.now() - 6 * 60_000)).send()).status).toBe(401);
    expect(await ownerOf(other)).toBe("");
  });

  it('routes a HubSpot workflow\'s "Send a webhook" action wired as docs/webhooks.md says', async () => {
    // The action signs with the app's client secret (v3, hubspot-api.md §12) and, its body customized as the docs
    // say, sends only the record id under the key contactId.
    const lead = await h.newLead({ email: "workflow-action@lead.test" });
    const timestamp = String(Date.now());
    const body = JSON.stringify({ contactId: lead });
    const headers = {
      "x-hubspot-signature-v3": sign(h.client.webhookUrl(`${route}/hubspot`), body, timestamp),
      "x-hubspot-request-timestamp": timestamp,
    };
    expect(await h.call(`${route}/hubspot`, body, headers)).toEqual({
      status: 200,
      body: { acknowledged: true, leadId: lead },
    });
    expect(h.ownerEmail(await ownerOf(lead))).toBe(x("ann"));
  });

  it("tells a holder of the stack's secret the owner and the due time, never the backup or the manager", async () => {
    const lead = await h.newLead({ email: "form@lead.test" });
    const answer = await h.routeLead(bp, lead);
    expect(answer).toMatchObject({ acknowledged: true, leadId: lead, rule: "inbound", owner: x("ann") });
    expect(Object.keys(answer).sort()).toEqual(["acknowledged", "leadId", "owner", "ownerId", "rule", "sla"]);
    expect(Object.keys(answer.sla)).toEqual(["dueAt"]);
    expect(JSON.stringify(answer)).not.toContain(x("mgr"));
  });

  it("refuses bad input early with the reason: nothing written, nothing routed", async () => {
    const lead = await h.newLead({ email: "bad-input@lead.test" });
    const event = { eventId: 1, subscriptionType: "contact.creation", objectId: Number(lead) };
    // Every event of a batch is the request's: unsigned, none of it is read.
    expect((await h.call(route, [event, event])).status).toBe(401);
    const cases: Array<[unknown, number, string]> = [
      [{}, 400, "contactId is missing"],
      [{ contactId: "12; DROP" }, 400, "contactId must be a number"],
      [{ contactId: lead, email: "x@y.test" }, 400, "unknown fields: email"],
      [{ contactId: lead, pad: "x".repeat(70_000) }, 413, "over 65536 bytes"],
      // HubSpot's batched delivery: at most 100 events, every one a well-formed contact event.
      [Array.from({ length: 101 }, () => event), 422, "send 1 to 100 contact events per request (got 101)"],
      [[event, { ...event, subscriptionType: "deal.creation" }], 422, "event 1: only contact events are accepted"],
      [[event, { ...event, objectId: "12; DROP" }], 400, "event 1: contactId must be a number"],
    ];
    for (const [body, status, reason] of cases) {
      const res = await h.signedCall(route, body);
      expect(res.status, JSON.stringify(res.body)).toBe(status);
      expect(res.body.error).toContain(reason);
    }
    // Not JSON at all: n8n itself refuses it before the workflow runs.
    expect((await h.signedCall(route, "not json")).status).toBe(422);
    expect(await ownerOf(lead)).toBe("");
  });

  it("the notifications workflow is no relay: undeclared targets are refused even with n8n's own secret", async () => {
    const relay = { to: ["email:someone@outside.test", "slack:#general"], subject: "Invoice overdue", message: "Pay" };
    expect((await h.call(notify, relay)).status).toBe(401);
    expect((await h.signedCall(notify, relay)).status).toBe(401);
    const inside = await h.signedCall(notify, relay, HARNESS_SECRETS.internal);
    expect(inside).toEqual({
      status: 403,
      body: { error: "not a target the blueprint declares", refused: ["slack:#general", "someone@outside.test"] },
    });
    // One undeclared target among declared ones refuses the whole notification.
    const mixed = { ...relay, to: [x("ann"), "email:someone@outside.test"] };
    expect((await h.signedCall(notify, mixed, HARNESS_SECRETS.internal)).status).toBe(403);
    await new Promise((r) => setTimeout(r, 1000));
    nothingSent();
  });

  it("a webhook automation takes the secret holder's call and notifies declared targets only", async () => {
    const contact = await h.newLead({ email: "sig@lead.test", hubspot_owner_id: h.ownerId(x("ann"))! });
    const res = await h.signedCall("hooks/callers-signup", { contactId: contact });
    expect(res).toEqual({ status: 202, body: { acknowledged: true, leadId: contact } });
    for (let i = 0; i < 100 && !mail.mails.some((m) => m.body.includes("sig@lead.test")); i++)
      await new Promise((r) => setTimeout(r, 200));
    const sent = mail.mails.filter((m) => m.body.includes("sig@lead.test"));
    expect(sent.map((m) => m.to.sort())).toEqual([[x("ann"), "ops@callers.test"]]);
    mail.mails.length = 0;
    h.notifications.length = 0;
  });

  it("docs/webhooks.md's form-tool command routes a lead", async () => {
    const doc = readFileSync("docs/webhooks.md", "utf8");
    const command = /```bash\n(# Route a contact[\s\S]*?)```/.exec(doc)![1];
    const lead = await h.newLead({ email: "curl@lead.test" });
    // Asynchronously: the sandbox n8n calls runs in this process.
    const { stdout } = await promisify(execFile)("bash", ["-c", command], {
      env: {
        ...process.env,
        N8N_URL: h.n8n.baseUrl,
        BLUEPRINT: bp.metadata.name,
        REVSTACK_WEBHOOK_SECRET: HARNESS_SECRETS.webhook,
        CONTACT_ID: lead,
      },
      encoding: "utf8",
      timeout: 30_000,
    });
    expect(JSON.parse(stdout)).toMatchObject({ acknowledged: true, leadId: lead, owner: x("ann") });
  });

  it("no secret value is in a workflow definition, n8n's log, or any execution n8n stores (API and database file)", async () => {
    // Authenticated calls that succeed, and one that fails inside the workflow (the CRM has no such contact): n8n
    // keeps a successful and an error execution of each.
    await h.routeLead(bp, await h.newLead({ email: "stored@lead.test" }));
    const failed = await h.signedCall(route, { contactId: "999999999" });
    expect(failed.status).toBeGreaterThanOrEqual(400);
    await new Promise((r) => setTimeout(r, 2000));
    const secrets = Object.values(HARNESS_SECRETS);
    const workflows = await h.client.listWorkflows({});
    expect(workflows.length).toBeGreaterThanOrEqual(4);
    const definitions = JSON.stringify(await Promise.all(workflows.map((w) => h.client.getWorkflow(w.id))));
    const listed: Array<{ id: string; status: string; mode: string }> = (
      await fetch(`${h.n8n.baseUrl}/api/v1/executions?limit=250`, { headers: { "X-N8N-API-KEY": h.n8n.apiKey } }).then(
        (r) => r.json() as Promise<{ data: Array<{ id: string; status: string; mode: string }> }>,
      )
    ).data;
    expect(listed.map((e) => e.status)).toEqual(expect.arrayContaining(["success", "error"]));
    const read = (id: string) =>
      fetch(`${h.n8n.baseUrl}/api/v1/executions/${id}?includeData=true`, {
        headers: { "X-N8N-API-KEY": h.n8n.apiKey },
      }).then((r) => r.text());
    const executions = await Promise.all(listed.map((e) => read(e.id)));
    // Every execution a call started, as n8n stores it, holds the request's headers (the secrets' way in); a
    // scheduled execution (a retry or polling trigger) has no request.
    const called = listed.flatMap((e, i) => (e.mode === "webhook" ? [executions[i]] : []));
    expect(called.length).toBeGreaterThanOrEqual(2);
    for (const e of called) expect(e).toContain('"headers"');
    const log = readFileSync(h.n8n.logFile, "utf8");
    const stored = storedFiles(h.n8n.dataDir);
    expect(stored.some(([file]) => file.endsWith("database.sqlite"))).toBe(true);
    for (const secret of secrets) {
      expect(definitions).not.toContain(secret);
      expect(log).not.toContain(secret);
      for (const e of executions) expect(e).not.toContain(secret);
      for (const [file, bytes] of stored) expect(bytes.includes(secret), `${file} holds a secret`).toBe(false);
    }
  });
});

/** Every file of n8n's data folder that holds what n8n stores (its database, binary data), with its bytes. */
function storedFiles(dir: string): Array<[string, Buffer]> {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /database\.sqlite|binaryData/.test(join(e.parentPath, e.name)))
    .map((e) => [join(e.parentPath, e.name), readFileSync(join(e.parentPath, e.name))]);
}
