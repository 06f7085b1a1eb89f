import type { Blueprint } from "../../blueprint/model";
import type { N8nTarget } from "./nodes";
import { AutomationError, compileAutomation, runsInN8n } from "./automations";
import { compileInstrumentation } from "./instrumentation";
import { compileNotifications } from "./notify";
import type { CompiledWorkflow } from "./compiled";
import { compileRouting } from "./routing";

export type { N8nTarget } from "./nodes";
export type { CompiledWorkflow } from "./compiled";
export { webhookPrefix } from "./compiled";
export { FIRST_TOUCH_PROPERTIES, BREACH_PROPERTY } from "./routing";
export { AutomationError } from "./automations";
export { MIN_RETENTION_DAYS } from "./log-upkeep";
export { deliveryProblems, notificationUses, type NotifyChannels, type NotifyUse } from "./notify";

/** The tag that marks every workflow revstack manages. */
export const MANAGED_TAG = "managed-by-revstack";

/**
 * A resolved blueprint's routing rules, automations and metric instrumentation as n8n workflows. Pure and deterministic: the same
 * blueprint and target give byte-identical JSON. Throws AutomationError when an automation cannot be built
 * (e.g. a stage trigger before the CRM ids are known).
 */
export function compileN8n(bp: Blueprint, target: N8nTarget): CompiledWorkflow[] {
  const workflows = [
    ...compileRouting(bp, target),
    ...bp.automations.filter(runsInN8n).map((a) => compileAutomation(bp, a, target)),
    ...compileInstrumentation(bp, target),
    ...compileNotifications(bp, target),
  ];
  // n8n 2.x refuses the second workflow on a path only at activation; say which ones collide up front.
  const owners = new Map<string, string>();
  for (const w of workflows) {
    for (const hook of w.webhooks) {
      const other = owners.get(hook.path);
      if (other) throw new AutomationError(`${other} and ${w.key} both listen on webhook path /${hook.path}`);
      owners.set(hook.path, w.key);
    }
  }
  return workflows;
}
