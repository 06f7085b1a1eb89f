import { describe, expect, it } from "vitest";
import { Blueprint } from "../../../src/blueprint/model";
import type { WorkflowDefinition } from "../../../src/clients/n8n";
import { compileN8n, type N8nTarget } from "../../../src/plan/n8n";
import { staticDataToWrite } from "../../../src/plan/n8n/activation";
import { n8nPlan } from "../../../src/plan/n8n/plan";
import { dataTablesOf } from "../../../src/plan/n8n/tables";
import { fakeCallers, fakeCrmIds, loadValid } from "../../support/compile";

// An automation's execution that fails (whatever failed: a refused CRM call, a notification or webhook not taken,
// any node), an event that fails for good with no one to tell, and the automation log's upkeep: the compiled workflows' nodes, their order as n8n's v1 order runs them, and their
// expressions and code run here as n8n runs them.

const x = (name: string) => `${name}@acme.test`;
const stages = [
  { key: "open", label: "Open", probability: 0.1 },
  { key: "won", label: "Won", probability: 1 },
];
const blueprint = (extra: object = {}) =>
  Blueprint.parse({
    apiVersion: "revstack/v1",
    kind: "Blueprint",
    metadata: { name: "retry-test", timezone: "UTC" },
    owners: [{ email: x("ann"), timezone: "UTC" }],
    pipelines: { closing: { label: "Closing", object: "deals", stages } },
    automations: [
      {
        key: "kickoff",
        on: { stageEntered: { pipeline: "closing", stage: "won" } },
        do: [
          { notify: { to: ["owner"], message: "Won: {{deal.dealname}}" } },
          { webhook: { url: "https://hooks.acme.test/won", method: "POST" } },
          { createTask: { title: "Kickoff", for: "owner" } },
        ],
      },
      {
        key: "weekly",
        on: { schedule: { cron: "0 8 * * 1" } },
        do: [{ notify: { to: ["slack:#sales"], message: "Monday" } }],
      },
    ],
    ...extra,
  });

const target = (bp: Blueprint, extra: Partial<N8nTarget> = {}): N8nTarget => ({
  crmBaseUrl: "http://127.0.0.1:18080",
  crmCredential: { id: "cred-1", name: "revstack crm" },
  callers: fakeCallers,
  n8nBaseUrl: "http://127.0.0.1:5678",
  crmIds: fakeCrmIds(bp),
  ...extra,
});

const workflow = (bp: Blueprint, key: string, extra: Partial<N8nTarget> = {}) =>
  compileN8n(bp, target(bp, extra)).find((w) => w.key === key)!;

const nodeOf = (wf: WorkflowDefinition) => (name: string) => {
  const node = wf.nodes.find((n) => n.name === name);
  if (!node) throw new Error(`no node ${name}`);
  return node;
};

/** The nodes `from`'s outputs lead to, in the order n8n's v1 execution order runs them: top to bottom, then left to right. */
function runOrder(wf: WorkflowDefinition, from: string): string[] {
  const position = (name: string) => nodeOf(wf)(name).position;
  const next = (wf.connections[from]?.main ?? []).flat().map((c) => c.node);
  return next.sort((a, b) => position(a)[1] - position(b)[1] || position(a)[0] - position(b)[0]);
}

/** An n8n expression (`={{ … }}`) evaluated with `$` (the named nodes), `$input` and `$json`. */
function expression(
  text: unknown,
  $: (name: string) => unknown = () => undefined,
  $input?: unknown,
  $json?: object,
): any {
  const body = /^=\{\{([\s\S]*)\}\}$/.exec(String(text))![1];
  return new Function("$", "$input", "$json", "$execution", `return (${body});`)($, $input, $json, { id: "41" });
}

/** Whether an IF node's condition (nodes.ts: ifTrue) holds for an item. */
const holds = (node: WorkflowDefinition["nodes"][number], json: object): boolean =>
  expression((node.parameters.conditions as any).conditions[0].leftValue, undefined, undefined, json);

/** A compiled Code node's JavaScript, run as n8n runs it. */
function runCode(jsCode: string, $: (name: string) => unknown, $input?: unknown): any[] {
  return new Function("$", "$input", jsCode)($, $input);
}

