/**
 * The blueprint's table of HubSpot's default properties against the sandbox's model of a new portal
 * (src/sandbox/defaults.ts). The two are written independently, from HubSpot's documentation, so a type or an
 * option that differs is a mistake in one of them.
 */
import { describe, expect, it } from "vitest";
import {
  BUILTIN_PROPERTY_TABLE,
  builtinConditionFacts,
  builtinType,
  conditionKind,
} from "../../src/blueprint/checks/builtin-properties";
import { CrmObject } from "../../src/blueprint/model";
import { DEFAULT_GROUPS, type DefaultProperty } from "../../src/sandbox/defaults";

/** The sandbox's default properties of one object type, by name. */
function sandboxProperties(object: string): Map<string, DefaultProperty> {
  return new Map(DEFAULT_GROUPS[object].flatMap((g) => g.properties).map((p) => [p[0], p]));
}

const listed = CrmObject.options.flatMap((object) =>
  Object.entries(BUILTIN_PROPERTY_TABLE[object]).map(([name, property]) => ({ object, name, property })),
);

describe("HubSpot's default properties (src/blueprint/checks/builtin-properties.ts)", () => {
  it("lists properties of every object type", () => {
    for (const object of CrmObject.options)
      expect(Object.keys(BUILTIN_PROPERTY_TABLE[object]).length).toBeGreaterThan(5);
  });

  it("gives every listed property the type the sandbox's HubSpot gives it", () => {
    const differing = listed.flatMap(({ object, name, property }) => {
      const sandbox = sandboxProperties(object).get(name);
      return sandbox?.[2] === property.type ? [] : [`${object}.${name}: ${property.type}, sandbox ${sandbox?.[2]}`];
    });
    expect(differing).toEqual([]);
  });

  it("checks conditions against the options the sandbox's HubSpot has", () => {
    const withOptions = listed.filter(({ property }) => property.options);
    expect(withOptions.length).toBeGreaterThan(0);
    for (const { object, name, property } of withOptions) {
      const options = (sandboxProperties(object).get(name)?.[4] ?? []).map((o) => o.split("=")[0]);
      expect(property.options, `${object}.${name}`).toEqual(options);
    }
  });

  it("compares each checked property as its type says, but a contact's annual revenue (text) as a number", () => {
    const otherwise = listed
      .filter(({ property }) => property.compared && property.compared !== conditionKind(property.type))
      .map(({ object, name, property }) => `${object}.${name}: ${property.type} compared as ${property.compared}`);
    expect(otherwise).toEqual(["contacts.annualrevenue: string compared as number"]);
  });

  it("answers from the table, and nothing for names that are not default properties", () => {
    expect(builtinType("contacts", "annualrevenue")).toBe("string");
    expect(builtinType("companies", "annualrevenue")).toBe("number");
    expect(builtinConditionFacts("contacts", "annualrevenue")).toEqual({ kind: "number" });
    expect(builtinConditionFacts("deals", "hs_priority")).toEqual({
      kind: "enumeration",
      options: ["low", "medium", "high"],
    });
    expect(builtinConditionFacts("contacts", "firstname")).toBeUndefined();
    expect(builtinType("contacts", "constructor")).toBeUndefined();
    expect(builtinConditionFacts("deals", "toString")).toBeUndefined();
  });
});
