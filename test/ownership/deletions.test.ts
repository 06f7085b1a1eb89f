import { describe, expect, it } from "vitest";
import { commandOf } from "../../src/cli/shared/pulumi-after-up";
import { decideDeletions } from "../../src/ownership/deletions";
import { resolvedPending } from "../../src/ownership/pending";
import { stackFacts, type Registry } from "../../src/ownership/registry";

const property = (name: string) => ({ objectType: "deals", name, label: name, type: "string" });
const resource = (stack: string, name: string) => ({
  urn: `urn:pulumi:${stack}::revstack::revstack:index:Blueprint$pulumi-nodejs:dynamic/hubspot:Property::${name}`,
  type: "pulumi-nodejs:dynamic/hubspot:Property",
  inputs: property(name),
  outputs: property(name),
});

function registry(stacks: Record<string, object>): Registry {
  return { stack: "unit", portal: "portal 1", stacks: Object.entries(stacks).map(([name, d]) => stackFacts(name, d)) };
}

describe("the blueprint's delete: list when a stack applies", () => {
  const r = registry({
    base: { resources: [resource("base", "budget")] },
    unit: { resources: [resource("unit", "legacy")] },
  });

  it("keeps the keys this stack manages, for its providers' delete", () => {
    expect(decideDeletions(r, ["PROPERTY:deals/Legacy"], new Set())).toEqual({
      keys: ["PROPERTY:deals/Legacy"],
      warnings: [],
    });
  });

  it("refuses an object another stack owns", () => {
    expect(() => decideDeletions(r, ["property:deals/budget"], new Set())).toThrow(
      /which stack "base" owns: only that stack can delete it/,
    );
  });

  it("warns, with the nearest key it manages, about a key it does not manage", () => {
    const { keys, warnings } = decideDeletions(r, ["property:deals/legacyy"], new Set());
    expect(keys).toEqual([]);
    expect(warnings).toEqual([
      expect.stringMatching(
        /names property:deals\/legacyy, which this stack does not manage .* did you mean "property:deals\/legacy"\?/,
      ),
    ]);
  });

  it("the stack's blueprint component carries the list to the providers", () => {
    expect(
      stackFacts("unit", {
        resources: [{ urn: "b", type: "revstack:index:Blueprint", outputs: { delete: ["property:deals/legacy"] } }],
      }).deletes,
    ).toEqual(["property:deals/legacy"]);
  });
});

describe("pending creates after a converged up", () => {
  const pending = (name: string, type = "creating") => ({ type, resource: resource("unit", name) });

  it("a pending create whose object the stack manages again is resolved; one it does not manage is kept", () => {
    expect(
      resolvedPending({
        deployment: { resources: [resource("unit", "a")], pending_operations: [pending("a"), pending("b")] },
      }),
    ).toEqual({ cleared: ["property:deals/a"], kept: ["property:deals/b"] });
  });

  it("a pending create whose resource now has another natural key is kept (its object may be left in HubSpot)", () => {
    const renamed = { ...resource("unit", "a"), outputs: property("a2") };
    expect(resolvedPending({ deployment: { resources: [renamed], pending_operations: [pending("a")] } })).toEqual({
      cleared: [],
      kept: ["property:deals/a"],
    });
  });
});

describe("revstack pulumi's arguments", () => {
  it("finds the command and the stack, wherever the flags are", () => {
    expect(commandOf(["up", "--yes", "--stack", "dev"])).toEqual({ command: "up", stack: "dev" });
    expect(commandOf(["--stack", "dev", "up"])).toEqual({ command: "up", stack: "dev" });
    expect(commandOf(["-s=prod", "update", "-y"])).toEqual({ command: "update", stack: "prod" });
    expect(commandOf(["preview"])).toEqual({ command: "preview", stack: undefined });
  });
});
