import type { HubSpotClient } from "../../src/clients/hubspot";

/**
 * What a guard finds: the refusal an apply stops with; a preview warns "pulumi up will stop here: <refusal>", or
 * `note` when the danger reads otherwise before the apply.
 */
export type Danger = string | { refusal: string; note: string };

export const refusalOf = (d: Danger): string => (typeof d === "string" ? d : d.refusal);

/** What a preview says of the danger: the refusal the apply will stop with, or the danger's own note. */
export const previewOf = (d: Danger): string => (typeof d === "string" ? `pulumi up will stop here: ${d}` : d.note);

/**
 * What a kind counts before a change loses data records hold: each says what would be lost, with the counts, and
 * what to do (undefined when nothing would be). The provider checks before its own write, and the program
 * (program/data-guards.ts) before anything is declared, so a run stops with nothing written.
 */
export interface DataGuards<I> {
  /** The kind's type token, `hubspot:Property`. */
  type: string;
  /** Before the object leaves the blueprint (deleted in HubSpot). */
  removed?(client: HubSpotClient, old: I): Promise<Danger | undefined>;
  /** Before an update from `old` to `next`. */
  changed?(client: HubSpotClient, old: I, next: I): Promise<Danger | undefined>;
}

/** Stops a provider's write with the refusal, if there is one. */
export async function refuse(refusal: Promise<Danger | undefined>): Promise<void> {
  const why = await refusal;
  if (why) throw new Error(refusalOf(why));
}