describe("an automation's execution that fails", () => {
  it("leaves the events it claimed and did not finish due at once, whatever node failed, through n8n's Error Trigger", () => {
    const kickoff = workflow(blueprint(), "automation-kickoff").definition;
    const node = nodeOf(kickoff);
    // n8n runs a workflow's own Error Trigger, as an execution of its own, when one of its executions fails, unless
    // its settings name another error workflow (they name none).
    const failed = node("When an execution fails");
    expect(failed.type).toBe("n8n-nodes-base.errorTrigger");
    expect(kickoff.settings).not.toHaveProperty("errorWorkflow");
    expect(Object.values(kickoff.connections).flatMap((c) => c.main.flat().map((t) => t.node))).not.toContain(
      failed.name,
    );
    // A failed retry run's claims of next attempts it did not record are due too (./event-attempts.test.ts).
    expect(wf(kickoff, failed.name)).toEqual([["Leave its events to try again", "Leave its next attempts to others"]]);
    const leave = node("Leave its events to try again");
    expect(kickoff.connections[leave.name]).toBeUndefined();
    expect(leave.parameters).toMatchObject({
      operation: "update",
      dataTableId: { value: "revstack retry-test automation log" },
    });
    // The rows still acting of the execution that failed (what n8n hands the Error Trigger), due now.
    const [execution, state] = (leave.parameters.filters as { conditions: any[] }).conditions;
    expect(state).toEqual({ keyName: "state", condition: "eq", keyValue: "acting" });
    expect(execution).toMatchObject({ keyName: "execution", condition: "eq" });
    const failure = { execution: { id: "57", lastNodeExecuted: "Prepare the actions" }, workflow: { id: "w1" } };
    expect(expression(execution.keyValue, undefined, undefined, failure)).toBe("57");
    // A trigger's error names no execution: it claimed nothing, and matches no row.
    expect(expression(execution.keyValue, undefined, undefined, { trigger: { mode: "trigger" } })).toBe("none");
    const due = expression((leave.parameters.columns as { value: { due: string } }).value.due);
    expect(Math.abs(due - Date.now())).toBeLessThan(1000);
    // One way for every failure: nothing on the automation's own path writes the log before it stops, and only the
    // actions whose successful items must go on first have an error output.
    expect(kickoff.nodes.map((n) => n.name).filter((n) => n.includes("leave the events"))).toEqual([]);
    expect(kickoff.nodes.filter((n) => n.onError === "continueErrorOutput").map((n) => n.name)).toEqual([
      "1. Notify",
      "2. Call hooks.acme.test",
    ]);
    // A schedule's execution claims no event: nothing to leave.
    const weekly = workflow(blueprint(), "automation-weekly").definition;
    expect(weekly.nodes.map((n) => n.type)).not.toContain("n8n-nodes-base.errorTrigger");
  });

  it("a CRM call refused for good stops the execution with HubSpot's status and message", () => {
    const kickoff = workflow(blueprint(), "automation-kickoff").definition;
    expect(wf(kickoff, "3. Create a task: try again?")).toEqual([
      ["3. Create a task: wait for the rate limit"],
      ["3. Create a task: refused"],
    ]);
    const refused = nodeOf(kickoff)("3. Create a task: refused");
    expect(refused.type).toBe("n8n-nodes-base.stopAndError");
    const why = (answer: object) => expression(refused.parameters.errorMessage, undefined, undefined, answer);
    expect(why({ statusCode: 400, body: { message: "Property values were not valid" } })).toBe(
      "3. Create a task: HubSpot answered 400 Property values were not valid",
    );
    expect(why({ statusCode: 429, body: {} })).toBe("3. Create a task: HubSpot answered 429 (8 tries)");
  });

  it("a notification or webhook that fails stops the execution with why, after the events it succeeded for went on", () => {
    const def = workflow(blueprint(), "automation-kickoff").definition;
    const node = nodeOf(def);
    for (const action of ["1. Notify", "2. Call hooks.acme.test"]) {
      expect(node(action).onError).toBe("continueErrorOutput");
      // Output 0 (delivered) is marked done and goes on to the next action; output 1 (failed) comes after all of it.
      const n = action[0];
      expect(wf(def, action)).toEqual([[`${n}. Done`], [`${action}: failed`]]);
      expect(runOrder(def, action)).toEqual([`${n}. Done`, `${action}: failed`]);
      const failed = node(`${action}: failed`);
      expect(failed.type).toBe("n8n-nodes-base.stopAndError");
      const why = (error: unknown) =>
        expression(failed.parameters.errorMessage, (name) => {
          expect(name).toBe(action);
          return { first: (output: number) => (output === 1 ? { json: { error } } : undefined) };
        });
      expect(why({ message: "500 - Error in workflow" })).toBe(`${action} failed: 500 - Error in workflow`);
      expect(why("ECONNREFUSED")).toBe(`${action} failed: ECONNREFUSED`);
    }
  });

  it("asks the notifications workflow to answer once it delivered, so a mail server's or Slack's refusal fails the action", () => {
    const bp = blueprint({ teams: { sales: { manager: x("mgr") } } });
    const kickoff = nodeOf(workflow(bp, "automation-kickoff").definition);
    const event = "12:entered@2026-12-06T12:00:00.000Z";
    const prepared = { event, actions: [{ event: "notify", to: [x("ann")], subject: "S", message: "Won: Acme" }] };
    const payload = (request: ReturnType<typeof kickoff>) =>
      JSON.parse(
        expression(
          (request.parameters.assignments as { assignments: Array<{ name: string; value: string }> }).assignments.find(
            (a) => a.name === "payload",
          )!.value,
          () => ({ item: { json: prepared } }),
        ),
      );
    // Its key is the automation's, the event's and the action's: the same in every attempt of the event.
    const key = `kickoff|${event}|1`;
    expect(payload(kickoff("1. Notify: the request"))).toEqual({
      ...prepared.actions[0],
      untilDelivered: true,
      deliveryKey: key,
    });
    // The event's id comes with its prepared actions, as its claim does, on the first attempt and on a retry.
    const prepare = (claimed: boolean) =>
      runCode(kickoff("Prepare the actions").parameters.jsCode as string, () => ({
        isExecuted: claimed,
        all: () => [{ json: { object: "deals", id: "12", properties: {}, event, claim: 7, done: 0 } }],
        first: () => ({ json: { statusCode: 200, body: { results: [] } } }),
      }))[0].json;
    expect(prepare(true)).toMatchObject({ event, claim: 7 });
    expect(prepare(false)).toMatchObject({ event, claim: 7 });
    // A schedule's notice has no event to try again: it is answered at once, as before.
    const weekly = nodeOf(workflow(bp, "automation-weekly").definition);
    expect(payload(weekly("1. Notify: the request"))).toEqual(prepared.actions[0]);
    expect(weekly("1. Notify").onError).toBeUndefined();

    const notifications = workflow(bp, "notifications", { notifyUrl: "http://127.0.0.1:9/hook" }).definition;
    const node = nodeOf(notifications);
    const deliveries = (body: object) =>
      runCode(node("Deliveries").parameters.jsCode as string, (name) => ({
        first: () => ({
          json: name === "Notification arrives" ? { body } : { statusCode: 200, body: { results: [] } },
        }),
      }))[0].json;
    const waiting = deliveries({ ...prepared.actions[0], untilDelivered: true, deliveryKey: key });
    // The flag and the key are the sender's: the generic webhook gets the notification without them.
    expect(waiting).toMatchObject({ waits: true, key, notification: prepared.actions[0], email: [x("ann")] });
    expect(deliveries(prepared.actions[0])).toMatchObject({ waits: false, key: "" });
    const answerWhen = (json: object) => holds(node("Answer once delivered?"), json);
    expect(answerWhen(waiting)).toBe(true);
    expect(answerWhen(deliveries(prepared.actions[0]))).toBe(false);
    // Waiting: no 202 first; the targets that took it in an earlier attempt are left out (next case), then the
    // channels; answered 200 once the configured ones took it (n8n answers 500 when one fails), then the channels the
    // stack does not configure fail the execution (their targets reach the webhook only, as preview warns): trying
    // again would never deliver it there. Not waiting: 202 first, then the channels.
    expect(wf(notifications, "Answer once delivered?")).toEqual([["Targets that took it"], ["Accepted"]]);
    expect(wf(notifications, "Targets that took it")).toEqual([["Targets still to reach"]]);
    const channels = ["Webhook still to reach?", "Emails", "Slack messages"];
    expect(wf(notifications, "Targets still to reach").map((o) => o.sort())).toEqual([
      [...channels, "Delivered"].sort(),
    ]);
    const waited = (def: WorkflowDefinition) => runOrder(def, "Targets still to reach");
    expect(waited(notifications)).toEqual(["Webhook still to reach?", "Delivered", "Emails", "Slack messages"]);
    const slack = { apiUrl: "http://127.0.0.1:9/api", credential: { id: "s1", name: "slack" } };
    const withSlack = workflow(bp, "notifications", { notifyUrl: "http://127.0.0.1:9/hook", slack }).definition;
    expect(waited(withSlack)).toEqual(["Webhook still to reach?", "Slack messages", "Delivered", "Emails"]);
    expect(runOrder(notifications, "Accepted")).toEqual(["Webhook still to reach?", "Emails", "Slack messages"]);
  });
});

