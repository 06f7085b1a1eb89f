import { beforeAll, describe, expect, it } from "vitest";
import { writeBody } from "../../../src/clients/n8n";
import type { Blueprint } from "../../../src/blueprint/model";
import { loadBlueprint } from "../../../src/blueprint";
import { compileN8n, notificationUses, type CompiledWorkflow, type N8nTarget } from "../../../src/plan/n8n";
import { n8nPlan } from "../../../src/plan/n8n/plan";
import { dataTablesOf } from "../../../src/plan/n8n/tables";
import { EVENT_LOG_COLUMNS } from "../../../src/plan/n8n/automation-log";
import { LOG_COLUMNS } from "../../../src/plan/n8n/routing-log";
import { fakeCrmIds, loadValid, fakeCallers } from "../../support/compile";

const AsyncFunction = Object.getPrototypeOf(async () => undefined).constructor as FunctionConstructor;

const base = (file = "test/plan/n8n/fixtures/acme.yaml") => loadValid(file);
const crmIds = fakeCrmIds;

let target: N8nTarget;
beforeAll(async () => {
  target = {
    crmBaseUrl: "http://127.0.0.1:18080/",
    crmCredential: { id: "cred-1", name: "revstack crm" },
    callers: fakeCallers,
    n8nBaseUrl: "http://127.0.0.1:5678",
    notifyUrl: "http://127.0.0.1:9999/notify",
    crmIds: crmIds(await base()),
  };
});

/** The nodes after a CRM call that back off on HubSpot's rate limits (src/plan/n8n/rate-limits.ts). */
const rateLimited = (call: string) =>
  [": answered?", ": try again?", ": wait for the rate limit", ": refused"].map((s) => call + s);

