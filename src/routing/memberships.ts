/**
 * Which lists a replayed or modelled lead is in, when routing rules test list membership. The leads say it (a lead
 * file's `lists`, a test case's `lists`) or the portal does (its memberships, read for the portal's leads); a tool
 * that cannot know it says so, rather than reading a lead as in no list.
 */
import type { Blueprint } from "../blueprint/model";
import { LIST_OBJECT_TYPE_IDS } from "../clients/hubspot/lists";
import { HubSpotClient, type HubSpotConnection } from "../clients/hubspot";
import { routingLists } from "../plan/n8n/list-memberships";
import { LeadFileError } from "./leads";

/** The lists the routing rules of these blueprints test, key → the list's name in HubSpot. */
export function testedLists(...blueprints: Blueprint[]): Map<string, string> {
  const lists = new Map<string, string>();
  for (const bp of blueprints) for (const key of routingLists(bp).keys) lists.set(key, bp.lists?.[key]?.name ?? key);
  return lists;
}

/** Refuses leads that do not say which lists they are in, when the rules test any. */
export function requireMemberships(
  blueprints: Blueprint[],
  leads: ReadonlyArray<{ id: string; lists?: string[] }>,
  source: string,
): void {
  const lists = [...testedLists(...blueprints).keys()];
  const unknown = leads.filter((l) => l.lists === undefined);
  if (lists.length === 0 || unknown.length === 0) return;
  throw new LeadFileError(
    `the routing rules test membership of list ${lists.join(", ")}, and ${unknown.length} of the ${leads.length} leads ` +
      `of ${source} do not say which lists they are in (the first: ${unknown[0].id}); give each lead its "lists" ` +
      `(keys of lists:, in JSONL, or a lists column in CSV, separated by ";"), or read the leads from the portal with --stack`,
  );
}

/**
 * The keys of the tested lists each contact is in, as the portal holds them: a list the portal does not have holds
 * nobody. Contacts, as routing reads leads.
 */
export async function portalMemberships(
  conn: HubSpotConnection,
  lists: Map<string, string>,
  ids: string[],
): Promise<Map<string, string[]>> {
  const client = new HubSpotClient(conn);
  const contacts = LIST_OBJECT_TYPE_IDS.contacts;
  const found = new Map<string, string>();
  for (const [key, name] of lists) {
    const list = await client.lists.find({ objectTypeId: contacts, name });
    if (list) found.set(String(list.listId), key);
  }
  const held = found.size > 0 ? await client.lists.memberships(contacts, ids) : new Map<string, string[]>();
  return new Map(ids.map((id) => [id, (held.get(id) ?? []).flatMap((listId) => found.get(listId) ?? []).sort()]));
}
