import { describe, expect, it } from "vitest";
import { compileN8n } from "../../../src/plan/n8n";
import { fakeCallers, fakeCrmIds, loadValid } from "../../support/compile";

// A business unit's routing webhook: the check after "Read the lead", its expressions run as compiled.
const target = {
  crmBaseUrl: "http://127.0.0.1:18080",
  crmCredential: { id: "cred-1", name: "revstack crm" },
  callers: fakeCallers,
  n8nBaseUrl: "http://127.0.0.1:5678",
};

async function routing(scoped: boolean, notify = false) {
  const bp = await loadValid("test/plan/n8n/fixtures/acme.yaml");
  const told = notify
    ? { ...bp, routing: bp.routing.map((r) => ({ ...r, onUnrouted: { notify: ["slack:#ops"] } })) }
    : bp;
  const withScope = scoped ? { ...told, scope: { property: "business_unit", value: "EMEA" } } : told;
  return compileN8n(withScope, { ...target, crmIds: fakeCrmIds(bp) }).find((w) => w.key === "routing")!.definition;
}

/** An n8n expression (`={{ … }}`) given the lead "Read the lead" answered. */
function run(text: unknown, lead: object): any {
  const body = /^=\{\{([\s\S]*)\}\}$/.exec(String(text))![1];
  const $ = (name: string) => {
    if (name !== "Read the lead") throw new Error(`reads ${name}`);
    return { first: () => ({ json: { statusCode: 200, body: lead } }) };
  };
  return new Function("$", `return (${body});`)($);
}

describe("a business unit's routing webhook", () => {
  it("reads the unit's property with the lead and checks it before anything is written", async () => {
    const wf = await routing(true);
    const node = (name: string) => wf.nodes.find((n) => n.name === name)!;
    expect(node("Read the lead").parameters.url).toMatch(/properties=[^&]*\bbusiness_unit\b/);
    expect(wf.connections["Read the lead: answered?"].main[0]).toEqual([
      { node: "In this unit?", type: "main", index: 0 },
    ]);
    // Out of the unit: answered, and nothing after (no routing log row, no owner, no SLA timer).
    expect(wf.connections["In this unit?"].main[1]).toEqual([
      { node: "Answer: not this unit's lead", type: "main", index: 0 },
    ]);
    expect(wf.connections["Answer: not this unit's lead"]).toBeUndefined();
    expect(wf.connections["In this unit?"].main[0]).toEqual([{ node: "Read the owners", type: "main", index: 0 }]);

    const inUnit = (lead: object) =>
      run((node("In this unit?").parameters.conditions as any).conditions[0].leftValue, lead);
    const answer = (lead: object) =>
      JSON.parse(run(node("Answer: not this unit's lead").parameters.responseBody, lead));
    expect(inUnit({ id: "1", properties: { business_unit: "emea" } })).toBe(true);
    expect(inUnit({ id: "1", properties: { business_unit: "Emea" } })).toBe(true);
    expect(inUnit({ id: "2", properties: { business_unit: "na" } })).toBe(false);
    expect(inUnit({ id: "3", properties: {} })).toBe(false);
    expect(answer({ id: "2", properties: { business_unit: "na" } })).toEqual({
      acknowledged: true,
      leadId: "2",
      routed: false,
      reason: "lead 2 belongs to business unit na, not this stack's EMEA: left for that unit's routing",
    });
    expect(answer({ id: "3", properties: { business_unit: null } }).reason).toBe(
      "lead 3 has no business_unit, and this stack routes only business unit EMEA's leads: set its business_unit and send it again",
    );
  });

  it("tells the people named for unrouted leads of a lead with no unit, once per lead, after the answer", async () => {
    const wf = await routing(true, true);
    const node = (name: string) => wf.nodes.find((n) => n.name === name)!;
    // After the answer to one lead, and to HubSpot's batch.
    for (const answer of ["Answer: not this unit's lead", "Answer the batch"])
      expect(wf.connections[answer].main[0]).toContainEqual({
        node: "The leads without a unit",
        type: "main",
        index: 0,
      });
    const code = node("The leads without a unit").parameters.jsCode as string;
    const noUnit = (batch: boolean, leads: object[]) => {
      const $ = (name: string) => {
        if (name === "Sort the leads") return { isExecuted: batch };
        const body = name === "Read the leads" ? { results: leads } : leads[0];
        return { first: () => ({ json: { statusCode: 200, body } }) };
      };
      return new Function("$", code)($).map((i: any) => i.json);
    };
    const none = { id: "3", properties: { business_unit: "" } };
    const other = { id: "2", properties: { business_unit: "na" } };
    const ours = { id: "1", properties: { business_unit: "emea" } };
    const told = {
      event: "no-unit:3",
      contactId: "3",
      reason:
        "lead 3 has no business_unit, and this stack routes only business unit EMEA's leads: set its business_unit and send it again",
    };
    expect(noUnit(false, [none])).toEqual([told]);
    expect(noUnit(false, [other])).toEqual([]);
    expect(noUnit(true, [ours, other, none, { id: "4", properties: {} }])).toEqual([
      told,
      { ...told, event: "no-unit:4", contactId: "4", reason: told.reason.replace(/3/g, "4") },
    ]);
    // Claimed once per lead in the automation log, then told.
    expect(wf.connections["The leads without a unit"].main[0]).toEqual([
      { node: "Claim the event", type: "main", index: 0 },
    ]);
    expect(JSON.stringify(node("Claim the event").parameters)).toContain('\\"routing|\\" + $json.event');
    expect(wf.connections["Fires once"].main[0]).toEqual([
      { node: "Who hears of the leads without a unit", type: "main", index: 0 },
    ]);
  });

  it("is not there without a scope", async () => {
    const wf = await routing(false);
    expect(wf.nodes.map((n) => n.name)).not.toContain("In this unit?");
    expect(wf.connections["Read the lead: answered?"].main[0]).toEqual([
      { node: "Read the owners", type: "main", index: 0 },
    ]);
  });
});
