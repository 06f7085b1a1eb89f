import type * as pulumi from "@pulumi/pulumi";

import { containsUnknown } from "../../src/kinds/unknown";

export { containsUnknown, UNKNOWN } from "../../src/kinds/unknown";

/** A canonical text of a value: object keys sorted, undefined and empty strings dropped, so equal means equal. */
export function canonical(value: unknown): string {
  return (
    JSON.stringify(value, (_k, v: unknown) => {
      if (typeof v !== "object" || v === null || Array.isArray(v)) return v === "" ? undefined : v;
      return Object.fromEntries(
        Object.entries(v)
          .filter(([, x]) => x !== undefined)
          .sort(([a], [b]) => a.localeCompare(b)),
      );
    }) ?? ""
  );
}

/** Fields whose desired value differs from the old (recorded or refreshed) value; an unknown value counts as a change. */
export function changedFields<T extends object>(olds: T, news: T, fields: Array<keyof T>): Array<keyof T> {
  return fields.filter((f) => containsUnknown(news[f]) || canonical(olds[f]) !== canonical(news[f]));
}

/**
 * The diff result every provider returns: always says whether anything changed, replaces when an identity
 * field changed, and deletes first in that case because HubSpot names must stay unique.
 */
export function diffOf<T extends object>(
  olds: T,
  news: T,
  updatable: Array<keyof T>,
  identity: Array<keyof T>,
): pulumi.dynamic.DiffResult {
  const replaces = changedFields(olds, news, identity).map(String);
  const changes = replaces.length > 0 || changedFields(olds, news, updatable).length > 0;
  return replaces.length > 0 ? { changes, replaces, deleteBeforeReplace: true } : { changes };
}
