/** The published JSON Schema: generated from the zod model, never drifting, and usable by ajv on raw YAML. */
import Ajv2020 from "ajv/dist/2020";
import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { blueprintJsonSchemaText } from "../../src/blueprint/json-schema";

const ROOT = path.resolve(__dirname, "..", "..");
const committed = readFileSync(path.join(ROOT, "schemas", "blueprint.schema.json"), "utf8");
// zod writes `format: "date-time"` beside the `pattern` that checks an instant; the pattern does the checking, so the
// format is declared as a known annotation (ajv's strict mode refuses formats it was not told of).
const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true, formats: { "date-time": true } });
const validate = ajv.compile(JSON.parse(committed));
const raw = (file: string) => parse(readFileSync(path.join(ROOT, file), "utf8"));

describe("schemas/blueprint.schema.json", () => {
  it("is exactly what the zod model generates (run npm run schema after changing the model)", () => {
    expect(committed).toBe(blueprintJsonSchemaText());
  });

  it("declares JSON Schema 2020-12", () => {
    expect(JSON.parse(committed).$schema).toBe("https://json-schema.org/draft/2020-12/schema");
  });

  const examples = readdirSync(path.join(ROOT, "blueprints")).filter((f) => f.endsWith(".yaml"));
  it.each(examples)("accepts the example blueprints/%s", (name) => {
    const ok = validate(raw(path.join("blueprints", name)));
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  // Structural mistakes the schema alone can see; semantic ones (references, HubSpot rules) need the loader.
  const structural = [
    "unknown-key-typo",
    "missing-required",
    "wrong-type",
    "bad-enum",
    "bad-duration",
    "bad-key",
    "bad-email",
    "credential-in-blueprint",
    "trigger-two-keys",
    "action-typo",
    "metric-bad-type",
    "wrong-api-version",
    "child-typo",
  ];
  it.each(structural)("rejects the structural fixture %s", (name) => {
    expect(validate(raw(path.join("test", "fixtures", `${name}.yaml`)))).toBe(false);
  });

  it("takes a routing case's weighted credit as numbers per team and member, nothing else", () => {
    const base = raw("blueprints/base.yaml");
    const withCredit = (credit: unknown) => ({
      ...base,
      tests: [{ name: "credit", state: { credit }, expect: { team: "mid-market-ae" } }],
    });
    expect(validate(withCredit({ "mid-market-ae": { "olivia.brown@acme.test": -2.5 } }))).toBe(true);
    expect(validate(withCredit({ "mid-market-ae": { "olivia.brown@acme.test": "lots" } }))).toBe(false);
    expect(validate(withCredit({ "mid-market-ae": { "not an email": 1 } }))).toBe(false);
  });

  it("treats a file with extends as a layer: partial content is fine, unknown keys are not", () => {
    const child = {
      apiVersion: "revstack/v1",
      kind: "Blueprint",
      extends: "./base.yaml",
      metadata: { name: "emea", currency: "EUR" },
    };
    expect(validate(child)).toBe(true);
    expect(validate({ ...child, metadata: { name: "emea", curency: "EUR" } })).toBe(false);
    const { extends: _base, ...standalone } = child;
    expect(validate({ ...standalone, metadata: { currency: "EUR" } })).toBe(false);
  });
});
