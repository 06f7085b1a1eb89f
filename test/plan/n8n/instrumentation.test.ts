import { fakeCallers } from "../../support/compile";
import { describe, expect, it } from "vitest";
import { loadBlueprint } from "../../../src/blueprint";
import type { Blueprint } from "../../../src/blueprint/model";
import { compileN8n, type N8nTarget } from "../../../src/plan/n8n";

async function acme() {
  const { blueprint, diagnostics } = await loadBlueprint("test/plan/n8n/fixtures/acme.yaml");
  if (!blueprint) throw new Error(diagnostics.map((d) => d.message).join("\n"));
  return blueprint;
}

const crmIds = (bp: Blueprint) => ({
  pipelines: Object.fromEntries(
    Object.entries(bp.pipelines).map(([key, p], i) => [
      key,
      { id: `p${i}`, stages: Object.fromEntries(p.stages.map((s, j) => [s.key, `p${i}s${j}`])) },
    ]),
  ),
});

const targetFor = (bp: Blueprint): N8nTarget => ({
  crmBaseUrl: "http://127.0.0.1:18080",
  crmCredential: { id: "cred-1", name: "revstack crm" },
  callers: fakeCallers,
  n8nBaseUrl: "http://127.0.0.1:5678",
  crmIds: crmIds(bp),
});

const instrumentation = (bp: Blueprint, target = targetFor(bp)) =>
  compileN8n(bp, target).find((w) => w.key === "instrumentation");

/** Runs a compiled Code node the way n8n does: `$input`, `$('Node')` and the workflow's static data. */
function runCode(jsCode: string, input: unknown[], nodes: Record<string, unknown[]>, state: Record<string, any>) {
  const items = (list: unknown[]) => ({ all: () => list.map((json) => ({ json })), first: () => ({ json: list[0] }) });
  const fn = new Function("$input", "$", "$getWorkflowStaticData", jsCode);
  return (
    fn(
      items(input),
      (name: string) => items(nodes[name]),
      () => state,
    ) as Array<{ json: any }>
  ).map((i) => i.json);
}

