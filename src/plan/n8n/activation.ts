import type { WorkflowStaticData } from "../../clients/n8n/client";

/**
 * The static data a compiled workflow is created with: when it went live (`activatedAt`, ms). A poll's first window
 * starts there (./runtime/events.js), so the records changed between `pulumi up` and n8n's first poll are in it
 * however late that poll runs, and older history is not replayed.
 */
export const activationStaticData = (now: number): WorkflowStaticData => ({ global: { activatedAt: now } });
