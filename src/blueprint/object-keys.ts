/**
 * The objects a blueprint (and a stack's `revstack:adoptObjects`, and `revstack release`) can name by key:
 * `<prefix>:<rest>`, e.g. `property:deals/lead_source`, `user:jo@example.com`. Stacks on one portal compare
 * these keys to know which objects they share. This table is the one list of prefixes: the blueprint's
 * `delete:` check reads it, and each kind's natural key (src/kinds) takes its prefix from it.
 */
import { CrmObject, PipelineObject } from "./crm-objects";

interface ObjectKeyForm {
  /** The object types the rest starts with (`deals/lead_source`); none when the rest is the name alone. */
  objects?: readonly string[];
  /** What names the object within its type: a user by email, the others by name or label. */
  by: "name" | "label" | "email";
  /** One key of this kind, shown in messages about keys. */
  example: string;
}

export const OBJECT_KEYS = {
  property: { objects: CrmObject.options, by: "name", example: "property:deals/lead_source" },
  group: { objects: CrmObject.options, by: "name", example: "group:contacts/legacy" },
  pipeline: { objects: PipelineObject.options, by: "label", example: "pipeline:deals/Old Sales" },
  user: { by: "email", example: "user:jo@example.com" },
  team: { by: "name", example: "team:Old team" },
  flow: { by: "name", example: "flow:Lead nurture" },
  list: { objects: CrmObject.options, by: "name", example: "list:contacts/Enterprise ICP" },
  schema: { by: "name", example: "schema:subscription" },
  // An association label's rest is `<from>/<to>/<name>`: the pair of objects it joins, then its internal name.
  label: { by: "name", example: "label:deals/contacts/decision_maker" },
  form: { by: "name", example: "form:Contact sales" },
} as const satisfies Record<string, ObjectKeyForm>;

export type KeyPrefix = keyof typeof OBJECT_KEYS;

/** Every prefix, in the table's order. */
export const KEY_PREFIXES = Object.keys(OBJECT_KEYS) as KeyPrefix[];

/** Each prefix by name, for code that names one kind's prefix (`KEY_PREFIX.property`) without restating it. */
export const KEY_PREFIX = Object.fromEntries(KEY_PREFIXES.map((p) => [p, p])) as { readonly [P in KeyPrefix]: P };

/** One example of every kind of key, for messages: `property:deals/lead_source, group:contacts/legacy, …`. */
export const KEY_EXAMPLES = KEY_PREFIXES.map((p) => OBJECT_KEYS[p].example).join(", ");

/** The form of every kind of key, for help texts: `property:<object>/<name>, …, user:<email>, team:<name>`. */
export const KEY_FORMS = KEY_PREFIXES.map((p) => {
  const form: ObjectKeyForm = OBJECT_KEYS[p];
  return `${p}:${form.objects ? "<object>/" : ""}<${form.by}>`;
}).join(", ");

/** The form a key of this prefix takes, or undefined when the prefix is not one a key can have. */
export function keyForm(prefix: string): ObjectKeyForm | undefined {
  return Object.hasOwn(OBJECT_KEYS, prefix) ? OBJECT_KEYS[prefix as KeyPrefix] : undefined;
}

/** `property` and `deals/lead_source` make `property:deals/lead_source`. */
export const joinKey = (prefix: string, rest: string): string => `${prefix}:${rest}`;

/** The key of an object of one object type: `objectKey("property", "deals", "lead_source")`. */
export const objectKey = (prefix: KeyPrefix, object: string, name: string): string =>
  joinKey(prefix, `${object}/${name}`);

/** A key's prefix and rest, split at its first colon (no colon: all of it is the prefix, the rest is empty). */
export function splitKey(key: string): { prefix: string; rest: string } {
  const colon = key.indexOf(":");
  return colon < 0 ? { prefix: key, rest: "" } : { prefix: key.slice(0, colon), rest: key.slice(colon + 1) };
}

/** A rest's object type and name, split at its first slash (`deals/Old Sales` → `deals`, `Old Sales`). */
export function splitObject(rest: string): { object: string; name: string } {
  const slash = rest.indexOf("/");
  return slash < 0 ? { object: rest, name: "" } : { object: rest.slice(0, slash), name: rest.slice(slash + 1) };
}
