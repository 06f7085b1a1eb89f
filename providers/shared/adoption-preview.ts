import type { HubSpotClient } from "../../src/clients/hubspot";
import { clientFor, type Settings } from "./config";
import { changedFields, containsUnknown } from "./diff";

/** What a preview learns about a resource the stack does not have yet: it exists in HubSpot and will be adopted. */
export interface Adopting {
  /** The live object's HubSpot id. */
  id: string;
  /** The fields adoption will write because the blueprint says otherwise (none: adoption writes nothing). */
  changes: string[];
}

/**
 * Called from `check`, the one provider call a preview makes for a resource it would create. With
 * `revstack:adopt` and no recorded state, it looks the natural key up in the run's bulk lists (cached: one read
 * per object type) and marks the inputs `adopting`, so `revstack preview` and `drift` can say "adopt" instead of
 * "create". Nothing is looked up for resources in the state, so a no-change run still makes no API calls. A
 * failed look-up only leaves the mark out: the create reports the real problem.
 */
export async function markAdoption<I extends object>(
  settings: Settings | undefined,
  olds: unknown,
  news: I,
  fields: Array<keyof I>,
  look: (client: HubSpotClient) => Promise<{ id: string; current: I } | undefined>,
): Promise<I & { adopting?: Adopting }> {
  const tracked = typeof olds === "object" && olds !== null && Object.keys(olds).length > 0;
  if (!settings?.adopt || !settings.connection || tracked || containsUnknown(news)) return news;
  try {
    const found = await look(clientFor(settings));
    if (!found) return news;
    return { ...news, adopting: { id: found.id, changes: changedFields(found.current, news, fields).map(String) } };
  } catch {
    return news;
  }
}