describe("a notification tried again", () => {
  const channels = {
    notifyUrl: "http://127.0.0.1:9/hook",
    slack: { apiUrl: "http://127.0.0.1:9/api", credential: { id: "s1", name: "slack" } },
    email: { from: "revops@acme.test", credential: { id: "m1", name: "smtp" } },
  };
  const key = "kickoff|12:entered@2026-12-06T12:00:00.000Z|1";
  /** The item "Deliveries" gives for a notification with (or without) a key. */
  const delivery = (withKey: string) => ({
    key: withKey,
    notification: { automation: "kickoff" },
    slack: ["#sales", "#ops"],
    email: [x("ann"), x("mgr")],
  });
  const nodes =
    (json: object, more: Record<string, unknown> = {}) =>
    (name: string) =>
      name === "Deliveries" ? { first: () => ({ json }) } : more[name];

  it("goes only to the targets that did not take it in an earlier attempt", () => {
    const def = workflow(blueprint(), "notifications", channels).definition;
    const node = nodeOf(def);
    // The targets that took it: the automation log's rows of its key (all of them; an empty item when none).
    const took = node("Targets that took it");
    expect(took).toMatchObject({ type: "n8n-nodes-base.dataTable", alwaysOutputData: true });
    expect(took.parameters).toMatchObject({
      operation: "get",
      dataTableId: { value: "revstack retry-test automation log" },
      filters: { conditions: [{ keyName: "event", condition: "eq", keyValue: "={{ $json.key }}" }] },
      returnAll: true,
    });
    const reach = (rows: object[]) =>
      runCode(node("Targets still to reach").parameters.jsCode as string, nodes(delivery(key)), {
        all: () => rows.map((json) => ({ json })),
      })[0].json;
    // The webhook, one Slack channel and one address took it: the retry is for the others only.
    const rest = reach([{ target: "webhook" }, { target: "slack:#sales" }, { target: x("ann") }]);
    expect(rest).toMatchObject({ key, webhook: false, slack: ["#ops"], email: [x("mgr")] });
    expect(reach([{}])).toMatchObject({ webhook: true, slack: ["#sales", "#ops"], email: [x("ann"), x("mgr")] });
    const toWebhook = (json: object) => holds(node("Webhook still to reach?"), json);
    expect(toWebhook(rest)).toBe(false);
    // Not waiting (answered 202 at once), the notification comes from "Deliveries", which says nothing of it.
    expect(toWebhook(delivery(""))).toBe(true);
    expect(wf(def, "Webhook still to reach?")).toEqual([["Send to the webhook"]]);
    // A stack none of whose automations tries a notification again keeps the workflow it had.
    const weekly = blueprint().automations.filter((a) => a.key === "weekly");
    const once = workflow(blueprint({ automations: weekly }), "notifications", channels).definition;
    expect(once.nodes.map((n) => n.name).filter((n) => /took it|remember|still to reach/.test(n))).toEqual([]);
    expect(wf(once, "Answer once delivered?")[0]).toContain("Send to the webhook");
    expect(wf(once, "Post to Slack")).toEqual([["Slack accepted?"]]);
    expect(dataTablesOf(once).map((t) => t.name)).not.toContain("revstack retry-test automation log");
  });

  it("remembers each target that took it, under its key, before a channel's refusal fails the execution", () => {
    const def = workflow(blueprint(), "notifications", channels).definition;
    const node = nodeOf(def);
    const answers = [{ json: { ok: true } }, { json: { ok: false, error: "channel_not_found" } }];
    const more = {
      "Slack messages": { all: () => [{ json: { channel: "#sales" } }, { json: { channel: "#ops" } }] },
      Emails: { first: () => ({ json: { to: `${x("ann")}, ${x("mgr")}` } }) },
    };
    const took = (label: string, withKey: string) =>
      runCode(node(`${label}: targets that took it`).parameters.jsCode as string, nodes(delivery(withKey), more), {
        all: () => answers,
      }).map((i) => i.json.target);
    expect(took("Webhook", key)).toEqual(["webhook"]);
    expect(took("Email", key)).toEqual([x("ann"), x("mgr")]);
    expect(took("Slack", key)).toEqual(["slack:#sales"]);
    // A notice nothing tries again (no key) leaves no row.
    for (const label of ["Webhook", "Email", "Slack"]) expect(took(label, "")).toEqual([]);
    for (const [label, after] of [
      ["Webhook", "Send to the webhook"],
      ["Email", "Send the email"],
      ["Slack", "Post to Slack"],
    ]) {
      expect(wf(def, after)[0]).toContain(`${label}: targets that took it`);
      expect(wf(def, `${label}: targets that took it`)).toEqual([[`${label}: remember them`]]);
      const remember = node(`${label}: remember them`);
      // A row that cannot be written does not turn a delivered notification into a failed one.
      expect(remember.onError).toBe("continueRegularOutput");
      expect(remember.parameters).toMatchObject({
        operation: "insert",
        dataTableId: { value: "revstack retry-test automation log" },
      });
      const columns = (remember.parameters.columns as { value: Record<string, string> }).value;
      const row = Object.fromEntries(
        Object.entries(columns).map(([column, value]) => [
          column,
          expression(value, nodes(delivery(key)), undefined, { target: "slack:#sales" }),
        ]),
      );
      expect(row).toMatchObject({ event: key, automation: "kickoff", state: "taken", target: "slack:#sales" });
    }
    // Slack's answers are remembered first; then the check fails the execution on the refused one.
    expect(runOrder(def, "Post to Slack")).toEqual(["Slack: targets that took it", "Slack accepted?"]);
  });
});

