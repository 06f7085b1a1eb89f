// Only the right callers (docs/webhooks.md), against one real n8n and the CRM sandbox: strangers and bad signatures
// are refused with nothing written or sent; HubSpot's signed call is routed once (a replay or a stale timestamp is
// refused); bad input is refused with its reason; the notifications workflow refuses undeclared targets even with
// n8n's own secret; no secret appears in a workflow definition, an execution or n8n's log.
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Blueprint } from "../../../src/blueprint/model";
import { webhookPrefix } from "../../../src/plan/n8n";
import { findN8nInstall } from "../../../src/runtime/n8n-install";
import { startMailServer, startSlackStandIn, type MailServer, type SlackStandIn } from "../../support/mail-and-slack";
import { HARNESS_SECRETS, startHarness, type Harness } from "../../support/n8n-harness";
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

  it("refuses strangers and wrong secrets or signatures, saying nothing, writing nothing, sending nothing", async () => {
    const lead = await h.newLead({ email: "stranger@lead.test" });
    const refusals = [
      await h.call(route, { contactId: lead }),
      await h.call(route, { contactId: lead }, { "x-revstack-secret": "guessed-secret" }),
      await h.call(`${route}/hubspot`, [{ objectId: Number(lead), subscriptionType: "contact.creation" }]),
      await hubspotCall(lead, undefined, "not-the-client-secret").send(),
      await h.call("hooks/callers-signup", { contactId: lead }),
      await h.call(`${webhookPrefix(bp)}/sla-timer`, {
        contactId: lead,
        ownerId: "1",
        sla: { dueAt: new Date().toISOString() },
      }),
    ];
    expect(refusals.map((r) => r.status)).toEqual([403, 403, 401, 401, 403, 403]);
    for (const r of refusals) expect(JSON.stringify(r.body)).not.toMatch(/callers\.test|ann|owner|sla|stack/i);
    await new Promise((r) => setTimeout(r, 1000));
    expect(await ownerOf(lead)).toBe("");
    nothingSent();
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
    const secret = { "x-revstack-secret": HARNESS_SECRETS.webhook };
    const cases: Array<[unknown, number, string]> = [
      [{}, 400, "contactId is missing"],
      [{ contactId: "12; DROP" }, 400, "contactId must be a number"],
      [{ contactId: lead, email: "x@y.test" }, 400, "unknown fields: email"],
      [{ contactId: lead, pad: "x".repeat(70_000) }, 413, "over 65536 bytes"],
    ];
    for (const [body, status, reason] of cases) {
      const res = await h.call(route, body, secret);
      expect(res.status, JSON.stringify(res.body)).toBe(status);
      expect(res.body.error).toContain(reason);
    }
    // Not JSON at all: n8n itself refuses it before the workflow runs.
    expect((await h.call(route, "not json", secret)).status).toBe(422);
    expect(await ownerOf(lead)).toBe("");
  });

  it("the notifications workflow is no relay: undeclared targets are refused even with n8n's own secret", async () => {
    const relay = { to: ["email:someone@outside.test", "slack:#general"], subject: "Invoice overdue", message: "Pay" };
    expect((await h.call(notify, relay)).status).toBe(403);
    expect((await h.call(notify, relay, { "x-revstack-secret": HARNESS_SECRETS.webhook })).status).toBe(403);
    const inside = await h.call(notify, relay, { "x-revstack-internal": HARNESS_SECRETS.internal });
    expect(inside).toEqual({
      status: 403,
      body: { error: "not a target the blueprint declares", refused: ["slack:#general", "someone@outside.test"] },
    });
    // One undeclared target among declared ones refuses the whole notification.
    const mixed = { ...relay, to: [x("ann"), "email:someone@outside.test"] };
    expect((await h.call(notify, mixed, { "x-revstack-internal": HARNESS_SECRETS.internal })).status).toBe(403);
    await new Promise((r) => setTimeout(r, 1000));
    nothingSent();
  });

  it("a webhook automation takes the secret holder's call and notifies declared targets only", async () => {
    const contact = await h.newLead({ email: "sig@lead.test", hubspot_owner_id: h.ownerId(x("ann"))! });
    const res = await h.call(
      "hooks/callers-signup",
      { contactId: contact },
      { "x-revstack-secret": HARNESS_SECRETS.webhook },
    );
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
    const command = /```bash\n(curl [\s\S]*?)```/.exec(doc)![1];
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

  it("no secret is in a workflow definition or n8n's log; HubSpot's client secret is in no execution either", async () => {
    const secrets = Object.values(HARNESS_SECRETS);
    const workflows = await h.client.listWorkflows({});
    expect(workflows.length).toBeGreaterThanOrEqual(4);
    const definitions = JSON.stringify(await Promise.all(workflows.map((w) => h.client.getWorkflow(w.id))));
    const executions = await fetch(`${h.n8n.baseUrl}/api/v1/executions?includeData=true&limit=250`, {
      headers: { "X-N8N-API-KEY": h.n8n.apiKey },
    }).then((r) => r.text());
    expect(executions.length).toBeGreaterThan(1000);
    const log = readFileSync(h.n8n.logFile, "utf8");
    for (const secret of secrets) {
      expect(definitions).not.toContain(secret);
      expect(log).not.toContain(secret);
    }
    // n8n stores each execution's request headers: the secrets callers present are there (docs/webhooks.md, "What
    // n8n keeps"); the client secret HubSpot signs with never travels.
    expect(executions).not.toContain(HARNESS_SECRETS.hubspot);
  });
});
