/** What uses a list: the lists that filter on it (IN_LIST) and the workflows that name it, counted by revstack. */
import type { HubSpotClient } from "../../src/clients/hubspot";
import { count } from "../../src/words/describe";

export interface ListUsage {
  lists: number;
  workflows: number;
  /** The names of the lists that filter on it. */
  listNames: string[];
}

function filtersOn(branch: unknown, listId: string): boolean {
  if (!branch || typeof branch !== "object") return false;
  const b = branch as { filters?: Array<{ filterType?: string; listId?: unknown }>; filterBranches?: unknown[] };
  return (
    (b.filters ?? []).some((f) => f.filterType === "IN_LIST" && String(f.listId) === listId) ||
    (b.filterBranches ?? []).some((x) => filtersOn(x, listId))
  );
}

export async function listUsage(client: HubSpotClient, listId: string): Promise<ListUsage> {
  const others = (await client.lists.all()).filter((l) => l.listId !== listId && l.processingType !== "MANUAL");
  const using = (await client.lists.withFilters(others.map((l) => l.listId))).filter((l) =>
    filtersOn(l.filterBranch, listId),
  );
  return {
    lists: using.length,
    workflows: await client.lists.workflowsUsing(listId),
    listNames: using.map((l) => l.name),
  };
}

/** `2 lists (A, B) and 1 workflow` */
export function describeUsage(usage: ListUsage): string {
  const parts = [
    usage.lists > 0 ? `${count(usage.lists, "list")} (${usage.listNames.join(", ")})` : undefined,
    usage.workflows > 0 ? count(usage.workflows, "workflow") : undefined,
  ];
  return parts.filter(Boolean).join(" and ");
}

export const listRemovalRefused = (what: string, usage: ListUsage): string =>
  `${what} is used by ${describeUsage(usage)} in HubSpot: deleting it would break their filters or enrollment. ` +
  "Remove those uses first, or keep the list in the blueprint. Nothing was deleted.";
