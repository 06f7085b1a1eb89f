import { execFile } from "node:child_process";
import { createServer } from "node:http";
import { mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { Blueprint } from "../../../src/blueprint/model";
import { findN8nInstall } from "../../../src/runtime/n8n-install";
import { signWebhookCall } from "../../../src/webhook-signature";
import { HARNESS_SECRETS, startHarness, type Harness } from "../../support/n8n-harness";

// Automations fire once per event, and routing says what it decided and when it could not, in a real n8n.
const install = findN8nInstall();
const skip = !install.complete && !process.env.CI;
if (skip) console.warn(`n8n automation tests skipped: n8n ${install.version} not installed; run npm run setup:n8n`);

const x = (name: string) => `${name}@acme.test`;
const source = {
  apiVersion: "revstack/v1",
  kind: "Blueprint",
  metadata: { name: "once-test", timezone: "UTC" },
  targets: { automation: "n8n" },
  teams: { sales: { manager: x("mgr"), strategy: "round_robin" }, mgmt: { manager: x("mgr") } },
  owners: [
    { email: x("ann"), team: "sales", timezone: "UTC", capacity: { newLeadsPerDay: 1 } },
    { email: x("bob"), team: "sales", timezone: "UTC" },
    { email: x("mgr"), team: "mgmt", timezone: "UTC" },
  ],
  routing: [{ key: "everyone", assign: { team: "sales" } }],
  automations: [
    {
      key: "welcome",
      on: { webhook: { path: "/once-test/welcome" } },
      do: [{ notify: { to: ["slack:#sales"], message: "Welcome {{contact.email}}" } }],
    },
  ],
};
const blueprint = Blueprint.parse(source);

const BIN = join(__dirname, "../../../bin/revstack.js");
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(skip)("automations in a real n8n", () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ owners: [x("ann"), x("bob"), x("mgr")], contactProperties: [] });
    await h.apply(blueprint);
    // n8n's start alone may take 240 s on a loaded machine (startHarness).
  }, 300_000);
  afterAll(() => h?.stop());

  /** A deal pipeline `closing` in the sandbox, as the blueprint declares it, whose automations poll every second. */
  async function pollingPipeline(label: string) {
    const stages = [
      { key: "open", label: "Open", probability: 0.1 },
      { key: "won", label: "Won", probability: 1 },
      { key: "handed", label: "Handed over", probability: 1 },
    ];
    const closing = await h.dealPipeline(label, stages);
    h.target.crmIds = { pipelines: { closing } };
    h.target.pollMinutes = 1 / 60;
    return { closing, pipelines: { closing: { label, object: "deals", stages } } };
  }

  /**
   * Stack `stack`, whose automation `key` makes a task for a won deal's owner, then moves the deal to handed: the
   * move is what the sandbox fails, and a retry must not create a second task.
   */
  const taskThenMove = (stack: string, key: string, pipelines: object, extra: object = {}) =>
    Blueprint.parse({
      ...source,
      metadata: { ...source.metadata, name: stack },
      ...extra,
      pipelines,
      automations: [
        {
          key,
          on: { stageEntered: { pipeline: "closing", stage: "won" } },
          do: [
            { createTask: { title: `${key}: {{deal.dealname}}`, for: "owner" } },
            { moveStage: { pipeline: "closing", stage: "handed" } },
          ],
        },
      ],
    });

  /** What the sandbox does to the CRM calls of the routes named (`{}`: nothing). */
  const setFaults = (faults: object) =>
    fetch(`${h.sandbox.url}/__sandbox/faults`, {
      method: "POST",
      headers: { "X-Sandbox-Admin-Token": h.sandbox.adminToken, "content-type": "application/json" },
      body: JSON.stringify(faults),
    });
  const DEAL_PATCH = "PATCH /crm/objects/2026-09/{objectType}/{objectId}";

  /** The first claim of automation `key`'s event on `deal`, in stack `stack`'s automation log. */
  const claimOf = async (stack: string, key: string, deal: string) =>
    ((await h.client.newestRows<any>(`revstack ${stack} automation log`, 100)) ?? [])
      .filter((r) => r.automation === key && r.event.startsWith(`${key}|${deal}:`) && r.state !== "attempt")
      .sort((a, b) => a.id - b.id)[0];

  /** A deal of ann's created in `stage` of the pipeline. */
  const dealIn = async (pipeline: { id: string }, stage: string, name: string) =>
    (
      await h.crm("POST", "/crm/objects/2026-09/deals", {
        properties: { dealname: name, pipeline: pipeline.id, dealstage: stage, hubspot_owner_id: h.ownerId(x("ann")) },
      })
    ).id as string;

  const tasksOf = async (deal: string) =>
    (
      await h.crm("GET", "/crm/objects/2026-09/tasks?limit=100&associations=deals&properties=hs_task_subject")
    ).results.filter((t: any) => t.associations?.deals?.results?.[0]?.id === deal).length;

  const stageOf = async (deal: string) =>
    (await h.crm("GET", `/crm/objects/2026-09/deals/${deal}?properties=dealstage`)).properties.dealstage;

  /** Deactivates a stack's workflows: their polls every second would only load n8n under the next cases. */
  const switchOff = async (stack: string) => {
    for (const w of await h.client.listWorkflows({ active: true }))
      if (w.name.startsWith(`revstack ${stack}:`)) await h.client.deactivateWorkflow(w.id);
  };

  it("fires once per event under a burst of concurrent deliveries of the same events and of distinct ones", async () => {
    const contacts = [await h.newLead({ email: "one@example.test" }), await h.newLead({ email: "two@example.test" })];
    // 12 events (6 per contact), each delivered 5 times, all 60 calls at once, in an interleaved order.
    const events = Array.from({ length: 12 }, (_, i) => ({ contactId: contacts[i % 2], eventId: `evt-${i}` }));
    const calls = [0, 1, 2, 3, 4].flatMap(() => events);
    // Each delivery is signed afresh, as HubSpot's re-deliveries are: one signature is good for one request only.
    const base = Date.now();
    const delivery = (body: object, i: number) => {
      const text = JSON.stringify(body);
      const headers = signWebhookCall(
        HARNESS_SECRETS.webhook,
        h.client.webhookUrl("once-test/welcome"),
        text,
        base + i,
      );
      // A burst queues in n8n: on a loaded machine the last answer can take a minute.
      return h.call("once-test/welcome", text, headers, 150_000);
    };
    const answers = await Promise.all(calls.map(delivery));
    expect(answers.map((a) => a.status)).toEqual(calls.map(() => 202));
    const fired = () => h.notifications.filter((n) => n.automation === "welcome");
    for (let i = 0; i < 120 && fired().length < events.length; i++) await sleep(500);
    await sleep(3_000); // the late executions of the burst: none may fire again
    expect(fired()).toHaveLength(events.length);
    const byContact = fired().reduce<Record<string, number>>((acc, n) => {
      acc[n.record.id] = (acc[n.record.id] ?? 0) + 1;
      return acc;
    }, {});
    expect(byContact).toEqual({ [contacts[0]]: 6, [contacts[1]]: 6 });
    // A delivery without an eventId is an event of its own.
    await h.signedCall("once-test/welcome", { contactId: contacts[0] });
    await h.signedCall("once-test/welcome", { contactId: contacts[0] });
    for (let i = 0; i < 60 && fired().length < events.length + 2; i++) await sleep(500);
    expect(fired()).toHaveLength(events.length + 2);
  }, 300_000);

  it("revstack routing log shows each decision: rule, strategy, the candidates and why each was skipped, the owner", async () => {
    const leads = [];
    for (const name of ["l1", "l2", "l3"]) {
      const id = await h.newLead({ email: `${name}@example.test` });
      await h.routeLead(blueprint, id);
      leads.push(id);
    }
    // The project a user has: the blueprint and the stack's file naming its n8n.
    const dir = mkdtempSync(join(tmpdir(), "revstack-routing-log-"));
    writeFileSync(join(dir, "Pulumi.yaml"), "name: once\nruntime: nodejs\nstackConfigDir: stacks\n");
    writeFileSync(join(dir, "blueprint.yaml"), stringify(source));
    mkdirSync(join(dir, "stacks"));
    const config = { "revstack:blueprint": "blueprint.yaml", "n8n:baseUrl": h.n8n.baseUrl };
    writeFileSync(join(dir, "stacks", "Pulumi.once.yaml"), stringify({ config }));
    const cli = (...args: string[]) =>
      new Promise<{ code: number; out: string; err: string }>((resolve) =>
        execFile(
          process.execPath,
          [BIN, "routing", "log", "--stack", "once", ...args],
          { cwd: dir, env: { ...process.env, N8N_API_KEY: h.n8n.apiKey }, timeout: 60_000 },
          (error, out, err) => resolve({ code: error ? Number(error.code ?? 1) : 0, out, err }),
        ),
      );
    const all = await cli();
    expect(all.err).toBe("");
    expect(all.code).toBe(0);
    // Newest first: the third lead found ann at her capacity of one and went to bob.
    const third = await cli("--lead", leads[2]);
    expect(third.out.split("\n")).toEqual([
      expect.stringMatching(
        new RegExp(`^\\d{4}-\\d\\d-\\d\\dT.*  lead ${leads[2]} → ${x("bob")} \\(rule everyone, round_robin\\)$`),
      ),
      `    everyone: ${x("ann")} skipped, at capacity (1 of 1 new leads today)`,
      `    everyone: ${x("bob")} took the lead`,
      "",
    ]);
    expect(all.out.indexOf(`lead ${leads[2]} `)).toBeLessThan(all.out.indexOf(`lead ${leads[0]} `));
    expect(all.out).toContain(`lead ${leads[0]} → ${x("ann")} (rule everyone, round_robin)`);
    expect((await cli("--lead", "999999")).out).toBe("lead 999999 is not in the routing log\n");
  }, 120_000);

  it("never leaves a lead unrouted silently: the log records why, the people onUnrouted names are told, a retry routes it again", async () => {
    // Nobody the rule can assign is an owner in the CRM.
    const stuck = Blueprint.parse({
      apiVersion: "revstack/v1",
      kind: "Blueprint",
      metadata: { name: "unrouted-test", timezone: "UTC" },
      teams: { ghosts: { manager: x("ghost") } },
      owners: [{ email: x("ghost"), team: "ghosts", timezone: "UTC" }],
      routing: [{ key: "all", assign: { team: "ghosts" }, onUnrouted: { notify: ["slack:#sales-ops"] } }],
    });
    await h.apply(stuck);
    const lead = await h.newLead({ email: "nobody@example.test" });
    const answer = await h.routeLead(stuck, lead);
    expect(answer).toMatchObject({ acknowledged: true, leadId: lead, unrouted: true });
    expect(answer.reason).toMatch(/^no owner available for lead/);
    const told = () => h.notifications.filter((n) => n.event === "unrouted" && n.contactId === lead);
    for (let i = 0; i < 60 && told().length === 0; i++) await sleep(500);
    expect(told()).toEqual([
      expect.objectContaining({
        rule: "all",
        to: ["slack:#sales-ops"],
        considered: [{ rule: "all", candidate: x("ghost"), skipped: "not an active owner in the CRM" }],
      }),
    ]);
    const rows = async () =>
      ((await h.client.newestRows<{ decision: string }>("revstack unrouted-test routing log", 10)) ?? []).map((r) =>
        JSON.parse(r.decision),
      );
    expect((await rows())[0]).toMatchObject({ contactId: lead, unrouted: answer.reason });
    // Delivered again, it is tried again (logged anew), not answered from the failed row.
    expect(await h.routeLead(stuck, lead)).toMatchObject({ unrouted: true });
    expect(await rows()).toHaveLength(2);
    const owner = await h.crm("GET", `/crm/objects/2026-09/contacts/${lead}?properties=hubspot_owner_id`);
    expect(owner.properties.hubspot_owner_id).toBeFalsy();
  }, 120_000);

  it("acts once on an event whose CRM call is refused past its retry budget: tried again from its first undone action once the limit lifts; given up after the bound, the people named told", async () => {
    const { closing, pipelines } = await pollingPipeline("Retried");
    const retried = taskThenMove("retry-test", "kickoff", pipelines, {
      routing: [{ key: "everyone", assign: { team: "sales" }, onUnrouted: { notify: ["slack:#sales-ops"] } }],
    });
    const refuseMoves = (on: boolean) => setFaults(on ? { error429: 1, routes: [DEAL_PATCH] } : {});
    const row = (deal: string) => claimOf("retry-test", "kickoff", deal);
    const deal = (name: string) => dealIn(closing, closing.stages.won, name);
    await refuseMoves(true);
    try {
      await h.apply(retried);
      const late = await deal("Late Co");
      // Refused 8 times (the call's budget), the event is left to try again, and tried again while still refused.
      for (let i = 0; i < 240 && !((await row(late))?.attempts >= 2); i++) await sleep(500);
      expect(await row(late)).toMatchObject({ state: "acting", done: 1 });
      await refuseMoves(false);
      for (let i = 0; i < 240 && (await row(late))?.state !== "done"; i++) await sleep(500);
      expect(await row(late)).toMatchObject({ state: "done", done: 2 });
      expect(await stageOf(late)).toBe(closing.stages.handed);
      // Acted on once: one task, however many attempts it took.
      await sleep(3_000);
      expect(await tasksOf(late)).toBe(1);

      // Refused on every attempt: after the bound, the event is failed and the people named are told, once.
      await refuseMoves(true);
      const lost = await deal("Lost Co");
      const told = () => h.notifications.filter((n) => n.event === "automationFailed" && n.record?.id === lost);
      for (let i = 0; i < 600 && told().length === 0; i++) await sleep(500);
      expect(told()).toEqual([
        expect.objectContaining({
          automation: "kickoff",
          to: ["slack:#sales-ops"],
          message: expect.stringContaining(`deals ${lost}`),
        }),
      ]);
      expect(await row(lost)).toMatchObject({ state: "failed", done: 1, attempts: 6 });
      expect(await tasksOf(lost)).toBe(1);
    } finally {
      await refuseMoves(false);
    }
  }, 600_000);

  it("tries again at once, not after its lease, an event whose notification is not delivered or whose webhook's target refuses; what was done is not done again", async () => {
    // The webhook's target refuses its first call; the notification channel (revstack:notifyUrl) the first notice.
    const calls: string[] = [];
    const target = createServer((req, res) => {
      req.resume().on("end", () => {
        calls.push(calls.length === 0 ? "refused" : "accepted");
        res.statusCode = calls.length === 1 ? 500 : 200;
        res.end("{}");
      });
    });
    await new Promise<void>((ok) => target.listen(0, "127.0.0.1", ok));
    const notices: string[] = [];
    h.refuseNotification = (n) => n.automation === "handover" && notices.push(n.record?.id) === 1;
    try {
      const { closing, pipelines } = await pollingPipeline("Handed");
      const port = (target.address() as { port: number }).port;
      const handed = Blueprint.parse({
        ...source,
        metadata: { ...source.metadata, name: "handover-test" },
        pipelines,
        automations: [
          {
            key: "handover",
            on: { stageEntered: { pipeline: "closing", stage: "won" } },
            // The deal has no owner: the notice reaches the stack's notification webhook only.
            do: [
              { createTask: { title: "Handover: {{deal.dealname}}", for: "owner" } },
              { notify: { to: ["owner"], message: "Won: {{deal.dealname}}" } },
              { webhook: { url: `http://127.0.0.1:${port}/won`, method: "POST" } },
            ],
          },
        ],
      });
      await h.apply(handed);
      const started = Date.now();
      const deal = (
        await h.crm("POST", "/crm/objects/2026-09/deals", {
          properties: { dealname: "Handed Co", pipeline: closing.id, dealstage: closing.stages.won },
        })
      ).id as string;
      // The event's first claim (a poll overlapping the first may have claimed it too, in vain).
      const row = () => claimOf("handover-test", "handover", deal);
      // Three attempts: the notice not delivered, then the webhook refused, then the webhook taken; each retry
      // comes at the next retry run (10 s; 20 s alone, up to 2.5 min with this file's other stacks polling on a
      // loaded machine), far inside the 15-minute lease each would otherwise wait.
      for (let i = 0; i < 600 && (await row())?.state !== "done"; i++) await sleep(500);
      expect(await row()).toMatchObject({ state: "done", done: 3, attempts: 3 });
      expect(Date.now() - started).toBeLessThan(10 * 60_000);
      // The notice sent twice (refused, then taken), the task created once, the webhook called twice.
      expect(notices).toEqual([deal, deal]);
      expect(h.notifications.filter((n) => n.automation === "handover")).toEqual([
        expect.objectContaining({ message: "Won: Handed Co", to: [], record: expect.objectContaining({ id: deal }) }),
      ]);
      expect(calls).toEqual(["refused", "accepted"]);
      expect(await tasksOf(deal)).toBe(1);
    } finally {
      h.refuseNotification = undefined;
      await new Promise((ok) => target.close(ok));
      await switchOff("handover-test");
    }
  }, 480_000);

  it("tries again at once, not after its lease, an event whose execution failed for any other reason (a CRM call's connection reset past n8n's tries); one task", async () => {
    const { closing, pipelines } = await pollingPipeline("Reset");
    const reset = taskThenMove("reset-test", "handoff", pipelines);
    // Not a refusal (nothing to read): the HTTP node itself fails, and with it the execution.
    const resetMoves = (on: boolean) => setFaults(on ? { reset: 1, routes: [DEAL_PATCH] } : {});
    await resetMoves(true);
    try {
      await h.apply(reset);
      const started = Date.now();
      const deal = await dealIn(closing, closing.stages.won, "Reset Co");
      const row = () => claimOf("reset-test", "handoff", deal);
      // The task made, the move failed: the event is due at once (or already taken up again by a retry run), where
      // its lease would keep it 15 minutes.
      const leftDue = (r: any) => r?.state === "acting" && r.done === 1 && (r.due <= Date.now() || r.attempts >= 2);
      for (let i = 0; i < 240 && !leftDue(await row()); i++) await sleep(500);
      expect(await row()).toSatisfy(leftDue);
      await resetMoves(false);
      for (let i = 0; i < 360 && (await row())?.state !== "done"; i++) await sleep(500);
      expect(await row()).toMatchObject({ state: "done", done: 2 });
      expect(Date.now() - started).toBeLessThan(5 * 60_000);
      expect(await stageOf(deal)).toBe(closing.stages.handed);
      expect(await tasksOf(deal)).toBe(1);
    } finally {
      await resetMoves(false);
      await switchOff("reset-test");
    }
  }, 480_000);

  it("prunes both logs past their retention, keeping the routing log's newest saved state and what follows", async () => {
    // Last: this stack's upkeep runs every 2 s (an hour shortened) and keeps rows 3 s.
    // Round robin over three: a replay that lost its saved state would give the next lead to someone else.
    const pruned = Blueprint.parse({
      ...source,
      metadata: { ...source.metadata, name: "prune-test" },
      owners: ["ann", "bob", "mgr"].map((n) => ({ email: x(n), team: "sales", timezone: "UTC" })),
      automations: [{ ...source.automations[0], on: { webhook: { path: "/prune-test/welcome" } } }],
    });
    h.target.timeScale = 2 / 3600;
    h.target.logRetentionDays = 3 / 86_400;
    await h.apply(pruned);
    const leads = [];
    for (let i = 0; i < 12; i++) leads.push(await h.newLead({ email: `prune${i}@example.test` }));
    // Row 10 saves the routing state (every 10th row does).
    const owners = [];
    for (const id of leads) owners.push((await h.routeLead(pruned, id)).owner);
    expect(owners.slice(9)).toEqual([x("ann"), x("bob"), x("mgr")]);
    await h.signedCall("prune-test/welcome", { contactId: leads[0], eventId: "prune-1" });
    const rows = async (table: string) => (await h.client.newestRows<{ id: number }>(table, 100)) ?? [];
    const routingIds = async () =>
      (await rows("revstack prune-test routing log")).map((r) => r.id).sort((a, b) => a - b);
    for (let i = 0; i < 40 && (await routingIds()).length > 3; i++) await sleep(500);
    expect(await routingIds()).toEqual([10, 11, 12]);
    for (let i = 0; i < 40 && (await rows("revstack prune-test automation log")).length > 0; i++) await sleep(500);
    expect(await rows("revstack prune-test automation log")).toEqual([]);
    // Routing goes on from the saved state as if nothing was pruned: the round robin's next turn.
    const next = await h.routeLead(pruned, await h.newLead({ email: "prune-next@example.test" }));
    expect(next.owner).toBe(x("ann"));
  }, 180_000);
});
