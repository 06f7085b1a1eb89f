/**
 * What every compiled workflow is and shares (routing, SLA timers, notifications, automations): the shape the plan
 * hands to the providers, the blueprint's webhook prefix and n8n's workflow settings. Below the compilers, so
 * they import it and not each other.
 */
import type { Blueprint } from "../../blueprint/model";
import type { WorkflowDefinition } from "../../clients/n8n/types";

export interface CompiledWorkflow {
  /** Stable resource name, e.g. "routing" or "automation-stalled-deal-nudge". */
  key: string;
  definition: WorkflowDefinition;
  /** Production webhooks it serves (method + path), for the provider's uniqueness check and for callers. */
  webhooks: { method: "POST"; path: string }[];
  active: boolean;
  /** Parts of the blueprint this workflow cannot carry out as written (shown at preview). */
  warnings?: string[];
  /** The pipelines whose CRM ids it carries: it waits for those ids alone, so other CRM changes leave it alone. */
  pipelines?: string[];
}

/** Where a blueprint's webhooks live: `revstack/<blueprint name>/…`. */
export function webhookPrefix(bp: Blueprint): string {
  return `revstack/${bp.metadata.name}`;
}

/** n8n's settings for every workflow of a blueprint: v1 execution order, in the blueprint's timezone. */
export function settings(bp: Blueprint) {
  return { executionOrder: "v1" as const, ...(bp.metadata.timezone && { timezone: bp.metadata.timezone }) };
}
