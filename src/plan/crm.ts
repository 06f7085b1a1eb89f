/**
 * The desired state of the CRM side of a blueprint: what the HubSpot providers reconcile, one list per planned kind
 * of the registry (src/kinds/index.ts), each made by its kind (`planned.specs`). Every item has a stable `key` (the
 * Pulumi resource name) built from blueprint keys, never from HubSpot ids, so the same plan applies to any portal.
 * Field names follow HubSpot's where they meet it, so the providers map them 1:1.
 */
import type { Blueprint } from "../blueprint/model";
import { KINDS, REGISTRY, tokenOf, type AnyKind, type After } from "../kinds";

type Planned = Extract<(typeof REGISTRY)[number], { planned: object }>;

/** `{ pipelines: PipelineInputs[], properties: PropertyInputs[], … }`: each planned kind's list. */
export type CrmPlan = { [K in Planned as K["planned"]["list"]]: ReturnType<K["planned"]["specs"]> };

/** A kind the CRM plan lists. */
export type CrmKind = AnyKind & { planned: NonNullable<AnyKind["planned"]> };

/** The kinds the CRM plan lists, in the registry's order (pipelines, groups, properties, users, teams). */
export const CRM_KINDS: readonly CrmKind[] = KINDS.filter((k): k is CrmKind => k.planned !== undefined);

/**
 * The kinds in the registry's order, each after the kinds its `planned.after` names: those come first (custom
 * objects before pipelines, whose custom objects' pipelines need them).
 */
function declarationOrder(kinds: readonly CrmKind[]): CrmKind[] {
  const ordered: CrmKind[] = [];
  const visiting = new Set<CrmKind>();
  const visit = (kind: CrmKind): void => {
    if (visiting.has(kind)) return;
    visiting.add(kind);
    const needs = [kind.planned.after ?? []].flat().map((a: After<never>) => tokenOf(a.kind));
    kinds.filter((k) => k !== kind && needs.includes(tokenOf(k))).forEach(visit);
    ordered.push(kind);
  };
  kinds.forEach(visit);
  return ordered;
}

/** The order the program declares the planned kinds in (program/crm.ts). */
export const CRM_DECLARATION_ORDER: readonly CrmKind[] = declarationOrder(CRM_KINDS);

export function crmPlan(blueprint: Blueprint): CrmPlan {
  return Object.fromEntries(CRM_KINDS.map((k) => [k.planned.list, k.planned.specs(blueprint)])) as CrmPlan;
}

/** The objects of one planned kind, whatever their inputs (for code that handles every kind alike). */
export const plannedObjects = (plan: CrmPlan, kind: CrmKind): object[] =>
  (plan as unknown as Record<string, object[]>)[kind.planned.list];
