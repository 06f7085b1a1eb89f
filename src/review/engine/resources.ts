/**
 * How each resource type reads in a review: its kind's words (src/kinds), or, for a type revstack does not know,
 * its top-level inputs by name. Internal fields (ids, keys, the serialized `__provider`) are never shown.
 */
import { isDeepStrictEqual } from "node:util";
import { KINDS, kindOfType, type Props, type RecordedKind } from "../../kinds";
import type { KindWords, WordedField } from "../../kinds/kind";
import { fieldChange, quote, show } from "../../words/describe";
import { isUnknown } from "./digest";

/**
 * A kind as the review renders it, over the engine's JSON: its words and the fields that read as one line each.
 * `kindOfType` (src/kinds) is where that JSON meets the kind's types.
 */
export interface Resource extends KindWords<Props> {
  fields: ReadonlyArray<WordedField<Props>>;
  isHubSpotDefault?: RecordedKind["isHubSpotDefault"];
}

const resourceOf = (kind: RecordedKind): Resource => ({
  ...kind.words,
  fields: kind.fields,
  isHubSpotDefault: kind.isHubSpotDefault,
});

/** What the engine records that is revstack's plumbing, not something a user wrote. */
const INTERNAL = new Set(["__provider", "key", "ownership", ...KINDS.flatMap((k) => k.outputOnly)]);

/** A resource type no kind describes (e.g. a newer provider): its top-level inputs, by name. */
function genericResource(type: string): Resource {
  const name = type.split(":").pop() ?? type;
  const subjectOf = (p: Props) => `${name} ${quote(String(p.name ?? p.label ?? p.key ?? ""))}`;
  return {
    section: type.startsWith("n8n:") ? "automations" : "blueprint",
    scope: () => undefined,
    subject: subjectOf,
    fields: [],
    extra: (old, next, out) => {
      const keys = [...new Set([...Object.keys(old), ...Object.keys(next)])].filter((k) => !INTERNAL.has(k));
      for (const k of keys) {
        if (isUnknown(next[k])) continue;
        const nested = typeof old[k] === "object" || typeof next[k] === "object";
        const change = nested
          ? isDeepStrictEqual(old[k], next[k])
            ? undefined
            : `${k} changed`
          : fieldChange(k, old[k], next[k], show);
        if (change) out.changed(`${subjectOf(next)} ${change}`);
      }
    },
  };
}

/** How a resource of this type (`hubspot:Property`, with or without `pulumi-nodejs:dynamic/`) reads. */
export function resourceFor(type: string): Resource {
  const kind = kindOfType(type);
  return kind ? resourceOf(kind) : genericResource(type);
}