/** Each output's nodes. */
const wf = (def: WorkflowDefinition, from: string) => def.connections[from].main.map((o) => o.map((c) => c.node));

describe("an event given up on", () => {
  it("with no one the blueprint names to tell: a warning at preview, and the execution fails naming it", () => {
    const bp = blueprint();
    const kickoff = workflow(bp, "automation-kickoff");
    const warning =
      "automation kickoff: an event it gives up on (after 5 attempts) is told to no one: it notifies no channel or " +
      "address itself, and the blueprint names no onUnrouted.notify, no SLA onBreach.notify and no team manager. " +
      "Until one is named (a notify action, say), such an event only fails its n8n execution and stays failed in the automation log";
    expect(kickoff.warnings).toEqual([warning]);
    // The preview's warnings (the program warns each, the review shows them).
    const plan = n8nPlan(bp, { crmBaseUrl: "http://127.0.0.1:18080", n8nBaseUrl: "http://127.0.0.1:5678" });
    expect(plan.workflows.find((w) => w.key === "automation-kickoff")!.warnings).toEqual([warning]);

    const def = kickoff.definition;
    const node = nodeOf(def);
    // The events tried again act first; then the execution fails, naming those given up.
    expect(runOrder(def, "Record the next attempt")).toEqual(["Events tried again", "Events given up"]);
    expect(wf(def, "Events given up")).toEqual([["No one to tell: fail the execution"]]);
    const stop = node("No one to tell: fail the execution");
    expect(stop).toMatchObject({ type: "n8n-nodes-base.stopAndError", executeOnce: true });
    const row = {
      id: 7,
      event: "kickoff|12:entered@2026-12-06T12:00:00.000Z",
      state: "failed",
      done: 1,
      record: JSON.stringify({ object: "deals", id: "12" }),
    };
    const givenUp = runCode(node("Events given up").parameters.jsCode as string, () => ({
      all: () => [{ json: row }, { json: { ...row, id: 8, state: "acting" } }],
    }));
    expect(givenUp.map((i) => i.json.to)).toEqual([[]]);
    const message = expression(stop.parameters.errorMessage, undefined, { all: () => givenUp });
    expect(message).toBe(
      "Automation kickoff gave up on deals 12 (event 12:entered@2026-12-06T12:00:00.000Z) after 5 attempts, 1 of its " +
        "actions done. It is in the automation log. The blueprint names no one to tell of automation kickoff's failed events.",
    );
  });

  it("with people to tell: no warning, and they hear of it before the events tried again act", () => {
    const told = workflow(blueprint({ teams: { sales: { manager: x("mgr") } } }), "automation-kickoff");
    expect(told.warnings).toEqual([]);
    const def = told.definition;
    // One of the events tried again may stop the execution (a refused call): the notice goes first.
    expect(runOrder(def, "Record the next attempt")).toEqual(["Events given up", "Events tried again"]);
    expect(wf(def, "Events given up")).toEqual([["Tell them the event failed: the request"]]);
    expect(def.nodes.map((n) => n.name)).not.toContain("No one to tell: fail the execution");
  });
});

