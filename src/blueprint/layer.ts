/**
 * The schema of a blueprint that `extends` another: the same model with every field optional (a
 * child says only what differs) and clearable with `null`, plus the composition markers
 * `remove: true` on keyed items and map entries and `before:`/`after:` on keyed list items. Derived from the model, never written twice.
 */
import { z } from "zod";
import { API_VERSION, Blueprint, keyedLists, Metadata, oneKeyObjects } from "./model";
import {
  arrayElement,
  kindOf,
  literalOf,
  objectShape,
  recordKey,
  recordValue,
  unionOptions,
  unwrap,
} from "./schema-walk";

const remove = z.literal(true).optional().describe("Removes this inherited item");
const position = z.string().min(1).optional();

/** Every field optional; `null` clears an inherited value (required ones are then reported missing). */
function partialObject(shape: Record<string, z.ZodType>): z.ZodObject {
  return z.strictObject(
    Object.fromEntries(Object.entries(shape).map(([k, s]) => [k, toLayer(s).nullable().optional()])),
  );
}

/** A union member per discriminator, merged into one object so a child can override any field. */
function mergedUnion(options: z.ZodType[], discriminator: string): z.ZodObject {
  const fields = new Map<string, z.ZodType[]>();
  const tags: string[] = [];
  for (const option of options) {
    for (const [key, field] of Object.entries(objectShape(option) ?? {})) {
      if (key === discriminator) tags.push(String(literalOf(field)));
      else fields.set(key, [...(fields.get(key) ?? []), field]);
    }
  }
  // A field that means different things per type (a metric's target) accepts any of its forms.
  const shape = Object.fromEntries(
    [...fields].map(([key, forms]) => [
      key,
      forms.length === 1 ? forms[0] : z.union(forms.map(unwrap) as [z.ZodType, z.ZodType]),
    ]),
  );
  return partialObject(shape).extend({ [discriminator]: z.enum(tags as [string, ...string[]]).optional() });
}

/** The layer form of one model schema. */
export function toLayer(schema: z.ZodType): z.ZodType {
  const s = unwrap(schema);
  // A trigger or an action is replaced whole, so a child writes it in full.
  if (oneKeyObjects.has(s)) return s;
  switch (kindOf(s)) {
    case "object":
      return partialObject(objectShape(s)!);
    case "record": {
      const value = toLayer(recordValue(s)!);
      if (kindOf(value) !== "object") return s;
      return z.record(recordKey(s)! as z.core.$ZodRecordKey, (value as z.ZodObject).extend({ remove }));
    }
    case "array": {
      const keyField = keyedLists.get(s);
      if (!keyField) return s; // unkeyed lists are replaced whole
      const item = toLayer(arrayElement(s)!) as z.ZodObject;
      const shape = objectShape(unwrap(arrayElement(s)!));
      const keySchema = shape?.[keyField] ?? z.string();
      return z.array(item.extend({ [keyField]: keySchema, remove, before: position, after: position }));
    }
    case "union": {
      const union = unionOptions(s)!;
      return union.discriminator ? mergedUnion(union.options, union.discriminator) : s;
    }
    default:
      return s;
  }
}

/** A child blueprint still says what it is and names itself. */
export const BlueprintLayer = (toLayer(Blueprint) as z.ZodObject).extend({
  apiVersion: z.literal(API_VERSION),
  kind: z.literal("Blueprint"),
  metadata: (toLayer(Metadata) as z.ZodObject).extend({ name: Metadata.shape.name }),
  extends: z.string().min(1).describe("Relative path of the base blueprint"),
});
