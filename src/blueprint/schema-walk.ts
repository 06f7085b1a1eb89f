/**
 * Navigating the zod model alongside a value: which schema describes the value at a path. Used for
 * did-you-mean (which keys are allowed here?) and to let `extends` merge lists by their key field.
 */
import { z } from "zod";
import type { PathSegment } from "./diagnostics";

type Def = { type: string; [k: string]: unknown };

function def(schema: z.ZodType): Def {
  return (schema as unknown as { _zod: { def: Def } })._zod.def;
}

/** Strips optional/default/nullable wrappers down to the schema that says what the value is. */
export function unwrap(schema: z.ZodType): z.ZodType {
  let current = schema;
  for (;;) {
    const d = def(current);
    if (["optional", "default", "prefault", "nullable", "readonly", "catch", "nonoptional"].includes(d.type)) {
      current = d.innerType as z.ZodType;
    } else if (d.type === "pipe") {
      current = d.in as z.ZodType;
    } else {
      return current;
    }
  }
}

export function kindOf(schema: z.ZodType): string {
  return def(unwrap(schema)).type;
}

export function objectShape(schema: z.ZodType): Record<string, z.ZodType> | undefined {
  const d = def(unwrap(schema));
  return d.type === "object" ? (d.shape as Record<string, z.ZodType>) : undefined;
}

export function arrayElement(schema: z.ZodType): z.ZodType | undefined {
  const d = def(unwrap(schema));
  return d.type === "array" ? (d.element as z.ZodType) : undefined;
}

export function recordValue(schema: z.ZodType): z.ZodType | undefined {
  const d = def(unwrap(schema));
  return d.type === "record" ? (d.valueType as z.ZodType) : undefined;
}

export function recordKey(schema: z.ZodType): z.ZodType | undefined {
  const d = def(unwrap(schema));
  return d.type === "record" ? (d.keyType as z.ZodType) : undefined;
}

export function unionOptions(schema: z.ZodType): { options: z.ZodType[]; discriminator?: string } | undefined {
  const d = def(unwrap(schema));
  if (d.type !== "union") return undefined;
  return { options: d.options as z.ZodType[], discriminator: d.discriminator as string | undefined };
}

/** The literal value of a discriminated union member's discriminator field. */
export function literalOf(schema: z.ZodType): unknown {
  const d = def(unwrap(schema));
  return d.type === "literal" ? (d.values as unknown[])[0] : undefined;
}

/** For a union value, the member that applies: by discriminator, or the only object member with all its keys. */
export function unionMember(schema: z.ZodType, value: unknown): z.ZodType | undefined {
  const union = unionOptions(schema);
  if (!union) return undefined;
  if (union.discriminator && value && typeof value === "object") {
    const tag = (value as Record<string, unknown>)[union.discriminator];
    return union.options.find((option) => literalOf(objectShape(option)?.[union.discriminator!] ?? z.never()) === tag);
  }
  return undefined;
}

/** The schema of the child at `segment` of a value described by `schema` (undefined when the model has none). */
export function childSchema(schema: z.ZodType, value: unknown, segment: PathSegment): z.ZodType | undefined {
  const s = unwrap(schema);
  const kind = kindOf(s);
  if (kind === "object") return objectShape(s)?.[String(segment)];
  if (kind === "array") return arrayElement(s);
  if (kind === "record") return recordValue(s);
  if (kind === "union") {
    const member = unionMember(s, value);
    return member ? childSchema(member, value, segment) : undefined;
  }
  return undefined;
}

/** The schema at a path, following the value so unions can pick their member. */
export function schemaAt(root: z.ZodType, value: unknown, path: readonly PathSegment[]): z.ZodType | undefined {
  let schema: z.ZodType | undefined = root;
  let current = value;
  for (const segment of path) {
    if (!schema) return undefined;
    schema = childSchema(schema, current, segment);
    current = current && typeof current === "object" ? (current as Record<PathSegment, unknown>)[segment] : undefined;
  }
  return schema;
}

/** Keys a map at this place may have (object fields, or the union of a union member's fields). */
export function allowedKeys(schema: z.ZodType, value: unknown): string[] {
  const shape = objectShape(schema) ?? objectShape(unionMember(schema, value) ?? z.never());
  return shape ? Object.keys(shape) : [];
}