describe("the automation log's upkeep", () => {
  it("is done by the routing workflow too when it claims notices of leads with no unit, with no automation on events", async () => {
    const acme = await loadValid("test/plan/n8n/fixtures/acme.yaml");
    const scoped = {
      ...acme,
      automations: acme.automations.filter((a) => a.on.schedule),
      scope: { property: "business_unit", value: "EMEA" },
      routing: acme.routing.map((r) => ({ ...r, onUnrouted: { notify: ["slack:#ops"] } })),
    };
    const routing = (bp: Blueprint) => workflow(bp, "routing", { logRetentionDays: 30 }).definition;
    const def = routing(scoped);
    expect(def.nodes.map((n) => n.name)).toContain("Claim the event");
    expect(wf(def, "Every hour: log upkeep")).toEqual([["Newest saved routing state", "Prune the automation log"]]);
    const prune = nodeOf(def)("Prune the automation log");
    expect(prune.parameters).toMatchObject({
      operation: "deleteRows",
      dataTableId: { value: "revstack acme-base automation log" },
    });
    const [older] = (prune.parameters.filters as { conditions: Array<{ keyName: string; keyValue: string }> })
      .conditions;
    expect(older.keyName).toBe("at");
    expect(Math.abs(Date.now() - 30 * 86_400_000 - expression(older.keyValue))).toBeLessThan(1000);
    // A routing workflow that writes nothing to the automation log leaves it alone.
    expect(routing({ ...scoped, scope: undefined }).nodes.map((n) => n.name)).not.toContain("Prune the automation log");
  });
});

