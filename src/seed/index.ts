import type { Blueprint } from "../blueprint/model";
import type { HubSpotConnection } from "../clients/hubspot";
import { CrmApi } from "../reporting/crm-api";
import { progressBar } from "../reporting/progress";
import { contactBatches, dealBatches, leadEmail, type SeedOptions } from "./generate";
import { provisionForSeed } from "./provision";

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
 * Writes deterministic leads and deals for the blueprint into a portal, through the HubSpot API in batches. A
 * portal that already holds this seed's records is left alone, so running a demo twice changes nothing.
 */
export async function seedPortal(conn: HubSpotConnection, blueprint: Blueprint, opts: SeedOptions): Promise<SeedResult> {
  const api = new CrmApi(conn);
  if (opts.contacts > 0 && (await api.exists("contacts", "email", leadEmail(0, opts.seed)))) {
    return { contacts: 0, deals: 0, apiCalls: api.calls, alreadySeeded: true };
  }
  const portal = await provisionForSeed(api, blueprint);
  const contacts = await writeAll(api, "contacts", opts.contacts, contactBatches(blueprint, portal, opts));
  const deals = portal.pipelines.length ? await writeAll(api, "deals", opts.deals, dealBatches(blueprint, portal, opts)) : 0;
  return { contacts, deals, apiCalls: api.calls, alreadySeeded: false };
}

async function writeAll(api: CrmApi, objectType: string, total: number, batches: Iterator<Array<Record<string, string>>>): Promise<number> {
  const bar = progressBar(objectType, total);
  let written = 0;
  const worker = async () => {
    for (let next = batches.next(); !next.done; next = batches.next()) {
      await api.batchCreate(objectType, next.value);
      written += next.value.length;
      bar.advance(next.value.length);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  bar.done();
  return written;
}
