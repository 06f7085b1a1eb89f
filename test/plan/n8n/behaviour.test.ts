import { oneAnd, propertyFilter } from "../../support/list-filters";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Blueprint } from "../../../src/blueprint/model";
import { metricRequirements } from "../../../src/plan/instrumentation";
import { findN8nInstall } from "../../../src/runtime/n8n-install";
import { startHarness, type Harness } from "../../support/n8n-harness";
import { webhookPrefix } from "../../../src/plan/n8n/compiled";
import { workflowName } from "../../../src/plan/n8n/workflow-builder";

// Routing compiled from a blueprint, running in a real n8n against the sandbox CRM.
const install = findN8nInstall();
const skip = !install.complete && !process.env.CI;
if (skip) console.warn(`n8n routing tests skipped: n8n ${install.version} not installed; run npm run setup:n8n`);

const owner = (email: string, team: string, extra: object = {}) => ({ email, team, timezone: "UTC", ...extra });
const x = (name: string) => `${name}@acme.test`;

/** Enterprise leads → capacity-limited AEs; inbound → weighted SDRs (one away); everything else → the fallback. */
const routingBlueprint = Blueprint.parse({
  apiVersion: "revstack/v1",
  kind: "Blueprint",
  metadata: { name: "routing-test", timezone: "UTC" },
  teams: {
    ent: { manager: x("mgr"), strategy: "round_robin" },
    sdr: { manager: x("mgr"), strategy: "weighted", weights: { [x("ann")]: 2, [x("bob")]: 1, [x("cat")]: 1 } },
    cs: { manager: x("mgr"), strategy: "round_robin" },
  },
  owners: [
    owner(x("eve"), "ent", { capacity: { newLeadsPerDay: 5 } }),
    owner(x("eli"), "ent", { capacity: { newLeadsPerDay: 5 } }),
    owner(x("ann"), "sdr"),
    owner(x("bob"), "sdr"),
    owner(x("cat"), "sdr", { away: true, backup: x("dan") }),
    owner(x("dan"), "cs"),
    owner(x("fay"), "cs"),
    owner(x("mgr"), "mgmt"),
  ],
  routing: [
    {
      key: "enterprise",
      when: { all: [{ property: "numberofemployees", op: "gte", value: 1000 }] },
      assign: { team: "ent" },
    },
    {
      key: "inbound",
      when: { any: [{ property: "lead_source", op: "in", value: ["demo", "ebook"] }] },
      assign: { team: "sdr" },
    },
    { key: "fallback", assign: { team: "cs" } },
  ],
  // Capacity use reads which rule routed a lead and when: the routing workflow stamps both. SLA compliance
  // also reads the first touch, which the instrumentation workflow stamps.
  reporting: {
    metrics: [
      { key: "ent-use", type: "capacity", team: "ent" },
      { key: "speed", type: "sla" },
    ],
  },
});

/** One rule with a 4-minute SLA, shortened 50x for the test: on breach reassign to the backup and escalate. */
const slaBlueprint = Blueprint.parse({
  apiVersion: "revstack/v1",
  kind: "Blueprint",
  metadata: { name: "sla-test", timezone: "UTC" },
  teams: { sdr: { manager: x("mgr") } },
  owners: [owner(x("ann"), "sdr", { backup: x("bob") }), owner(x("bob"), "cs"), owner(x("mgr"), "mgmt")],
  routing: [
    {
      key: "all",
      assign: { owner: x("ann") },
      sla: {
        firstTouch: "4m",
        businessHours: false,
        onBreach: { reassignTo: "backup", escalateTo: "manager", notify: ["owner", "slack:#sales"] },
      },
    },
  ],
  properties: { contacts: { sla_breached: { label: "SLA breached", type: "bool", group: "revstack_sla" } } },
});

