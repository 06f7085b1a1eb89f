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

async function routing(scoped: boolean) {
  const bp = await loadValid("test/plan/n8n/fixtures/acme.yaml");
  const withScope = scoped ? { ...bp, scope: { property: "business_unit", value: "EMEA" } } : bp;
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

  it("is not there without a scope", async () => {
    const wf = await routing(false);
    expect(wf.nodes.map((n) => n.name)).not.toContain("In this unit?");
    expect(wf.connections["Read the lead: answered?"].main[0]).toEqual([
      { node: "Read the owners", type: "main", index: 0 },
    ]);
  });
});
