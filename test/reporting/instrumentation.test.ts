import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import YAML from "yaml";
import { Blueprint } from "../../src/blueprint/model";
import { metricRequirements } from "../../src/plan/instrumentation";
import { blueprint } from "./fixtures/metrics";

describe("metricRequirements", () => {
  it("lists the stamps, routing facts and sources each metric needs, once each, with the metrics that read them", () => {
    const { properties, groups } = metricRequirements(blueprint);
    const byName = new Map(properties.map((p) => [`${p.object}.${p.name}`, p]));
    expect(byName.get("deals.revstack_entered_sales_demo")).toMatchObject({
      type: "datetime",
      stampedWhen: { stageEntered: { pipeline: "sales", stage: "demo" } },
      metrics: ["demo-to-won", "time-in-demo", "stalled", "cycle", "by-source"],
    });
    expect(byName.get("contacts.revstack_entered_lifecycle_churned")?.metrics).toEqual(["mql-to-sql", "retention"]);
    expect(byName.get("contacts.revstack_first_touch_at")).toMatchObject({
      type: "datetime",
      metrics: ["sla-all", "sla-slow"],
    });
    expect(byName.get("contacts.revstack_routing_rule")?.metrics).toEqual(["sla-all", "sla-slow", "sdr-capacity"]);
    expect(byName.get("contacts.revstack_last_touch_source")).toMatchObject({
      type: "string",
      stampedWhen: { source: "last_touch" },
    });
    expect(byName.get("deals.lead_source")).toMatchObject({ stampedWhen: { source: "first_touch" } });
    expect(byName.get("contacts.acquisition_source")?.metrics).toEqual(["retention"]);
    expect(properties.every((p) => p.group === "revstack_instrumentation")).toBe(true);
    expect(groups.map((g) => g.object).sort()).toEqual(["contacts", "deals"]);
  });

  it("leaves out properties the blueprint declares, and copies the options of a source declared on the other object", () => {
    const base = Blueprint.parse(YAML.parse(readFileSync("blueprints/base.yaml", "utf8")));
    const { properties } = metricRequirements(base);
    const names = properties.map((p) => `${p.object}.${p.name}`);
    expect(names).not.toContain("contacts.lead_source"); // declared in base.yaml
    const dealSource = properties.find((p) => p.object === "deals" && p.name === "lead_source")!;
    expect(dealSource.type).toBe("enumeration");
    expect(dealSource.options?.map((o) => o.value)).toContain("demo_request");
    // Stage names with dashes become valid property names.
    expect(names).toContain("deals.revstack_entered_new_business_evaluation");
    expect(properties.every((p) => /^[a-z][a-z0-9_]*$/.test(p.name))).toBe(true);
  });
});
