import { describe, expect, it } from "vitest";
import type { Blueprint } from "../../../src/blueprint/model";
import { compileN8n, deliveryProblems, type N8nTarget } from "../../../src/plan/n8n";
import { fakeCrmIds, loadValid, fakeCallers } from "../../support/compile";

const load = (file = "blueprints/base.yaml") => loadValid(file);
const crmIds = fakeCrmIds;

const target = (bp: Blueprint, extra: Partial<N8nTarget> = {}): N8nTarget => ({
  crmBaseUrl: "http://127.0.0.1:18080",
  crmCredential: { id: "cred-1", name: "revstack crm" },
  callers: fakeCallers,
  n8nBaseUrl: "http://127.0.0.1:5678",
  crmIds: crmIds(bp),
  ...extra,
});

/** The workflows (by key) whose JSON differs between two compiles. */
function changed(a: ReturnType<typeof compileN8n>, b: ReturnType<typeof compileN8n>): string[] {
  return b.filter((w) => JSON.stringify(w) !== JSON.stringify(a.find((x) => x.key === w.key))).map((w) => w.key);
}

/** Runs a compiled Code node's JavaScript the way n8n would, with `$json`, `$()` and `$input` stubbed. */
function runCode(jsCode: string, json: unknown, nodes: Record<string, unknown>): any[] {
  const $ = (name: string) => ({ first: () => ({ json: nodes[name] }), all: () => [{ json: nodes[name] }] });
  return new Function("$json", "$", "$input", jsCode)(json, $, { all: () => [{ json }] });
}

describe("recompiling after an edit changes only the workflows whose inputs changed", () => {
  it("a stage probability changes no workflow", async () => {
    const bp = await load();
    const before = compileN8n(bp, target(bp));
    bp.pipelines["new-business"].stages.find((s) => s.key === "demo")!.probability = 0.3;
    expect(changed(before, compileN8n(bp, target(bp)))).toEqual([]);
  });

  it("a routing rule changes the routing workflow only (not the automations' 'Prepare the actions')", async () => {
    const bp = await load();
    const before = compileN8n(bp, target(bp));
    bp.routing.find((r) => r.key === "enterprise-inbound")!.sla!.firstTouch = "30m";
    bp.routing.find((r) => r.key === "existing-customer")!.assign = { team: "enterprise-ae" };
    expect(changed(before, compileN8n(bp, target(bp)))).toEqual(["routing"]);
  });

  it("an owner's capacity changes routing and the automations that assign owners, nothing else", async () => {
    const bp = await load();
    const before = compileN8n(bp, target(bp));
    bp.owners[0].capacity = { newLeadsPerDay: 3 };
    const assigning = bp.automations.filter((a) => a.do.some((d) => d.assignOwner)).map((a) => `automation-${a.key}`);
    expect(changed(before, compileN8n(bp, target(bp)))).toEqual(["routing", ...assigning]);
  });

  it("configuring Slack changes the notifications workflow only", async () => {
    const bp = await load();
    const before = compileN8n(bp, target(bp));
    const slack = { apiUrl: "http://127.0.0.1:9/api", credential: { id: "s1", name: "slack" } };
    expect(changed(before, compileN8n(bp, target(bp, { slack })))).toEqual(["notifications"]);
  });
});

