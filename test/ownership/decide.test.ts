import { OBJECT_KEYS } from "../../src/blueprint/object-keys";
import { describe, expect, it } from "vitest";
import { adoptKeys, decide, differingFields, OwnershipError } from "../../src/ownership/decide";
import { describeKey, naturalKey } from "../../src/ownership/keys";
import { ownerOf, stackFacts, type Registry } from "../../src/ownership/registry";
import { releasePlan } from "../../src/ownership/release";

const property = (name: string, label = "Budget") => ({
  key: name,
  objectType: "deals",
  name,
  label,
  type: "number",
  fieldType: "number",
  groupName: "g",
  description: "",
  options: [],
});
const resource = (stack: string, name: string, inputs: object, extra: object = {}) => ({
  urn: `urn:pulumi:${stack}::revstack::revstack:index:Blueprint$pulumi-nodejs:dynamic/hubspot:Property::${name}`,
  type: "pulumi-nodejs:dynamic/hubspot:Property",
  id: `deals/${name}`,
  inputs,
  outputs: { ...inputs, __provider: "x" },
  ...extra,
});

function registry(stacks: Record<string, object>, portals: Record<string, string> = {}): Registry {
  return {
    stack: "unit",
    portal: "portal 1",
    stacks: Object.entries(stacks).map(([name, deployment]) => ({
      ...stackFacts(name, deployment),
      portal: portals[name],
    })),
  };
}

const adoptNone = { all: false, keys: [] };

describe("ownership decisions", () => {
  it("an object another stack owns and this blueprint declares the same way is referenced, not managed", () => {
    const r = registry({ base: { resources: [resource("base", "budget", property("budget"))] }, unit: {} });
    const d = decide(r, "property:deals/budget", "Property", property("budget"), adoptNone);
    expect(d.kind).toBe("reference");
    expect(d.kind === "reference" && d.owner.stack).toBe("base");
  });

  it("declaring another stack's object differently is an error naming the owner and the fields", () => {
    const r = registry({ base: { resources: [resource("base", "budget", property("budget"))] } });
    expect(() =>
      decide(r, "property:deals/budget", 'Property "budget" (deals)', property("budget", "Budget (EUR)"), adoptNone),
    ).toThrow(/Property "budget" \(deals\) is owned by stack "base".*\(label\)/);
  });

  it("adoption never takes what another stack owns, even with revstack:adopt true", () => {
    const r = registry({ base: { resources: [resource("base", "budget", property("budget"))] } });
    expect(
      decide(r, "property:deals/budget", "P", property("budget"), { all: true, keys: ["property:deals/budget"] }).kind,
    ).toBe("reference");
    expect(() => decide(r, "property:deals/budget", "P", property("budget", "Other"), { all: true, keys: [] })).toThrow(
      OwnershipError,
    );
  });

  it("adopts only the keys named, compared case-insensitively", () => {
    const r = registry({});
    expect(decide(r, "property:deals/a", "P", property("a"), { all: false, keys: ["PROPERTY:deals/A"] })).toEqual({
      kind: "manage",
      input: { stack: "unit", adopt: true },
    });
    expect(decide(r, "property:deals/b", "P", property("b"), { all: false, keys: ["property:deals/a"] })).toEqual({
      kind: "manage",
      input: { stack: "unit" },
    });
  });

  it("a create this stack had in flight when its run stopped is taken back; one another stack has in flight stops", () => {
    const pending = (stack: string) => ({
      pending_operations: [{ type: "creating", resource: resource(stack, "budget", property("budget")) }],
    });
    expect(
      decide(registry({ unit: pending("unit") }), "property:deals/budget", "P", property("budget"), adoptNone),
    ).toEqual({ kind: "manage", input: { stack: "unit", recover: true } });
    expect(() =>
      decide(registry({ base: pending("base") }), "property:deals/budget", "P", property("budget"), adoptNone),
    ).toThrow(/being created by stack "base"/);
  });

  it("what this stack already manages stays managed", () => {
    const r = registry({
      unit: { resources: [resource("unit", "budget", property("budget"))] },
      base: { resources: [resource("base", "budget", property("budget", "X"))] },
    });
    expect(decide(r, "property:deals/budget", "P", property("budget", "Y"), adoptNone)).toEqual({
      kind: "manage",
      input: { stack: "unit" },
    });
  });

  it("stacks on another portal are not owners", () => {
    const r = registry({ base: { resources: [resource("base", "budget", property("budget"))] } }, { base: "portal 2" });
    expect(ownerOf(r, "property:deals/budget")).toBeUndefined();
  });

  it("compares only what a blueprint declares", () => {
    expect(
      differingFields(
        { ...property("a"), ownership: { stack: "x" } },
        { ...property("a"), __provider: "p", hubspotId: "1" },
      ),
    ).toEqual([]);
  });
});