/** Stage entry on a deal pipeline, with a condition on the amount; sets a property, leaves a task for the owner, notifies. */
const automationBlueprint = Blueprint.parse({
  apiVersion: "revstack/v1",
  kind: "Blueprint",
  metadata: { name: "automation-test", timezone: "UTC" },
  pipelines: {
    sales: {
      label: "Test sales",
      stages: [
        { key: "new", label: "New", probability: 0.1 },
        { key: "demo", label: "Demo", probability: 0.3 },
      ],
    },
  },
  automations: [
    {
      key: "demo-booked",
      on: { stageEntered: { pipeline: "sales", stage: "demo" } },
      if: { all: [{ property: "amount", op: "gte", value: 1000 }] },
      do: [
        { setProperty: { property: "next_step", value: "Prepare the demo for {{deal.dealname}}" } },
        { createTask: { for: "owner", title: "Prepare demo: {{deal.dealname}}", due: "1d", priority: "high" } },
        { notify: { to: ["owner", "slack:#se"], message: "Demo booked: {{deal.dealname}}" } },
      ],
    },
    {
      key: "icp-joined",
      on: { listJoined: { list: "enterprise-icp" } },
      if: { all: [{ list: "do-not-call", op: "not_in" }] },
      do: [{ notify: { to: ["slack:#sales"], message: "Joined the ICP: {{contact.email}}" } }],
    },
  ],
  lists: {
    "enterprise-icp": {
      name: "Enterprise ICP",
      when: { all: [{ property: "numberofemployees", op: "gte", value: 1000 }] },
    },
    "do-not-call": { name: "Do not call", type: "manual" },
  }, // Time in stage reads when deals entered each stage: the instrumentation workflow stamps it.
  reporting: { metrics: [{ key: "demo-time", type: "timeInStage", pipeline: "sales", stage: "demo" }] },
});

/** Routing on list membership: leads in list Enterprise ICP (the list the harness creates) to eve, the rest to fay. */
const listRoutingBlueprint = Blueprint.parse({
  apiVersion: "revstack/v1",
  kind: "Blueprint",
  metadata: { name: "list-routing-test", timezone: "UTC" },
  teams: { ent: { manager: x("eve") }, cs: { manager: x("fay") } },
  owners: [owner(x("eve"), "ent"), owner(x("fay"), "cs")],
  lists: {
    "enterprise-icp": {
      name: "Enterprise ICP",
      when: { all: [{ property: "numberofemployees", op: "gte", value: 1000 }] },
    },
  },
  routing: [
    { key: "icp", when: { all: [{ list: "enterprise-icp", op: "in" }] }, assign: { team: "ent" } },
    { key: "rest", assign: { team: "cs" } },
  ],
});

/** A custom object's records watched by their own property: a Subscription that turns Churn risk. */
const subscriptionBlueprint = Blueprint.parse({
  apiVersion: "revstack/v1",
  kind: "Blueprint",
  metadata: { name: "custom-object-test", timezone: "UTC" },
  customObjects: {
    subscription: {
      labels: { singular: "Subscription", plural: "Subscriptions" },
      primaryDisplayProperty: "subscription_name",
      properties: {
        subscription_name: { label: "Subscription name", type: "string" },
        health: { label: "Health", type: "string" },
      },
    },
  },
  automations: [
    {
      key: "churn-risk",
      on: { propertyChanged: { object: "subscription", property: "health", to: "churn_risk" } },
      do: [{ notify: { to: ["slack:#cs"], message: "At risk: {{subscription.subscription_name}}" } }],
    },
  ],
});