describe("notification delivery", () => {
  it("warns once per target kind the stack cannot deliver, naming routing SLAs and automations", async () => {
    const bp = await load();
    const problems = deliveryProblems(bp, { slack: false, email: false, webhook: false });
    expect(problems.map((p) => p.kind)).toEqual(["slack", "email"]);
    const [slack, email] = problems.map((p) => p.message);
    expect(slack).toMatch(/^Slack notifications cannot be delivered with this stack's configuration: slack:#/);
    expect(slack).toContain("routing rule enterprise-inbound (SLA breach)");
    expect(slack).toContain("automation ");
    expect(slack).toContain("pulumi config set --secret revstack:slackToken");
    expect(email).toContain("manager");
    expect(email).toContain("routing rule existing-customer (SLA breach)");
    expect(email).toContain("revstack:smtpHost");
    expect(deliveryProblems(bp, { slack: true, email: true, webhook: false })).toEqual([]);
    expect(deliveryProblems(bp, { slack: false, email: true, webhook: true })[0].message).toContain(
      "they reach only revstack:notifyUrl",
    );
  });

  it("sends through the channels the stack configures; an unconfigured channel fails the execution by name", async () => {
    const bp = await load();
    const configured = compileN8n(
      bp,
      target(bp, {
        notifyUrl: "http://127.0.0.1:9/hook",
        slack: { apiUrl: "http://127.0.0.1:9/api/", credential: { id: "s1", name: "slack" } },
        email: { from: "revops@acme.test", credential: { id: "m1", name: "smtp" } },
      }),
    ).find((w) => w.key === "notifications")!.definition;
    const node = (name: string) => configured.nodes.find((n) => n.name === name)!;
    expect(node("Send the email")).toMatchObject({
      type: "n8n-nodes-base.emailSend",
      credentials: { smtp: { id: "m1", name: "smtp" } },
    });
    expect(node("Send the email").parameters).toMatchObject({
      fromEmail: "revops@acme.test",
      toEmail: "={{ $json.to }}",
    });
    expect(node("Post to Slack").parameters.url).toBe("http://127.0.0.1:9/api/chat.postMessage");
    expect(node("Post to Slack").credentials).toEqual({ httpHeaderAuth: { id: "s1", name: "slack" } });
    expect(node("Send to the webhook").parameters.url).toBe("http://127.0.0.1:9/hook");

    const owners = { results: [{ id: "9", email: "Crm.Only@acme.test" }] };
    const deliveries = (body: unknown) =>
      runCode(
        node("Deliveries").parameters.jsCode as string,
        {},
        {
          "Notification arrives": { body },
          "Read the owners": { statusCode: 200, body: owners },
        },
      )[0].json;
    const split = deliveries({
      to: ["slack:#sales-alerts", "Ava.Patel@acme.test", "email:ava.patel@acme.test", "email:sam.lee@acme.test"],
      subject: "S",
      message: "M",
    });
    expect(split).toMatchObject({
      slack: ["#sales-alerts"],
      email: ["ava.patel@acme.test", "sam.lee@acme.test"],
      subject: "S",
      text: "M",
      refused: [],
    });
    expect(runCode(node("Emails").parameters.jsCode as string, split, {})).toEqual([
      { json: { to: "ava.patel@acme.test, sam.lee@acme.test", subject: "S", text: "M" } },
    ]);
    // Only what the blueprint declares, and the CRM's owners (a record's owner): any other channel or address
    // refuses the whole notification.
    const relay = { to: ["slack:#general", "email:someone@outside.test", "sam.lee@acme.test", "crm.only@acme.test"] };
    expect(deliveries(relay).refused).toEqual(["slack:#general", "someone@outside.test"]);

    const bare = compileN8n(bp, target(bp)).find((w) => w.key === "notifications")!.definition;
    expect(bare.nodes.map((n) => n.name)).toEqual([
      "Notification arrives",
      "Signed text",
      "Signature",
      "Check the signature",
      "Right signature?",
      "Spoil the right signature",
      "Unauthorized",
      "Remember the signature",
      "First use of the signature",
      "Not replayed",
      "Signed?",
      "Time to forget?",
      "Forget old signatures",
      "Read the owners",
      "Read the owners: answered?",
      "Read the owners: try again?",
      "Read the owners: wait for the rate limit",
      "Read the owners: refused",
      "Deliveries",
      "Only declared targets?",
      "Refuse undeclared targets",
      "Answer once delivered?",
      "Accepted",
      "Targets that took it",
      "Targets still to reach",
      "Delivered",
      "Emails",
      "Slack messages",
    ]);
    const slackCode = bare.nodes.find((n) => n.name === "Slack messages")!.parameters.jsCode as string;
    expect(() => runCode(slackCode, split, {})).toThrow(
      "Slack message not sent: #sales-alerts (revstack:slackToken is not set in the stack)",
    );
  });

  it("renders an SLA breach from the rule's template and the lead's fields, to its targets and escalation", async () => {
    const bp = await load();
    const rule = bp.routing.find((r) => r.key === "enterprise-inbound")!;
    rule.sla!.onBreach = {
      ...rule.sla!.onBreach,
      notify: ["slack:#enterprise-leads", "team:enterprise-ae"],
      message: "{{contact.firstname}} at {{contact.company}} waited {{firstTouch}} for {{owner}}",
    };
    const sla = compileN8n(bp, target(bp)).find((w) => w.key === "sla-timers")!.definition;
    expect(sla.nodes.find((n) => n.name === "Read the leads again")!.parameters.jsonBody).toContain(
      'properties: ["first_touch_at","notes_last_contacted","hubspot_owner_id","company","email","firstname","lastname"]',
    );
    const timer = {
      rule: "enterprise-inbound",
      contactId: "7",
      owner: "olivia.brown@acme.test",
      ownerId: "5",
      sla: {
        firstTouch: "15m",
        dueAt: "2026-11-23T10:00:00.000Z",
        escalateTo: "david.kim@acme.test",
        notify: ["slack:#enterprise-leads", "team:enterprise-ae"],
      },
    };
    // Lead 8, due with it, was touched meanwhile; lead 9 was taken over by another owner: neither breaches.
    const outs = runCode(
      sla.nodes.find((n) => n.name === "Breached?")!.parameters.jsCode as string,
      {},
      {
        "Due now": { due: [timer, { ...timer, contactId: "8" }, { ...timer, contactId: "9" }], later: [] },
        "Read the leads again": {
          statusCode: 200,
          body: {
            results: [
              { id: "8", properties: { hubspot_owner_id: "5", first_touch_at: "2026-11-23T09:50:00.000Z" } },
              { id: "9", properties: { hubspot_owner_id: "6" } },
              { id: "7", properties: { hubspot_owner_id: "5", firstname: "Jo", company: "BigCo" } },
            ],
          },
        },
      },
    );
    expect(outs).toHaveLength(1);
    const [out] = outs;
    const members = bp.owners.filter((o) => o.team === "enterprise-ae").map((o) => o.email);
    expect(out.json).toMatchObject({
      event: "sla_breached",
      contactId: "7",
      subject: "revstack acme-base: SLA breached (enterprise-inbound)",
      message: "Jo at BigCo waited 15m for olivia.brown@acme.test",
      to: ["slack:#enterprise-leads", ...members, "david.kim@acme.test"],
    });
    expect(members.length).toBeGreaterThan(0);
    // The breach is one event per lead and due time: a lead breached again (a later SLA) fires the automation again.
    const escalation = compileN8n(bp, target(bp)).find((w) => w.key === "automation-sla-breach-escalation")!;
    const which = escalation.definition.nodes.find((n) => n.name === "Which contact")!.parameters.jsCode as string;
    expect(runCode(which, { body: out.json }, {})).toEqual([
      { json: { id: "7", event: "7:breached:enterprise-inbound@2026-11-23T10:00:00.000Z" } },
    ]);
  });
});