describe("natural keys and adoptObjects", () => {
  it("names each kind", () => {
    expect(naturalKey("pulumi-nodejs:dynamic/hubspot:Pipeline", { objectType: "deals", label: "New Business" })).toBe(
      "pipeline:deals/New Business",
    );
    expect(naturalKey("hubspot:User", { email: "jo@x.test" })).toBe("user:jo@x.test");
    expect(naturalKey("pulumi-nodejs:dynamic/hubspot:PipelineStage", { label: "x" })).toBeUndefined();
    expect(describeKey("property:deals/lead_source")).toBe('Property "lead_source" (deals)');
  });

  it("reads a list, JSON or comma-separated, and rejects what is not a key", () => {
    expect(adoptKeys('["property:deals/a","user:jo@x.test"]')).toEqual(["property:deals/a", "user:jo@x.test"]);
    expect(adoptKeys(["group:deals/g"])).toEqual(["group:deals/g"]);
    expect(adoptKeys(undefined)).toEqual([]);
    expect(() => adoptKeys(["lead_source"])).toThrow(/must be a list of object keys/);
  });

  it("describes each key in the form its prefix takes (src/blueprint/object-keys.ts)", () => {
    expect(describeKey("user:jo@x.test")).toBe("User jo@x.test");
    expect(describeKey("team:Sales / EMEA")).toBe('Team "Sales / EMEA"');
    expect(describeKey("pipeline:tickets/Support")).toBe('Pipeline "Support" (tickets)');
    expect(describeKey("group:contacts/legacy")).toBe('Property group "legacy" (contacts)');
  });

  it("takes keys of every prefix in the table and names them all when one is wrong", () => {
    const keys = Object.values(OBJECT_KEYS).map((form) => form.example);
    expect(keys).toContain("list:contacts/Enterprise ICP");
    expect(adoptKeys(keys)).toEqual(keys);
    expect(() => adoptKeys(["teams:T"])).toThrow(`such as ${keys.join(", ")};`);
    expect(() => adoptKeys(["team: T"])).toThrow(/must be a list of object keys/);
  });
});

describe("revstack release plan", () => {
  const pipeline = {
    urn: "urn:p",
    type: "pulumi-nodejs:dynamic/hubspot:Pipeline",
    outputs: { objectType: "deals", label: "Sales" },
  };
  const stage = {
    urn: "urn:s",
    type: "pulumi-nodejs:dynamic/hubspot:PipelineStage",
    parent: "urn:p",
    dependencies: ["urn:p"],
  };
  const group = {
    urn: "urn:g",
    type: "pulumi-nodejs:dynamic/hubspot:PropertyGroup",
    outputs: { objectType: "deals", name: "g" },
  };
  const prop = {
    urn: "urn:q",
    type: "pulumi-nodejs:dynamic/hubspot:Property",
    outputs: { objectType: "deals", name: "q" },
    dependencies: ["urn:g"],
  };

  it("releases a pipeline with its stages, children first", () => {
    expect(releasePlan([pipeline, stage, group, prop], ["pipeline:deals/sales"])).toEqual([
      { key: "pipeline:deals/Sales", urns: ["urn:s", "urn:p"] },
    ]);
  });

  it("refuses an object others depend on, and an unknown key", () => {
    expect(() => releasePlan([group, prop], ["group:deals/g"])).toThrow(/cannot be released alone: urn:q/);
    expect(() => releasePlan([group], ["property:deals/nope"])).toThrow(
      /manages no Property "nope" \(deals\).*group:deals\/g/,
    );
  });
});
