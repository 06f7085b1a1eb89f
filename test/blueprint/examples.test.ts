/** The example blueprints are the product's showcase: they must load cleanly and meet the counts. */
import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { Blueprint, loadBlueprint } from "../../src/blueprint";

const DIR = path.resolve(__dirname, "..", "..", "blueprints");
const examples = readdirSync(DIR).filter((f) => f.endsWith(".yaml"));

async function load(name: string): Promise<Blueprint> {
  const { blueprint, diagnostics } = await loadBlueprint(path.join(DIR, name));
  expect(diagnostics).toEqual([]);
  return blueprint!;
}

describe("example blueprints", () => {
  it.each(examples)("%s loads with no errors or warnings and carries the schema modeline", async (name) => {
    await load(name);
    expect(readFileSync(path.join(DIR, name), "utf8").split("\n")[0]).toBe(
      "# yaml-language-server: $schema=../schemas/blueprint.schema.json",
    );
  });

  it("base.yaml is a complete B2B SaaS setup", async () => {
    const bp = await load("base.yaml");
    const bigPipelines = Object.values(bp.pipelines).filter((p) => p.stages.length >= 6);
    expect(bigPipelines.length).toBeGreaterThanOrEqual(2);
    expect(Object.keys(bp.teams).length).toBeGreaterThanOrEqual(3);
    expect(bp.owners.length).toBeGreaterThanOrEqual(10);
    expect(bp.owners.every((o) => o.capacity && o.backup)).toBe(true);
    expect(bp.routing.filter((r) => r.sla).length).toBeGreaterThanOrEqual(6);
    expect(bp.automations.length).toBeGreaterThanOrEqual(5);
    expect(bp.reporting.metrics.length).toBeGreaterThanOrEqual(5);
    const stages = bp.lifecycle!.stages;
    expect(stages.find((s) => s.key === "marketingqualifiedlead")?.criteria).toBeDefined();
    expect(stages.find((s) => s.key === "salesqualifiedlead")?.criteria).toBeDefined();
  });

  it("the two business units extend the base and differ only where they say", async () => {
    const base = await load("base.yaml");
    const emea = await load("emea.yaml");
    const partners = await load("partners.yaml");
    for (const name of ["emea.yaml", "partners.yaml"]) {
      expect(parse(readFileSync(path.join(DIR, name), "utf8")).extends).toBe("./base.yaml");
    }
    expect(emea.metadata.currency).toBe("EUR");
    expect(emea.owners.map((o) => o.email)).not.toContain("sam.lee@acme.test");
    expect(emea.pipelines["new-business"].retiredStages).toEqual([{ key: "evaluation", moveTo: "demo" }]);
    expect(emea.properties).toEqual(base.properties);
    expect(Object.keys(partners.pipelines)).toEqual([...Object.keys(base.pipelines), "partner-deals"]);
    expect(partners.routing[0].key).toBe("partner-sourced");
    expect(partners.routing.map((r) => r.key)).not.toContain("free-trial");
    expect(partners.routing.at(-1)?.key).toBe("fallback");
  });
});
