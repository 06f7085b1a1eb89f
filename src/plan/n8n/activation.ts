import type { WorkflowStaticData } from "../../clients/n8n/client";

/**
 * The static data a compiled workflow is created with: when it went live (`activatedAt`, ms). A poll's first window
 * starts there (./runtime/events.js), so the records changed between `pulumi up` and n8n's first poll are in it
 * however late that poll runs, and older history is not replayed.
 */
export const activationStaticData = (now: number): WorkflowStaticData => ({ global: { activatedAt: now } });

/**
 * The static data the provider writes with a workflow (undefined: it stays as n8n has it). Created active: the moment
 * it goes live. Created off, it has not gone live: none, and the `pulumi up` that activates it (the blueprint turning
 * it on, or a repair of the workflow) writes that moment then, as long as its polls never started (no `since` in its
 * static data), so its first poll looks back to its activation, not its creation. One whose polls ran before goes
 * on from where they stopped when it is activated again: after a refresh the provider cannot tell the blueprint
 * turning it back on from a deactivation in n8n repaired, and a repaired workflow must not drop what happened
 * while it was off.
 */
export function staticDataToWrite(
  active: boolean,
  live: { active: boolean; staticData?: unknown } | undefined,
  now: number,
): WorkflowStaticData | undefined {
  if (!active || live?.active) return undefined;
  if (!live) return activationStaticData(now);
  const data = (typeof live.staticData === "string" ? JSON.parse(live.staticData) : live.staticData) as
    WorkflowStaticData | null | undefined;
  const state = data?.global ?? {};
  return state.since === undefined ? { global: { ...state, activatedAt: now } } : undefined;
}
