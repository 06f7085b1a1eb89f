/**
 * Ownership decisions for a whole CRM plan, made before the program declares any resource, so a conflict stops
 * the run before the engine writes anything.
 */
import { CRM_KINDS, plannedObjects, type CrmPlan } from "../plan/crm";
import { decide, OwnershipError, type AdoptSettings, type Decision } from "./decide";
import { describeKey, naturalKey, sameKey } from "./keys";
import type { Registry } from "./registry";
import { tokenOf } from "../kinds";

export interface PlanOwnership {
  /** The decision for the object with this natural key (compared in lower case). */
  of(type: string, spec: object): Decision;
  /** Objects this stack uses without owning: natural key → owning stack (the stack's `revstack` output). */
  references: Record<string, string>;
  /** One message per object another stack owns and this blueprint declares differently; empty when none. */
  errors: string[];
  /** Keys in `revstack:adoptObjects` the blueprint does not declare (they adopt nothing). */
  unusedAdoptKeys: string[];
}

/** Every object of the plan with its resource type. */
export function planObjects(plan: CrmPlan): Array<{ type: string; spec: object }> {
  return CRM_KINDS.flatMap((kind) => plannedObjects(plan, kind).map((spec) => ({ type: tokenOf(kind), spec })));
}

export function decidePlan(plan: CrmPlan, registry: Registry, adopt: AdoptSettings): PlanOwnership {
  const decisions = new Map<string, Decision>();
  const errors: string[] = [];
  const references: Record<string, string> = {};
  const keyOf = (type: string, spec: object) => naturalKey(type, spec as Record<string, unknown>) ?? "";
  for (const { type, spec } of planObjects(plan)) {
    const key = keyOf(type, spec);
    try {
      const decision = decide(registry, key, describeKey(key), spec as Record<string, unknown>, adopt);
      decisions.set(sameKey(key), decision);
      if (decision.kind === "reference") references[key] = decision.owner.stack;
    } catch (err) {
      if (!(err instanceof OwnershipError)) throw err;
      errors.push(err.message);
    }
  }
  const declared = new Set(decisions.keys());
  return {
    of: (type, spec) =>
      decisions.get(sameKey(keyOf(type, spec))) ?? { kind: "manage", input: { stack: registry.stack } },
    references,
    errors,
    unusedAdoptKeys: adopt.keys.filter((k) => !declared.has(sameKey(k))),
  };
}
