/**
 * Recent leads from the portal, for the routing impact: contacts created in the last `--since`, oldest first,
 * with the properties the rules read, through the search endpoint (read-only, at most 10,000), and the lists the rules
 * test that each is in (./memberships.ts).
 */
import type { Blueprint } from "../blueprint/model";
import { parseDuration } from "../blueprint/duration";
import { leadProperties } from "../plan/n8n/routing";
import { HubSpotClient, type HubSpotConnection } from "../clients/hubspot";
import { byArrival, LeadFileError, type Lead } from "./leads";
import { portalMemberships } from "./memberships";

/** What the rules of these blueprints read (condition and territory properties), as the workflow reads them. */
export function routingProperties(...blueprints: Blueprint[]): string[] {
  return [...new Set(blueprints.flatMap((bp) => [...leadProperties(bp)]))].sort();
}

export function sinceInstant(text: string, now = Date.now()): number {
  const parsed = parseDuration(text);
  if (!parsed.ok) throw new LeadFileError(`--since: ${parsed.message}`);
  return now - parsed.minutes * 60_000;
}

export async function portalLeads(
  conn: HubSpotConnection,
  since: number,
  properties: string[],
  lists: Map<string, string> = new Map(),
): Promise<Lead[]> {
  const { total, records } = await new HubSpotClient(conn).recordsCreatedSince("contacts", since, properties);
  if (total > records.length) {
    throw new LeadFileError(
      `the portal has ${total} contacts created since ${new Date(since).toISOString()}; the replay reads at most ${records.length || 10_000}: give a shorter --since`,
    );
  }
  const held =
    lists.size > 0
      ? await portalMemberships(
          conn,
          lists,
          records.map((r) => String(r.id)),
        )
      : undefined;
  return byArrival(
    records.map((r) => {
      const { createdate, ...rest } = r.properties;
      const props = Object.fromEntries(
        Object.entries(rest).filter((e): e is [string, string] => e[1] != null && e[1] !== ""),
      );
      const at = /^\d+$/.test(String(createdate)) ? Number(createdate) : Date.parse(String(createdate));
      return { id: r.id, createdAt: at, properties: props, ...(held && { lists: held.get(String(r.id)) }) };
    }),
  );
}
