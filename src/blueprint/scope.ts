/**
 * Which records a business unit's stack acts on (the blueprint's `scope`), in one place for the checks, the compiled
 * workflows and the check of stacks that share a portal.
 */
import { pipelineNamed } from "./checks/builtin-pipelines";
import type { Automation, Blueprint, RecordObject, Scalar, Scope } from "./model";

/** The CRM object whose records an automation acts on, or undefined for a schedule (no record). */
export function recordsOf(bp: Blueprint, a: Automation): RecordObject | undefined {
  const on = a.on;
  if (on.recordCreated) return on.recordCreated.object;
  if (on.propertyChanged) return on.propertyChanged.object;
  const stage = on.stageEntered ?? on.stageStalled;
  if (stage) return pipelineNamed(bp, stage.pipeline)?.object ?? "deals";
  if (on.webhook || on.slaBreached || on.listJoined) return "contacts";
  return undefined;
}

/** The objects the scope's property must exist on: those of the automations' records, and contacts when it routes. */
export function scopedObjects(bp: Blueprint): Map<RecordObject, number[]> {
  const objects = new Map<RecordObject, number[]>();
  bp.automations.forEach((a, i) => {
    const object = recordsOf(bp, a);
    if (object) objects.set(object, [...(objects.get(object) ?? []), i]);
  });
  if (bp.routing.length > 0 && !objects.has("contacts")) objects.set("contacts", []);
  return objects;
}

/** A scope value as HubSpot stores and compares it: text, case-insensitively. */
export const scopeValue = (value: Scalar): string => String(value).toLowerCase();

/** Two stacks' records are apart only when both scope them by the same property with different values. */
export function scopesApart(a: Scope | undefined, b: Scope | undefined): boolean {
  return a !== undefined && b !== undefined && a.property === b.property && scopeValue(a.value) !== scopeValue(b.value);
}
