/**
 * The blueprint's `delete:` list: adopted objects this stack deletes instead of releasing. Each entry is a natural
 * key as `revstack:adoptObjects` writes it; HubSpot's own objects can never be listed (revstack does not delete
 * them). Which stack owns an object is known only when the stack applies (the program refuses another stack's).
 */
import { didYouMean } from "../diagnostics";
import type { Check } from "./context";
import { BUILTIN_PIPELINES } from "./builtin-pipelines";
import { BUILTIN_GROUPS, BUILTIN_PROPERTIES } from "./builtin-properties";

const KINDS = ["property", "group", "pipeline", "user", "team"];
const OBJECTS: Record<string, readonly string[]> = {
  property: ["contacts", "companies", "deals", "tickets"],
  group: ["contacts", "companies", "deals", "tickets"],
  pipeline: ["deals", "tickets"],
};
const EXAMPLE =
  "e.g. property:deals/lead_source, group:contacts/legacy, pipeline:deals/Old Sales, user:jo@example.com, team:Old team";

/** What is wrong with one entry, or undefined when it is a key revstack can delete by. */
export function deletionProblem(entry: string): string | undefined {
  const colon = entry.indexOf(":");
  const kind = colon < 0 ? entry : entry.slice(0, colon);
  const rest = colon < 0 ? "" : entry.slice(colon + 1).trim();
  if (!KINDS.includes(kind))
    return `"${entry}" is not an object key: it starts with ${KINDS.join(":, ")}: (${EXAMPLE})${didYouMean(kind, KINDS)}`;
  if (!rest) return `"${entry}" names no object after "${kind}:" (${EXAMPLE})`;
  if (kind === "user")
    return /^[^@\s]+@[^@\s]+$/.test(rest)
      ? undefined
      : `"${entry}": a user is named by its email, e.g. user:jo@example.com`;
  if (kind === "team") return undefined;
  const slash = rest.indexOf("/");
  const object = slash < 0 ? rest : rest.slice(0, slash);
  const name = slash < 0 ? "" : rest.slice(slash + 1).trim();
  if (!OBJECTS[kind].includes(object))
    return `"${entry}": unknown object type "${object}" for a ${kind}; one of ${OBJECTS[kind].join(", ")}${didYouMean(object, OBJECTS[kind])}`;
  if (!name) return `"${entry}" names no ${kind} after "${kind}:${object}/"`;
  return builtinProblem(kind, object, name, entry);
}

function builtinProblem(kind: string, object: string, name: string, entry: string): string | undefined {
  const builtin =
    (kind === "property" && BUILTIN_PROPERTIES[object as "deals"].includes(name)) ||
    (kind === "group" && BUILTIN_GROUPS[object as "deals"].includes(name)) ||
    (kind === "pipeline" &&
      Object.values(BUILTIN_PIPELINES).some(
        (p) => p.pipeline.object === object && p.pipeline.label.toLowerCase() === name.toLowerCase(),
      ));
  return builtin
    ? `"${entry}" is one of HubSpot's own objects: revstack never deletes those (leave it out of the blueprint and it is released)`
    : undefined;
}

export const checkDeletions: Check = (c) => {
  (c.blueprint.delete ?? []).forEach((entry, i) => {
    const problem = deletionProblem(entry);
    if (problem) c.findings.error(["delete", i], problem);
  });
};