describe.skipIf(skip)("routing rules and automations running as n8n workflows against the CRM sandbox", () => {
  let h: Harness;
  let doNotCall: string;

  beforeAll(async () => {
    h = await startHarness({
      owners: [...new Set([...routingBlueprint.owners, ...slaBlueprint.owners].map((o) => o.email))],
      contactProperties: [
        ["lead_source", "string", "text"],
        ["numberofemployees", "number", "number"],
        ["first_touch_at", "datetime", "date"],
        ["sla_breached", "string", "text"],
        // What the CRM plan provisions for routingBlueprint's capacity metric.
        ...metricRequirements(routingBlueprint).properties.map((p): [string, string, string] => [
          p.name,
          p.type,
          p.type === "datetime" ? "date" : "text",
        ]),
      ],
      timeScale: 1 / 50,
    });
    await h.crm("POST", "/crm/properties/2026-09/deals", {
      name: "next_step",
      label: "Next step",
      type: "string",
      fieldType: "text",
      groupName: "dealinformation",
    });
    for (const p of metricRequirements(automationBlueprint).properties) {
      await h.crm("POST", `/crm/properties/2026-09/${p.object}`, {
        name: p.name,
        label: p.label,
        type: p.type,
        fieldType: "date",
        groupName: "dealinformation",
      });
    }
    // The list the CRM part would create: HubSpot's filter for `numberofemployees gte 1000`.
    await h.crm("POST", "/crm/lists/2026-09", {
      name: "Enterprise ICP",
      objectTypeId: "0-1",
      processingType: "DYNAMIC",
      filterBranch: oneAnd(
        propertyFilter("numberofemployees", {
          operationType: "NUMBER",
          operator: "IS_GREATER_THAN_OR_EQUAL_TO",
          value: 1000,
        }),
      ),
    });
    const manual = { objectTypeId: "0-1", processingType: "MANUAL" };
    doNotCall = (await h.crm("POST", "/crm/lists/2026-09", { name: "Do not call", ...manual })).list.listId;
    const sales = await h.dealPipeline("Test sales", automationBlueprint.pipelines.sales.stages);
    h.target.crmIds = { pipelines: { sales } };
    h.target.pollMinutes = 1 / 60; // poll every second
    // The schema the CRM part would create for subscriptionBlueprint.
    await h.crm("POST", "/crm-object-schemas/2026-09/schemas", {
      name: "subscription",
      labels: { singular: "Subscription", plural: "Subscriptions" },
      primaryDisplayProperty: "subscription_name",
      requiredProperties: [],
      properties: [
        { name: "subscription_name", label: "Subscription name", type: "string", fieldType: "text" },
        { name: "health", label: "Health", type: "string", fieldType: "text" },
      ],
      associatedObjects: [],
    });
    for (const bp of [routingBlueprint, slaBlueprint, automationBlueprint, subscriptionBlueprint, listRoutingBlueprint])
      await h.apply(bp);
    // n8n's start alone may take 240 s on a loaded machine (startHarness), and five blueprints are applied after it.
  }, 420_000);
  afterAll(() => h?.stop());

  const ownerOf = async (id: string) =>
    h.ownerEmail(
      (await h.crm("GET", `/crm/objects/2026-09/contacts/${id}?properties=hubspot_owner_id`)).properties
        .hubspot_owner_id,
    );

  it("assigns 40 leads in the CRM as the rules say: weights, capacity, backup for the absent, fallback", async () => {
    // 12 enterprise, 24 inbound, 4 other, interleaved: enough to fill the AEs' capacity and run the weights a whole
    // number of rounds. Each lead is its own call, as a form posts it (the batched delivery has its own cases).
    const kinds = Array.from({ length: 40 }, (_, i) => (i % 10 < 3 ? "enterprise" : i % 10 < 9 ? "inbound" : "other"));
    const props = {
      enterprise: { numberofemployees: "5000" },
      inbound: { lead_source: "demo" },
      other: { lead_source: "partner" },
    };
    const ids: string[] = [];
    const started = Date.now();
    for (const kind of kinds) {
      const id = await h.newLead({ email: `lead${ids.length}@example.test`, ...props[kind as keyof typeof props] });
      const decision = await h.routeLead(routingBlueprint, id);
      expect(decision.leadId).toBe(id);
      ids.push(id);
    }
    const counts: Record<string, number> = {};
    const rules: Record<string, number> = {};
    for (const id of ids) {
      const lead = (
        await h.crm(
          "GET",
          `/crm/objects/2026-09/contacts/${id}?properties=hubspot_owner_id,revstack_routing_rule,revstack_assigned_at`,
        )
      ).properties;
      const email = h.ownerEmail(lead.hubspot_owner_id)!;
      counts[email] = (counts[email] ?? 0) + 1;
      rules[lead.revstack_routing_rule] = (rules[lead.revstack_routing_rule] ?? 0) + 1;
      // Stamped by the routing workflow while this test ran.
      expect(Date.parse(lead.revstack_assigned_at)).toBeGreaterThanOrEqual(started);
      expect(Date.parse(lead.revstack_assigned_at)).toBeLessThanOrEqual(Date.now());
    }
    // Enterprise leads past the AEs' capacity go to the fallback rule's team, stamped with that rule.
    expect(rules).toEqual({ enterprise: 10, inbound: 24, fallback: 6 });
    // Enterprise: 5 each until capacity, the other 2 fall back to cs. Inbound: ann 2 of every 4; cat is
    // away, so her quarter goes to dan. Fallback (2 + 4) alternates dan / fay. Leads arrive one after
    // another, so the split is exact (tolerance 0).
    expect(counts).toEqual({
      [x("eve")]: 5,
      [x("eli")]: 5,
      [x("ann")]: 12,
      [x("bob")]: 6,
      [x("dan")]: 6 + 3,
      [x("fay")]: 3,
    });
  }, 240_000);

  it("routes a lead in list Enterprise ICP by the list rule and one not in it to the fallback, one at a time and batched", async () => {
    const lead = (email: string, numberofemployees: string) => h.newLead({ email, numberofemployees });
    const inList = await lead("in.list@route.test", "5000");
    const outside = await lead("outside.list@route.test", "10");
    const one = [await h.routeLead(listRoutingBlueprint, inList), await h.routeLead(listRoutingBlueprint, outside)];
    expect(one.map((d) => d.rule)).toEqual(["icp", "rest"]);
    expect([await ownerOf(inList), await ownerOf(outside)]).toEqual([x("eve"), x("fay")]);

    const batch = [await lead("batch.in@route.test", "2000"), await lead("batch.out@route.test", "50")];
    // HubSpot's batched delivery: one request, one signature, a contact event per lead.
    const events = batch.map((objectId, i) => ({
      eventId: 9100 + i,
      subscriptionType: "contact.creation",
      objectId: Number(objectId),
    }));
    const { status, body } = await h.signedCall(`${webhookPrefix(listRoutingBlueprint)}/route-lead`, events);
    expect(status).toBe(200);
    expect(body.leads.map((d: { leadId: string; rule: string }) => [d.leadId, d.rule])).toEqual([
      [batch[0], "icp"],
      [batch[1], "rest"],
    ]);
    expect([await ownerOf(batch[0]), await ownerOf(batch[1])]).toEqual([x("eve"), x("fay")]);
  }, 120_000);

  it("escalates an untouched lead when its SLA runs out, and leaves a touched one alone", async () => {
    const untouched = await h.newLead({ email: "slow@example.test" });
    const touched = await h.newLead({ email: "fast@example.test" });
    // The answer names the owner only: the backup it falls to shows in the escalation below.
    expect(await h.routeLead(slaBlueprint, untouched)).toMatchObject({
      owner: x("ann"),
      sla: { dueAt: expect.any(String) },
    });
    await h.routeLead(slaBlueprint, touched);
    await h.crm("PATCH", `/crm/objects/2026-09/contacts/${touched}`, {
      properties: { first_touch_at: new Date().toISOString() },
    });

    // 4 minutes / 50 = 4.8 s; poll up to 20 s.
    const escalations = () => h.notifications.filter((e) => e.event === "sla_breached");
    for (let i = 0; i < 100 && escalations().length === 0; i++) await new Promise((r) => setTimeout(r, 200));
    await new Promise((r) => setTimeout(r, 2_000)); // let the touched lead's timer run out too
    expect(escalations()).toEqual([
      expect.objectContaining({
        rule: "all",
        contactId: untouched,
        owner: x("ann"),
        reassignedTo: x("bob"),
        escalateTo: x("mgr"),
        notify: [x("ann"), "slack:#sales"],
      }),
    ]);
    expect(await ownerOf(untouched)).toBe(x("bob"));
    expect(await ownerOf(touched)).toBe(x("ann"));
    // Delivered again after the breach: routed before, so the owner the breach gave is kept, not the logged one.
    expect(await h.routeLead(slaBlueprint, untouched)).toMatchObject({ alreadyRouted: true });
    expect(await ownerOf(untouched)).toBe(x("bob"));
    const marked = await h.crm("GET", `/crm/objects/2026-09/contacts/${untouched}?properties=sla_breached`);
    expect(marked.properties.sla_breached).toBe("true");
  }, 120_000);

  it("starts one SLA timer execution for a batched delivery of many leads, and breaches each untouched one once", async () => {
    // The first three are touched already (on a loaded machine a touch after the answer can come after the 4.8 s).
    const leads: string[] = [];
    for (let i = 0; i < 8; i++)
      leads.push(
        await h.newLead({
          email: `batch-sla${i}@example.test`,
          ...(i < 3 && { first_touch_at: new Date().toISOString() }),
        }),
      );
    const [timers] = await h.client.listWorkflows({ name: workflowName(slaBlueprint.metadata.name, "sla-timers") });
    // The SLA timer executions started for these leads, each with the leads it was given.
    const executions = async () =>
      (await h.client.listExecutions({ workflowId: timers.id, includeData: true, max: 250 }))
        .map((e: any) => e.data?.resultData?.runData?.["SLA timers start"]?.[0]?.data?.main?.[0]?.[0]?.json?.body)
        .map((body) => (body?.timers ?? []).map((t: any) => t.contactId).filter((id: string) => leads.includes(id)))
        .filter((ids) => ids.length > 0);
    // HubSpot's batched delivery: the 8 leads in one request; then the same request again (delivered at least once).
    const deliver = (from: number) =>
      h.signedCall(
        `${webhookPrefix(slaBlueprint)}/route-lead`,
        leads.map((id, i) => ({ eventId: from + i, subscriptionType: "contact.creation", objectId: Number(id) })),
        undefined,
        60_000,
      );
    const first = await deliver(5000);
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body.leads.map((l: any) => [l.leadId, l.owner])).toEqual(leads.map((id) => [id, x("ann")]));
    const [touched, untouched] = [leads.slice(0, 3), leads.slice(3)];

    // Due 4.8 s after routing; poll up to 60 s (the automations here poll every second), then leave time for a
    // second breach that must not come.
    const breaches = () => h.notifications.filter((e) => e.event === "sla_breached" && leads.includes(e.contactId));
    for (let i = 0; i < 300 && breaches().length < untouched.length; i++) await new Promise((r) => setTimeout(r, 200));
    await new Promise((r) => setTimeout(r, 3_000));
    expect(
      breaches()
        .map((b) => b.contactId)
        .sort(),
    ).toEqual([...untouched].sort());
    for (const id of untouched) expect(await ownerOf(id)).toBe(x("bob"));
    for (const id of touched) expect(await ownerOf(id)).toBe(x("ann"));
    // Delivered again: kept, and no second timer (nor breach).
    const again = await deliver(6000);
    expect(again.body.leads.map((l: any) => l.alreadyRouted)).toEqual(Array(8).fill(true));
    // The owners the breaches gave are kept: a re-delivery writes no owner over one a lead has.
    for (const id of untouched) expect(await ownerOf(id)).toBe(x("bob"));
    await new Promise((r) => setTimeout(r, 2_000));
    expect(breaches()).toHaveLength(untouched.length);
    // One timer execution for the whole batch.
    expect(await executions()).toEqual([leads]);
  }, 180_000);

  it("fires an automation when a deal enters a stage and its condition holds, once, leaving a task for the deal's owner", async () => {
    const { sales } = h.target.crmIds!.pipelines;
    const deal = async (dealname: string, amount: string) =>
      (
        await h.crm("POST", "/crm/objects/2026-09/deals", {
          properties: {
            dealname,
            amount,
            pipeline: sales.id,
            dealstage: sales.stages.new,
            hubspot_owner_id: h.ownerId(x("ann")),
          },
        })
      ).id as string;
    const big = await deal("Big Co", "5000");
    const small = await deal("Small Co", "10");
    const staying = await deal("Stays Co", "9000");
    for (const id of [big, small]) {
      await h.crm("PATCH", `/crm/objects/2026-09/deals/${id}`, { properties: { dealstage: sales.stages.demo } });
    }
    const fired = () => h.notifications.filter((e) => e.automation === "demo-booked");
    for (let i = 0; i < 150 && fired().length === 0; i++) await new Promise((r) => setTimeout(r, 200));
    await new Promise((r) => setTimeout(r, 2_500)); // a few more polls: nothing may fire twice
    expect(fired()).toEqual([
      expect.objectContaining({
        event: "notify",
        to: [x("ann"), "slack:#se"],
        message: "Demo booked: Big Co",
        record: expect.objectContaining({ id: big }),
      }),
    ]);
    const nextStep = async (id: string) =>
      (await h.crm("GET", `/crm/objects/2026-09/deals/${id}?properties=next_step`)).properties.next_step;
    expect(await nextStep(big)).toBe("Prepare the demo for Big Co");
    expect(await nextStep(small)).toBeFalsy();
    expect(await nextStep(staying)).toBeFalsy();

    const tasks = (
      await h.crm(
        "GET",
        "/crm/objects/2026-09/tasks?limit=100&associations=deals&properties=hs_task_subject,hubspot_owner_id,hs_timestamp,hs_task_priority,hs_task_status",
      )
    ).results;
    expect(tasks).toEqual([
      expect.objectContaining({
        properties: expect.objectContaining({
          hs_task_subject: "Prepare demo: Big Co",
          hubspot_owner_id: h.ownerId(x("ann")),
          hs_task_priority: "HIGH",
          hs_task_status: "NOT_STARTED",
        }),
        associations: { deals: { results: [{ id: big, type: "task_to_deal" }] } },
      }),
    ]);
    // Due a day after the automation ran (a day, not scaled: timeScale shortens SLA timers only).
    const dueInHours = (Date.parse(tasks[0].properties.hs_timestamp) - Date.parse(tasks[0].createdAt)) / 3_600_000;
    expect(dueInHours).toBeCloseTo(24, 1);
  }, 120_000);

  it("fires when a contact joins list Enterprise ICP, once per join: not while it stays, again when it leaves and rejoins; never for one in Do not call (if:)", async () => {
    const joined = (email: string) =>
      h.notifications.filter((e) => e.automation === "icp-joined" && e.message === `Joined the ICP: ${email}`);
    const until = async (done: () => boolean) => {
      for (let i = 0; i < 150 && !done(); i++) await new Promise((r) => setTimeout(r, 200));
    };
    const polls = () => new Promise((r) => setTimeout(r, 2_500)); // a few more polls: nothing may fire twice
    const contact = async (email: string, numberofemployees: string) =>
      (await h.crm("POST", "/crm/objects/2026-09/contacts", { properties: { email, numberofemployees } })).id as string;
    const set = (id: string, properties: object) =>
      h.crm("PATCH", `/crm/objects/2026-09/contacts/${id}`, { properties });
    const big = await contact("big.icp@list.test", "5000");
    const small = await contact("small.icp@list.test", "10");
    await until(() => joined("big.icp@list.test").length > 0);
    await set(big, { firstname: "Still in" });
    await polls();
    expect(joined("big.icp@list.test")).toHaveLength(1);
    expect(joined("small.icp@list.test")).toHaveLength(0);

    // It joins with small (in the same poll or the next): its `if:` reads it in Do not call, so it alone is skipped.
    const dnc = await contact("dnc.icp@list.test", "10");
    await h.crm("PUT", `/crm/lists/2026-09/${doNotCall}/memberships/add`, [dnc]);
    await set(small, { numberofemployees: "2000" });
    await set(dnc, { numberofemployees: "4000" });
    await set(big, { numberofemployees: "20" });
    await until(() => joined("small.icp@list.test").length > 0);
    await polls();
    expect(joined("dnc.icp@list.test")).toHaveLength(0);
    await set(big, { numberofemployees: "3000" });
    await until(() => joined("big.icp@list.test").length > 1);
    await polls();
    expect(joined("small.icp@list.test")).toHaveLength(1);
    expect(joined("big.icp@list.test")).toHaveLength(2);
  }, 120_000);

  it("fires when a Subscription (a custom object's record) turns Churn risk, once per change", async () => {
    const fired = (name: string) =>
      h.notifications.filter((e) => e.automation === "churn-risk" && e.message === `At risk: ${name}`);
    const subscription = async (subscription_name: string, health: string) =>
      (await h.crm("POST", "/crm/objects/2026-09/p_subscription", { properties: { subscription_name, health } }))
        .id as string;
    const set = (id: string, health: string) =>
      h.crm("PATCH", `/crm/objects/2026-09/p_subscription/${id}`, { properties: { health } });
    const risky = await subscription("Acme Pro", "good");
    const fine = await subscription("Globex Basic", "good");
    await set(risky, "churn_risk");
    await set(fine, "watch");
    for (let i = 0; i < 150 && fired("Acme Pro").length === 0; i++) await new Promise((r) => setTimeout(r, 200));
    await new Promise((r) => setTimeout(r, 2_500)); // a few more polls: nothing may fire twice
    expect(fired("Acme Pro")).toEqual([
      expect.objectContaining({ to: ["slack:#cs"], record: expect.objectContaining({ id: risky }) }),
    ]);
    expect(fired("Globex Basic")).toHaveLength(0);
  }, 120_000);

  it("stamps a lead's first touch once, when the team's tools first mark it touched", async () => {
    const id = await h.newLead({ email: "touched@example.test" });
    const first = "2026-03-04T05:06:07.000Z";
    await h.crm("PATCH", `/crm/objects/2026-09/contacts/${id}`, { properties: { first_touch_at: first } });
    const stamp = async () =>
      (await h.crm("GET", `/crm/objects/2026-09/contacts/${id}?properties=revstack_first_touch_at`)).properties
        .revstack_first_touch_at;
    for (let i = 0; i < 150 && !(await stamp()); i++) await new Promise((r) => setTimeout(r, 200));
    expect(Date.parse(await stamp())).toBe(Date.parse(first));
    // A later touch does not move the first one.
    await h.crm("PATCH", `/crm/objects/2026-09/contacts/${id}`, {
      properties: { first_touch_at: "2026-03-05T00:00:00.000Z" },
    });
    await new Promise((r) => setTimeout(r, 2_500));
    expect(Date.parse(await stamp())).toBe(Date.parse(first));
  }, 60_000);

  it("stamps when a deal entered each stage it passed, from the CRM's stage history", async () => {
    const { sales } = h.target.crmIds!.pipelines;
    const created = await h.crm("POST", "/crm/objects/2026-09/deals", {
      properties: { dealname: "Stamped Co", amount: "1", pipeline: sales.id, dealstage: sales.stages.new },
    });
    await h.crm("PATCH", `/crm/objects/2026-09/deals/${created.id}`, { properties: { dealstage: sales.stages.demo } });
    const names = [
      "revstack_entered_sales_new",
      "revstack_entered_sales_demo",
      `hs_v2_date_entered_${sales.stages.new}`,
      `hs_v2_date_entered_${sales.stages.demo}`,
    ];
    const read = async () =>
      (await h.crm("GET", `/crm/objects/2026-09/deals/${created.id}?properties=${names.join(",")}`)).properties;
    let p = await read();
    for (let i = 0; i < 150 && !p.revstack_entered_sales_demo; i++) {
      await new Promise((r) => setTimeout(r, 200));
      p = await read();
    }
    // The deal left "new" before any poll saw it there; HubSpot's history still gives the moment it entered.
    for (const name of names) expect(p[name], name).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(Date.parse(p.revstack_entered_sales_demo)).toBe(Date.parse(p[names[3]]));
    expect(Date.parse(p.revstack_entered_sales_new)).toBe(Date.parse(p[names[2]]));
    expect(Date.parse(p.revstack_entered_sales_new)).toBeLessThanOrEqual(Date.parse(p.revstack_entered_sales_demo));
  }, 60_000);
});