describe("a poll's first window", () => {
  it("starts when the workflow is activated: at creation when created on, at the activation of one created off", () => {
    const now = Date.parse("2026-12-06T12:00:00Z");
    expect(staticDataToWrite(true, undefined, now)).toEqual({ global: { activatedAt: now } });
    // Created off: not live yet, nothing to start from (the old code wrote its creation).
    expect(staticDataToWrite(false, undefined, now)).toBeUndefined();
    // Activated by a later update, its polls never ran: a fresh start then, whatever n8n holds (string or object).
    const off = { active: false, staticData: null };
    expect(staticDataToWrite(true, off, now)).toEqual({ global: { activatedAt: now } });
    const created = { active: false, staticData: JSON.stringify({ global: { activatedAt: now - 86_400_000 } }) };
    expect(staticDataToWrite(true, created, now)).toEqual({ global: { activatedAt: now } });
    // Its polls ran before it went off: they go on from where they stopped (a repaired deactivation loses nothing).
    const polled = { active: false, staticData: { global: { activatedAt: 1, since: now - 3_600_000 } } };
    expect(staticDataToWrite(true, polled, now)).toBeUndefined();
    // Already live, or staying off: nothing written.
    expect(staticDataToWrite(true, { active: true, staticData: null }, now)).toBeUndefined();
    expect(staticDataToWrite(false, off, now)).toBeUndefined();
  });
});
