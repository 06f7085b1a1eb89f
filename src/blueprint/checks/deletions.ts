/**
 * The blueprint's `delete:` list: adopted objects this stack deletes instead of releasing. Each entry is a natural
 * key as `revstack:adoptObjects` writes it (the keys and their forms are ../object-keys.ts); HubSpot's own objects
 * can never be listed (revstack does not delete them). Which stack owns an object is known only when the stack
 * applies (the program refuses another stack's).
 */
import { didYouMean } from "../diagnostics";
import type { CrmObject } from "../model";
import { KEY_EXAMPLES, KEY_PREFIXES, keyForm, splitKey, splitObject, type KeyPrefix } from "../object-keys";
import type { Check } from "./context";
import { BUILTIN_PIPELINES } from "./builtin-pipelines";
import { BUILTIN_GROUPS, BUILTIN_PROPERTIES } from "./builtin-properties";

/** Whether HubSpot made the object a key of this prefix names (for the prefixes whose keys hold an object type). */
const HUBSPOT_OWN: { [P in KeyPrefix]?: (object: CrmObject, name: string) => boolean } = {
  property: (object, name) => BUILTIN_PROPERTIES[object].includes(name),
  group: (object, name) => BUILTIN_GROUPS[object].includes(name),
  pipeline: (object, name) =>
    Object.values(BUILTIN_PIPELINES).some(
      (p) => p.pipeline.object === object && p.pipeline.label.toLowerCase() === name.toLowerCase(),
    ),
};

/** What is wrong with one entry, or undefined when it is a key revstack can delete by. */
export function deletionProblem(entry: string): string | undefined {
  const { prefix: kind, rest: written } = splitKey(entry);
  const rest = written.trim();
  const form = keyForm(kind);
  if (!form)
    return `"${entry}" is not an object key: it starts with ${KEY_PREFIXES.join(":, ")}: (e.g. ${KEY_EXAMPLES})${didYouMean(kind, KEY_PREFIXES)}`;
  if (!rest) return `"${entry}" names no object after "${kind}:" (e.g. ${KEY_EXAMPLES})`;
  if (form.by === "email")
    return /^[^@\s]+@[^@\s]+$/.test(rest)
      ? undefined
      : `"${entry}": a ${kind} is named by its email, e.g. ${form.example}`;
  if (!form.objects) return undefined;
  const { object, name: named } = splitObject(rest);
  const name = named.trim();
  if (!form.objects.includes(object))
    return `"${entry}": unknown object type "${object}" for a ${kind}; one of ${form.objects.join(", ")}${didYouMean(object, form.objects)}`;
  if (!name) return `"${entry}" names no ${kind} after "${kind}:${object}/"`;
  return HUBSPOT_OWN[kind as KeyPrefix]?.(object as CrmObject, name)
    ? `"${entry}" is one of HubSpot's own objects: revstack never deletes those (leave it out of the blueprint and it is released)`
    : undefined;
}

export const checkDeletions: Check = (c) => {
  (c.blueprint.delete ?? []).forEach((entry, i) => {
    const problem = deletionProblem(entry);
    if (problem) c.findings.error(["delete", i], problem);
  });
};
