/**
 * The blueprint's `delete:` list at apply time: which adopted objects this stack deletes instead of releasing. Only
 * what this stack owns can be listed: an object another stack owns stops the run before any write, and a key this
 * stack does not manage deletes nothing (said as a warning, with the nearest key the stack does manage).
 */
import { closest } from "../blueprint/diagnostics";
import { OwnershipError } from "./decide";
import { describeKey, sameKey } from "./keys";
import { own, ownerOf, type Registry } from "./registry";

export interface Deletions {
  /** The listed keys this stack manages: its `revstack` output carries them to the providers' delete. */
  keys: string[];
  warnings: string[];
}

export function decideDeletions(registry: Registry, listed: string[], declared: Set<string>): Deletions {
  const mine = own(registry).claims.filter((c) => c.state === "managed");
  const keys: string[] = [];
  const warnings: string[] = [];
  const errors: string[] = [];
  for (const key of listed) {
    const owner = ownerOf(registry, key);
    if (owner) {
      errors.push(
        `The blueprint's delete: list names ${describeKey(key)} (${key}), which stack "${owner.stack}" owns: only that stack ` +
          "can delete it. Take it out of this blueprint's delete: list. Nothing was applied.",
      );
      continue;
    }
    if (mine.some((c) => sameKey(c.key) === sameKey(key))) {
      keys.push(key);
      continue;
    }
    if (declared.has(sameKey(key))) continue;
    const near = closest(
      key,
      mine.map((c) => c.key),
    );
    warnings.push(
      `The blueprint's delete: list names ${key}, which this stack does not manage (already deleted, released, or never taken): ` +
        `nothing is deleted${near ? `; did you mean "${near}"?` : "."}`,
    );
  }
  if (errors.length > 0) throw new OwnershipError(errors.join("\n"));
  return { keys, warnings };
}
