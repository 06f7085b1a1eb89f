import type { HubSpotClient } from "../../src/clients/hubspot";

/**
 * What a kind counts before a change loses data records hold: each says what would be lost, with the counts, and
 * what to do (undefined when nothing would be). The provider checks before its own write, and the program
 * (program/data-guards.ts) before anything is declared, so a run stops with nothing written.
 */
export interface DataGuards<I> {
  /** The kind's type token, `hubspot:Property`. */
  type: string;
  /** Before the object leaves the blueprint (deleted in HubSpot). */
  removed?(client: HubSpotClient, old: I): Promise<string | undefined>;
  /** Before an update from `old` to `next`. */
  changed?(client: HubSpotClient, old: I, next: I): Promise<string | undefined>;
}

/** Stops a provider's write with the refusal, if there is one. */
export async function refuse(refusal: Promise<string | undefined>): Promise<void> {
  const why = await refusal;
  if (why) throw new Error(why);
}
