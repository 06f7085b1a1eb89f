import type { Blueprint } from "../blueprint/model";
import { HubSpotClient, type HubSpotConnection } from "../clients/hubspot";
import { progressBar } from "../reporting/progress";
import { contactBatches, dealBatches, leadEmail, type SeedOptions } from "./generate";
import { portalForSeed } from "./provision";

export type { SeedOptions } from "./generate";

/** Batches in flight at once: enough to keep the rate limit busy, few enough to stay polite. */
const CONCURRENCY = 4;

export interface SeedResult {
  contacts: number;
  deals: number;
  apiCalls: number;
  /** True when the portal already held this seed's records, so nothing was written. */
  alreadySeeded: boolean;
}

/**
 * Writes deterministic leads and deals for the blueprint into a portal the blueprint was applied to, through the
 * HubSpot API in batches. A portal that already holds this seed's records is left alone, so running a demo twice
 * changes nothing.
 */
export async function seedPortal(
  conn: HubSpotConnection,
  blueprint: Blueprint,
  opts: SeedOptions,
): Promise<SeedResult> {
  const client = new HubSpotClient(conn);
  // Batch creates are never resent (records have no natural key), so idempotence is this look-up of the first lead.
  if (
    opts.contacts > 0 &&
    (await client.countRecords("contacts", { property: "email", value: leadEmail(0, opts.seed) })) > 0
  ) {
    return { contacts: 0, deals: 0, apiCalls: client.calls, alreadySeeded: true };
  }
  const portal = await portalForSeed(client, blueprint);
  const contacts = await writeAll(client, "contacts", opts.contacts, contactBatches(blueprint, portal, opts));
  const deals = portal.pipelines.length
    ? await writeAll(client, "deals", opts.deals, dealBatches(blueprint, portal, opts))
    : 0;
  return { contacts, deals, apiCalls: client.calls, alreadySeeded: false };
}

async function writeAll(
  client: HubSpotClient,
  objectType: string,
  total: number,
  batches: Iterator<Array<Record<string, string>>>,
): Promise<number> {
  const bar = progressBar(objectType, total);
  let written = 0;
  const worker = async () => {
    for (let next = batches.next(); !next.done; next = batches.next()) {
      await client.createRecords(objectType, next.value);
      written += next.value.length;
      bar.advance(next.value.length);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  bar.done();
  return written;
}
