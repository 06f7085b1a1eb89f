import type { Blueprint } from "../../blueprint/model";
import type { N8nTarget } from "./nodes";
import { compileRouting, type CompiledWorkflow } from "./routing";

export type { N8nTarget } from "./nodes";
export type { CompiledWorkflow } from "./routing";
export { webhookPrefix, FIRST_TOUCH_PROPERTIES, BREACH_PROPERTY } from "./routing";

/** The tag that marks every workflow revstack manages. */
export const MANAGED_TAG = "managed-by-revstack";

/**
 * A resolved blueprint's routing rules (and, later, automations) as n8n workflows. Pure and deterministic:
 * the same blueprint and target give byte-identical JSON.
 */
export function compileN8n(bp: Blueprint, target: N8nTarget): CompiledWorkflow[] {
  return compileRouting(bp, target);
}
