import type { Blueprint } from "../../blueprint/model";
import type { N8nTarget } from "./nodes";
import { compileAutomation } from "./automations";
import { compileRouting, type CompiledWorkflow } from "./routing";

export type { N8nTarget } from "./nodes";
export type { CompiledWorkflow } from "./routing";
export { webhookPrefix, FIRST_TOUCH_PROPERTIES, BREACH_PROPERTY } from "./routing";
export { AutomationError } from "./automations";

/** The tag that marks every workflow revstack manages. */
export const MANAGED_TAG = "managed-by-revstack";

/**
 * A resolved blueprint's routing rules and automations as n8n workflows. Pure and deterministic: the same
 * blueprint and target give byte-identical JSON. Throws AutomationError when an automation cannot be built
 * (e.g. a stage trigger before the CRM ids are known).
 */
export function compileN8n(bp: Blueprint, target: N8nTarget): CompiledWorkflow[] {
  return [...compileRouting(bp, target), ...bp.automations.map((a) => compileAutomation(bp, a, target))];
}
