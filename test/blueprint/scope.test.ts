/** The blueprint's scope: the property every record the stack acts on must have, and a value it can hold. */
import { describe, expect, it } from "vitest";
import { formatDiagnostic, loadBlueprint } from "../../src/blueprint";
import { memoryFiles } from "./memory-files";

const blueprint = (scope: string) => `apiVersion: revstack/v1
kind: Blueprint
metadata: { name: emea, businessUnit: emea }
targets: { automation: n8n }
${scope}
properties:
  deals:
    business_unit:
      label: Business unit
      type: enumeration
      group: dealinformation
      options: [{ value: na, label: North America }, { value: emea, label: EMEA }]
automations:
  - key: kickoff
    on: { stageEntered: { pipeline: default, stage: closedwon } }
    do: [{ createTask: { title: Book the kickoff } }]
`;

async function diagnose(scope: string): Promise<string[]> {
  const { diagnostics } = await loadBlueprint("t.yaml", memoryFiles({ "t.yaml": blueprint(scope) }));
  return diagnostics.map(formatDiagnostic);
}

describe("scope", () => {
  it("is valid with a declared property and one of its options, compared as HubSpot compares text", async () => {
    expect(await diagnose("scope: { property: business_unit, value: EMEA }")).toEqual([]);
  });

  it("names a property every object the stack acts on has, with a suggestion", async () => {
    expect(await diagnose("scope: { property: busines_unit, value: emea }")).toEqual([
      't.yaml:5:20: error: property "busines_unit" is not declared under properties.deals and is not a HubSpot ' +
        "default deals property, so no deals record would be in scope (automation kickoff acts on deals); " +
        'did you mean "business_unit"?',
    ]);
  });

  it("holds a value the property can take", async () => {
    expect(await diagnose("scope: { property: business_unit, value: emae }")).toEqual([
      't.yaml:5:42: error: "emae" is not an option of deals property business_unit, so no record would be in scope; ' +
        'did you mean "emea"?',
    ]);
  });

  it("is typed: a property and a value, nothing else", async () => {
    const found = await diagnose("scope: { property: business_unit, unit: emea }");
    expect(found.join("\n")).toMatch(/t\.yaml:5:\d+: error: .*unit/);
  });
});
