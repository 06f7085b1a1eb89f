/**
 * A property's option edits read the same in `plan` (blueprint against blueprint) and in `preview`/`drift` (the
 * engine's old and new inputs): both take their words from the property kind (src/kinds/property.ts).
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadBlueprint } from "../../src/blueprint";
import type { Blueprint } from "../../src/blueprint/model";
import { propertyKind } from "../../src/kinds/property";
import { crmPlan, type PropertySpec } from "../../src/plan/crm";
import { diffBlueprints } from "../../src/review/diff";
import { Changes } from "../../src/words/changes";

const dir = mkdtempSync(path.join(tmpdir(), "revstack-property-words-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const OPTIONS = {
  web: { value: "web", label: "Web" },
  event: { value: "event", label: "Event" },
  partner: { value: "partner", label: "Partner" },
};
type Key = keyof typeof OPTIONS;

async function blueprintWith(keys: Key[]): Promise<Blueprint> {
  const file = path.join(dir, `${keys.join("-")}.yaml`);
  const options = keys.map((k) => `        - { value: ${k}, label: ${OPTIONS[k].label} }`).join("\n");
  writeFileSync(
    file,
    `apiVersion: revstack/v1
kind: Blueprint
metadata: { name: property-words }
properties:
  groups:
    attribution: { label: Attribution }
  contacts:
    lead_source:
      label: Lead source
      type: enumeration
      group: attribution
      options:
${options}
`,
  );
  const { blueprint, diagnostics } = await loadBlueprint(file);
  if (!blueprint) throw new Error(diagnostics.map((d) => d.message).join("\n"));
  return blueprint;
}

/** The property's inputs as the program declares them (and the engine's preview shows them). */
function inputs(blueprint: Blueprint): PropertySpec {
  const spec = crmPlan(blueprint).properties.find((p) => p.name === "lead_source");
  if (!spec) throw new Error("the plan has no lead_source property");
  return spec;
}

describe("a property's option edits", () => {
  it("read the same in plan and in preview: removed (with what records keep) and reordered", async () => {
    const [before, after] = [await blueprintWith(["web", "event", "partner"]), await blueprintWith(["partner", "web"])];
    const plan = diffBlueprints(before, after).filter((c) => c.section === "properties");

    const changes = new Changes();
    propertyKind.words.extra?.(inputs(before), inputs(after), changes.in("properties"));
    const preview = changes.list;

    const words = (list: typeof plan) => list.map((c) => ({ action: c.action, message: c.message, danger: c.danger }));
    expect(words(plan)).toEqual(words(preview));
    expect(words(plan)).toEqual([
      {
        action: "remove",
        message: "Property 'Lead source' (lead_source) option 'Event' (event) removed",
        danger: "records that hold event keep it, but it can no longer be chosen",
      },
      {
        action: "change",
        message: "Property 'Lead source' (lead_source) options reordered: partner, web",
        danger: undefined,
      },
    ]);
  });
});