describe("the instrumentation workflow", () => {
  it("polls deals and contacts modified since its cursor, then PATCHes what is missing", async () => {
    const wf = instrumentation(await acme())!;
    expect(wf.active).toBe(true);
    expect(wf.definition.nodes.map((n) => [n.name, n.type])).toEqual([
      ["Poll the CRM", "n8n-nodes-base.scheduleTrigger"],
      ["Poll window", "n8n-nodes-base.code"],
      ["Search the CRM", "n8n-nodes-base.httpRequest"],
      ["What to stamp", "n8n-nodes-base.code"],
      ["Stamp in the CRM", "n8n-nodes-base.httpRequest"],
    ]);
    const state: Record<string, any> = {};
    const now = Date.now();
    const windows = runCode(wf.definition.nodes[1].parameters.jsCode as string, [], {}, state);
    expect(windows.map((w) => w.object)).toEqual(["deals", "contacts"]);
    const [deals, contacts] = windows;
    expect(deals.search.filterGroups[0].filters[0]).toMatchObject({
      propertyName: "hs_lastmodifieddate",
      operator: "GTE",
    });
    // A first poll looks back ten minutes (runtime/events.js): what changed before n8n first ran it is stamped too.
    expect(Number(deals.search.filterGroups[0].filters[0].value)).toBeGreaterThanOrEqual(now - 601_000);
    expect(deals.search.properties).toEqual(
      expect.arrayContaining([
        "dealstage",
        "pipeline",
        "hs_v2_date_entered_p0s1",
        "revstack_entered_new_business_demo",
      ]),
    );
    expect(contacts.search.properties).toEqual(
      expect.arrayContaining(["lifecyclestage", "first_touch_at", "notes_last_contacted", "revstack_first_touch_at"]),
    );
  });

  it("stamps stage entry from HubSpot's stage history (also stages passed between polls; else now), lifecycle entry, first touch and source, once", async () => {
    const wf = instrumentation(await acme())!;
    const state: Record<string, any> = {};
    const windows = runCode(wf.definition.nodes[1].parameters.jsCode as string, [], {}, state);
    const m = new Date(Date.now()).toISOString();
    const dealResults = [
      // Not one of lead_source's options: a PATCH with it would fail, so it is not copied.
      {
        id: "d1",
        properties: {
          hs_analytics_source: "ORGANIC_SEARCH",
          pipeline: "p0",
          dealstage: "p0s1",
          hs_v2_date_entered_p0s0: "2026-01-01T00:00:00.000Z",
          hs_v2_date_entered_p0s1: "2026-01-02T03:04:05.000Z",
          hs_lastmodifieddate: m,
        },
      },
      { id: "d2", properties: { pipeline: "p0", dealstage: "p0s2", hs_lastmodifieddate: m } },
      {
        id: "d3",
        properties: {
          pipeline: "p0",
          dealstage: "p0s1",
          revstack_entered_new_business_demo: "2026-01-01T00:00:00.000Z",
          hs_lastmodifieddate: m,
        },
      },
    ];
    const contactResults = [
      {
        id: "c1",
        properties: {
          lifecyclestage: "customer",
          hs_v2_date_entered_customer: "2026-02-01T00:00:00.000Z",
          hs_lifecyclestage_lead_date: "2026-01-03T00:00:00.000Z",
          notes_last_contacted: "2026-01-05T00:00:00.000Z",
          lead_source: "ebook",
          lastmodifieddate: m,
        },
      },
      {
        id: "c2",
        properties: {
          lifecyclestage: "lead",
          lead_source: "ebook",
          acquisition_source: "webinar",
          revstack_entered_lifecycle_lead: "2026-01-01T00:00:00.000Z",
          revstack_first_touch_at: "2026-01-01T00:00:00.000Z",
          lastmodifieddate: m,
        },
      },
    ];
    const before = Date.now();
    const stamps = runCode(
      wf.definition.nodes[3].parameters.jsCode as string,
      [{ results: dealResults }, { results: contactResults }],
      { "Poll window": windows },
      state,
    );
    expect(stamps.slice(0, 1)).toEqual([
      {
        object: "deals",
        id: "d1",
        properties: {
          revstack_entered_new_business_discovery: "2026-01-01T00:00:00.000Z",
          revstack_entered_new_business_demo: "2026-01-02T03:04:05.000Z",
        },
      },
    ]);
    expect(stamps[1]).toMatchObject({ object: "deals", id: "d2" });
    expect(Date.parse(stamps[1].properties.revstack_entered_new_business_evaluation)).toBeGreaterThanOrEqual(before);
    expect(stamps.slice(2)).toEqual([
      {
        object: "contacts",
        id: "c1",
        properties: {
          revstack_entered_lifecycle_lead: "2026-01-03T00:00:00.000Z",
          revstack_entered_lifecycle_customer: "2026-02-01T00:00:00.000Z",
          revstack_first_touch_at: "2026-01-05T00:00:00.000Z",
          acquisition_source: "ebook",
        },
      },
    ]);
    // The next poll sees the same records unchanged: nothing is stamped twice.
    const again = runCode(
      wf.definition.nodes[3].parameters.jsCode as string,
      [{ results: dealResults }, { results: contactResults }],
      { "Poll window": windows },
      state,
    );
    expect(again).toEqual([]);
  });

  it("is left out when only routing facts are needed, and waits for the CRM ids of stamped stages", async () => {
    const bp = await acme();
    expect(() => compileN8n(bp, { ...targetFor(bp), crmIds: undefined })).toThrow(/needs the CRM id/);
    bp.automations = bp.automations.filter((a) => !a.on.stageEntered && !a.on.stageStalled);
    expect(() => instrumentation(bp, { ...targetFor(bp), crmIds: undefined })).toThrow(
      "instrumentation: needs the CRM ids of new-business/discovery: apply the CRM part first",
    );
    bp.reporting.metrics = bp.reporting.metrics.filter((m) => m.type === "capacity");
    expect(instrumentation(bp)).toBeUndefined();
  });
});