describe("compiling a blueprint to n8n workflows", () => {
  it("gives byte-identical workflows when nothing changed", async () => {
    const first = JSON.stringify(compileN8n(await base(), target));
    const second = JSON.stringify(compileN8n(await base(), target));
    expect(second).toBe(first);
  });

  it("keeps node and webhook ids when a rule changes, and changes only the routing code", async () => {
    const bp = await base();
    const before = compileN8n(bp, target);
    bp.routing[0].assign = { team: "inbound-sdr" };
    const after = compileN8n(bp, target);
    const ids = (wfs: typeof before) =>
      wfs.flatMap((w) => w.definition.nodes.map((n) => `${n.id} ${n.webhookId ?? ""}`));
    expect(ids(after)).toEqual(ids(before));
    const changed = after[0].definition.nodes.filter(
      (n, i) => JSON.stringify(n) !== JSON.stringify(before[0].definition.nodes[i]),
    );
    // One lead per request, and HubSpot's batched deliveries: the same rules in both.
    expect(changed.map((n) => n.name)).toEqual(["Choose the owner", "Choose the owners"]);
  });

  it("produces workflows n8n accepts: unique UUID ids, valid connections, a webhook trigger, parseable code", async () => {
    const workflows = compileN8n(await base(), target);
    expect(workflows.map((w) => [w.key, w.webhooks.map((h) => h.path)])).toEqual([
      ["routing", ["revstack/acme-base/route-lead"]],
      ["sla-timers", ["revstack/acme-base/sla-timer"]],
      ["automation-stalled-deal-nudge", []],
      ["automation-sla-breach-escalation", ["revstack/acme-base/automations/sla-breach-escalation"]],
      ["automation-mql-handoff", []],
      ["automation-demo-booked-prep", []],
      ["automation-closed-lost-feedback", []],
      ["automation-renewal-kickoff", []],
      ["automation-trial-signup-webhook", ["hooks/trial-signup"]],
      ["instrumentation", []],
      ["notifications", ["revstack/acme-base/notify"]],
    ]);
    const nodes = workflows.flatMap((w) => w.definition.nodes);
    expect(new Set(nodes.map((n) => n.id)).size).toBe(nodes.length);
    for (const n of nodes)
      expect(n.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    for (const w of workflows) {
      expect(() => writeBody(w.definition)).not.toThrow();
      expect(w.definition.nodes[0].type).toMatch(/^n8n-nodes-base\.(webhook|scheduleTrigger)$/);
      for (const n of w.definition.nodes.filter((node) => node.type === "n8n-nodes-base.code")) {
        // n8n runs a Code node's text as the body of an async function.
        expect(() => new AsyncFunction(n.parameters.jsCode as string)).not.toThrow();
      }
    }
    // Credentials are referenced by id; the token itself never appears in a workflow.
    const crmCalls = nodes.filter((n) => n.credentials?.httpHeaderAuth?.id === target.crmCredential.id);
    expect(crmCalls.length).toBeGreaterThan(0);
    for (const n of nodes.filter((node) => node.credentials && !crmCalls.includes(node)))
      expect(n.credentials).toEqual({
        crypto: expect.objectContaining({ id: expect.stringMatching(/^cred-(webhook|internal)$/) }),
      });
    for (const n of crmCalls) {
      expect(n.credentials).toEqual({ httpHeaderAuth: target.crmCredential });
      expect(n.parameters.url).toMatch(/^=http:\/\/127\.0\.0\.1:18080\/crm\//);
    }
  });

  it("polls the CRM for stage entries, fires each once (the automation log), checks conditions in an IF node, and runs the actions in order", async () => {
    const lost = compileN8n(await base(), target).find((w) => w.key === "automation-closed-lost-feedback")!;
    expect(lost.definition.nodes.map((n) => n.name)).toEqual([
      "Poll the CRM",
      "Poll window",
      "Search the CRM",
      ...rateLimited("Search the CRM"),
      "Record",
      "Claim the event",
      "First claim of the event",
      "Fires once",
      "Every hour: log upkeep",
      "Prune the automation log",
      // An event whose actions did not all succeed is tried again, from its first undone action (../event-log.ts).
      "Every retry interval",
      "Events to try again",
      "Any to try again?",
      "First claims of the events to try again",
      "Try again or give up",
      "Claim the next attempt",
      "First claim of the next attempt",
      "Next attempts once",
      "Record the next attempt",
      // A next attempt claimed by a run that failed or stopped before recording it counts as made (../event-log.ts).
      "Next attempts lost",
      "Count the lost attempts",
      "Events tried again",
      "Events given up",
      "Tell them the event failed: the request",
      "Tell them the event failed: its signature",
      "Tell them the event failed",
      // An execution that fails leaves the events it claimed to try again at once (../event-log.ts addRetryOnFailure).
      "When an execution fails",
      "Leave its events to try again",
      "Leave its next attempts to others",
      "Conditions met?",
      "Conditions not met: done",
      "Read the owners",
      ...rateLimited("Read the owners"),
      "Prepare the actions",
      "1. Notify: the request",
      "1. Notify: its signature",
      "1. Notify",
      // Not delivered: the execution stops (../event-log.ts addActionFailure), and its events are tried again at once.
      "1. Notify: failed",
      "1. Still to do?",
      "1. Done",
    ]);
    expect(dataTablesOf(lost.definition)).toEqual([
      { name: "revstack acme-base automation log", columns: EVENT_LOG_COLUMNS },
    ]);
    const poll = lost.definition.nodes.find((n) => n.name === "Poll window")!.parameters.jsCode as string;
    expect(poll).toContain('"kind":"stageEntered","object":"deals","pipelineId":"p0","stageId":"p0s6"');
    const condition = lost.definition.nodes.find((n) => n.name === "Conditions met?")!;
    expect(JSON.stringify(condition.parameters)).toContain('Number($json.properties[\\"amount\\"]) >= 50000');
    // The SLA timers tell the slaBreached automation about each breach.
    const sla = compileN8n(await base(), target).find((w) => w.key === "sla-timers")!;
    expect(sla.definition.nodes.map((n) => n.parameters.url).filter(Boolean)).toContain(
      "http://127.0.0.1:5678/webhook/revstack/acme-base/automations/sla-breach-escalation",
    );
  });

  it("polls a custom object's records by HubSpot's p_<name>, reading its own properties", async () => {
    const bp = await base();
    bp.customObjects = {
      subscription: {
        labels: { singular: "Subscription", plural: "Subscriptions" },
        primaryDisplayProperty: "subscription_name",
        properties: {
          subscription_name: { label: "Name", type: "string" },
          health: { label: "Health", type: "string" },
        },
      },
    };
    bp.automations = [
      {
        key: "churn-risk",
        enabled: true,
        target: "n8n",
        on: { propertyChanged: { object: "subscription", property: "health", to: "churn_risk" } },
        do: [{ setProperty: { property: "health", value: "watched" } }],
      },
    ];
    const wf = compileN8n(bp, target).find((w) => w.key === "automation-churn-risk")!;
    const node = (name: string) => wf.definition.nodes.find((n) => n.name === name)!;
    expect(node("Search the CRM").parameters.url).toBe(
      "=http://127.0.0.1:18080/crm/objects/2026-09/p_subscription/search",
    );
    expect(node("Poll window").parameters.jsCode).toContain(
      '"kind":"propertyChanged","object":"p_subscription","property":"health","to":"churn_risk","properties":["health","hs_createdate","hs_lastmodifieddate","hs_object_id","hs_pipeline","hs_pipeline_stage","subscription_name"]',
    );
    expect(node("1. Set health").parameters.url).toContain("/crm/objects/2026-09/p_subscription/");
  });

  it("polls a custom object's pipeline stage by its hs_pipeline properties, fires once per entry, and moves it there", async () => {
    const bp = await base();
    bp.customObjects = {
      subscription: {
        labels: { singular: "Subscription", plural: "Subscriptions" },
        primaryDisplayProperty: "subscription_name",
        properties: { subscription_name: { label: "Name", type: "string" } },
      },
    };
    bp.pipelines.renewals = {
      label: "Renewals",
      object: "subscription",
      stages: [
        { key: "due", label: "Renewal due" },
        { key: "quoted", label: "Quoted" },
      ],
    };
    bp.automations = [
      {
        key: "renewal-due",
        enabled: true,
        target: "n8n",
        on: { stageEntered: { pipeline: "renewals", stage: "due" } },
        do: [{ moveStage: { pipeline: "renewals", stage: "quoted" } }],
      },
    ];
    const compiled = { ...target, crmIds: crmIds(bp) };
    const ids = compiled.crmIds.pipelines.renewals;
    const wf = compileN8n(bp, compiled).find((w) => w.key === "automation-renewal-due")!;
    const node = (name: string) => wf.definition.nodes.find((n) => n.name === name)!;
    expect(node("Search the CRM").parameters.url).toBe(
      "=http://127.0.0.1:18080/crm/objects/2026-09/p_subscription/search",
    );
    // The Code nodes as n8n runs them: the poll's search, then the events in what it found.
    const state = {};
    const run = (name: string, args: Record<string, unknown>) =>
      new Function(...Object.keys(args), node(name).parameters.jsCode as string)(...Object.values(args));
    const poll = run("Poll window", { $getWorkflowStaticData: () => state })[0].json;
    expect(poll.search.filterGroups[0].filters).toContainEqual({
      propertyName: "hs_pipeline",
      operator: "EQ",
      value: ids.id,
    });
    expect(poll.search.properties).toEqual(
      expect.arrayContaining(["hs_pipeline_stage", `hs_v2_date_entered_${ids.stages.due}`]),
    );
    const at = new Date().toISOString();
    const subscription = (id: string, stage: string) => ({
      id,
      properties: { hs_pipeline: ids.id, hs_pipeline_stage: stage, [`hs_v2_date_entered_${stage}`]: at },
    });
    const events = (results: object[]) =>
      run("Record", {
        $: () => ({ first: () => ({ json: poll }) }),
        $json: { body: { results } },
        $getWorkflowStaticData: () => state,
      }).map((e: { json: { id: string; object: string } }) => [e.json.object, e.json.id]);
    expect(events([subscription("1", ids.stages.due), subscription("2", ids.stages.quoted)])).toEqual([
      ["p_subscription", "1"],
    ]);
    expect(events([subscription("1", ids.stages.due)])).toEqual([]);
    // moveStage writes the custom object's stage properties (a deal's would be refused by HubSpot).
    const move = JSON.stringify(node("1. Move to quoted").parameters);
    expect(move).toContain("/crm/objects/2026-09/p_subscription/");
    expect(move).toContain(`\\"hs_pipeline_stage\\": \\"${ids.stages.quoted}\\"`);
  });

  it("decides an assignOwner automation's owners through its assignment log, not static data", async () => {
    const mql = compileN8n(await base(), target).find((w) => w.key === "automation-mql-handoff")!;
    const names = mql.definition.nodes.map((n) => n.name);
    const at = names.indexOf("The assignments to log");
    expect(names.slice(at, at + 12)).toEqual([
      "The assignments to log",
      "Log the assignments",
      "The newest saved assignment state",
      "Read the assignment log",
      "Choose the owners",
      "Assignment log complete?",
      "Wait for the assignments before them",
      "The assignment state to save",
      "Save the assignment state",
      "More assignments to record?",
      "Assignments to record",
      "Record the assignments",
    ]);
    expect(names).toContain("Prune the assignment log");
    expect(dataTablesOf(mql.definition)).toContainEqual({
      name: "revstack acme-base mql-handoff assignment log",
      columns: LOG_COLUMNS,
    });
    const prepare = mql.definition.nodes.find((n) => n.name === "Prepare the actions")!.parameters.jsCode as string;
    expect(prepare).not.toContain("$getWorkflowStaticData");
    expect(prepare).toContain("$('Choose the owners')");
  });

  it("refuses stage automations until the CRM ids are known, naming the automation", async () => {
    const bp = await base();
    expect(() => compileN8n(bp, { ...target, crmIds: undefined })).toThrow(
      "automation stalled-deal-nudge: needs the CRM id of pipeline new-business: apply the CRM part first",
    );
  });

  it("warns about what it cannot carry out as written", async () => {
    const workflows = compileN8n(await base(), { ...target, notifyUrl: undefined });
    expect(workflows.flatMap((w) => w.warnings ?? [])).toEqual([
      'automation renewal-kickoff: a scheduled task "for: owner" has no record, so it is created unassigned',
    ]);
  });

  it("refuses two automations on the same webhook path", async () => {
    const bp = await base();
    const hook = bp.automations.find((a) => a.key === "trial-signup-webhook")!;
    bp.automations.push({ ...hook, key: "second-signup" });
    expect(() => compileN8n(bp, target)).toThrow(
      "automation-trial-signup-webhook and automation-second-signup both listen on webhook path /hooks/trial-signup",
    );
  });

  it("compiles the example blueprints: routing, SLA timers and one workflow per automation", async () => {
    for (const file of ["blueprints/base.yaml", "blueprints/emea.yaml", "blueprints/partners.yaml"]) {
      const bp = await base(file);
      const keys = compileN8n(bp, { ...target, crmIds: crmIds(bp) }).map((w) => w.key);
      expect(keys).toEqual([
        ...(bp.routing.length ? ["routing"] : []),
        ...(bp.routing.some((r) => r.sla) ? ["sla-timers"] : []),
        ...bp.automations.map((a) => `automation-${a.key}`),
        ...(bp.reporting.metrics.length ? ["instrumentation"] : []),
        ...(notificationUses(bp).length ? ["notifications"] : []),
      ]);
    }
  });

  it("stamps the routing rule and the assignment time with the owner, only when a metric reads them", async () => {
    const body = (bp: Blueprint) =>
      compileN8n(bp, target)
        .find((w) => w.key === "routing")!
        .definition.nodes.find((n) => n.name === "Assign the owner in the CRM")!.parameters.jsonBody;
    const bp = await base();
    expect(body(bp)).toBe(
      "={{ JSON.stringify({ properties: { hubspot_owner_id: $('Choose the owner').first().json.ownerId, revstack_assigned_at: new Date().toISOString(), revstack_routing_rule: $('Choose the owner').first().json.rule } }) }}",
    );
    // Without SLA or capacity metrics the properties are not provisioned, and naming them would fail the PATCH.
    bp.reporting.metrics = bp.reporting.metrics.filter((m) => m.type !== "sla" && m.type !== "capacity");
    expect(body(bp)).toBe(
      "={{ JSON.stringify({ properties: { hubspot_owner_id: $('Choose the owner').first().json.ownerId } }) }}",
    );
  });

  it("compiles nothing for a blueprint without routing", async () => {
    const bp = await base();
    bp.routing = [];
    expect(compileN8n(bp, target).map((w) => w.key)).not.toContain("routing");
  });
});

describe("HubSpot's default pipelines, referenced without being declared", () => {
  const file = "test/plan/n8n/fixtures/default-pipelines.yaml";
  const code = (w: CompiledWorkflow | undefined, node: string) =>
    w!.definition.nodes.find((n) => n.name === node)!.parameters;

  it("validates without a finding and compiles with HubSpot's fixed ids, without CRM ids", async () => {
    const { blueprint, diagnostics } = await loadBlueprint(file);
    expect(diagnostics).toEqual([]);
    const workflows = compileN8n(blueprint!, { ...target, crmIds: undefined });
    const byKey = (key: string) => workflows.find((w) => w.key === key);
    expect(code(byKey("automation-contract-follow-up"), "Poll window").jsCode).toContain(
      '"kind":"stageEntered","object":"deals","pipelineId":"default","stageId":"contractsent"',
    );
    expect(code(byKey("automation-close-stale-tickets"), "Poll window").jsCode).toContain(
      // A ticket's stage is in hs_pipeline_stage, as a custom object's (a deal's in dealstage, the runtime's default).
      '"kind":"stageEntered","object":"tickets","pipelineId":"0","pipelineProperty":"hs_pipeline",' +
        '"stageProperty":"hs_pipeline_stage","stageId":"2"',
    );
    // No "}}" inside the expression: n8n would end it there.
    expect(code(byKey("automation-close-stale-tickets"), "2. Move to closed").jsonBody).toBe(
      '={{ JSON.stringify({ properties: { "hs_pipeline": "0", "hs_pipeline_stage": "4" } }) }}',
    );
    // The metric's stage entries are stamped under HubSpot's ids too.
    expect(JSON.stringify(byKey("instrumentation")!.definition)).toContain(
      '\\"default/contractsent\\":\\"revstack_entered_default_contractsent\\"',
    );
  });

  it("makes no workflow wait for a pipeline the stack does not declare", async () => {
    const plan = n8nPlan(await base(file), { crmBaseUrl: target.crmBaseUrl, n8nBaseUrl: target.n8nBaseUrl });
    expect(plan.workflows.map((w) => [w.key, w.pipelines])).toEqual([
      ["routing", []],
      ["automation-contract-follow-up", []],
      ["automation-close-stale-tickets", []],
      ["instrumentation", []],
    ]);
    const definitions = plan.definitions({ credentialId: "cred-1", pipelines: {}, callers: fakeCallers });
    expect(JSON.stringify(definitions["automation-contract-follow-up"])).toContain(
      '\\"pipelineId\\":\\"default\\",\\"stageId\\":\\"contractsent\\"',
    );
  });

  it("uses the blueprint's own pipeline when it declares one under the same key", async () => {
    const bp = await base(file);
    bp.pipelines.default = {
      label: "Our sales",
      object: "deals",
      stages: [
        { key: "contractsent", label: "Contract", probability: 0.9 },
        { key: "won", label: "Won", probability: 1, closed: "won" },
        { key: "lost", label: "Lost", probability: 0, closed: "lost" },
      ],
    };
    const wf = compileN8n(bp, { ...target, crmIds: fakeCrmIds(bp) }).find(
      (w) => w.key === "automation-contract-follow-up",
    );
    expect(code(wf, "Poll window").jsCode).toContain('"pipelineId":"p0","stageId":"p0s0"');
    expect(
      n8nPlan(bp, { crmBaseUrl: target.crmBaseUrl, n8nBaseUrl: target.n8nBaseUrl }).workflows.find(
        (w) => w.key === "automation-contract-follow-up",
      )!.pipelines,
    ).toEqual(["default"]);
  });
});
