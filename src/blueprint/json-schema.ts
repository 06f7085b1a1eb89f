/**
 * The published JSON Schema (schemas/blueprint.schema.json), generated from the zod model so the
 * two cannot drift; a test fails when the committed file differs. A file with `extends:` is a layer
 * (every field optional), any other file a complete blueprint.
 * Regenerate with `npm run schema`.
 */
import { writeFileSync } from "node:fs";
import * as path from "node:path";
import { z } from "zod";
import { BlueprintLayer } from "./layer";
import { Blueprint } from "./model";

export const SCHEMA_ID = "https://revstack.dev/schemas/blueprint.schema.json";

function draft(schema: z.ZodType): Record<string, unknown> {
  const json = z.toJSONSchema(schema, { target: "draft-2020-12", io: "input", unrepresentable: "any" }) as Record<
    string,
    unknown
  >;
  delete json.$schema;
  return json;
}

export function blueprintJsonSchema(): Record<string, unknown> {
  const blueprint = draft(Blueprint);
  const layer = draft(BlueprintLayer);
  // A recursive schema (a workflow step holds steps) is a named definition its refs find from the file's root.
  const shared = { ...(blueprint.$defs as object), ...(layer.$defs as object) };
  delete blueprint.$defs;
  delete layer.$defs;
  return {
    $schema: "https://json-schema.org/draft/2020-12/schema",
    $id: SCHEMA_ID,
    title: "revstack blueprint",
    description:
      "A revenue blueprint: owners, teams, routing, lifecycle, pipelines, properties, automations and reporting. " +
      "Generated from src/blueprint/model.ts; do not edit by hand.",
    type: "object",
    if: { properties: { extends: { type: "string" } }, required: ["extends"] },
    then: { $ref: "#/$defs/layer" },
    else: { $ref: "#/$defs/blueprint" },
    $defs: { blueprint, layer, ...shared },
  };
}

/** The file's exact text, so the drift test compares like with like. */
export function blueprintJsonSchemaText(): string {
  return `${JSON.stringify(blueprintJsonSchema(), null, 2)}\n`;
}

if (require.main === module) {
  const target = process.argv[2] ?? path.resolve("schemas", "blueprint.schema.json");
  writeFileSync(target, blueprintJsonSchemaText());
  process.stdout.write(`wrote ${path.relative(process.cwd(), target)}\n`);
}
