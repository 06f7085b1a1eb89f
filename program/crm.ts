import * as pulumi from "@pulumi/pulumi";
import { resourceName, tokenOf, type After } from "../src/kinds";
import { pipelineKind, type PipelineInputs } from "../src/kinds/pipeline";
import { userKind } from "../src/kinds/user";
import type { OwnershipInput } from "../src/ownership/decide";
import type { PlanOwnership } from "../src/ownership/plan";
import { CRM_DECLARATION_ORDER, plannedObjects, type CrmKind, type CrmPlan } from "../src/plan/crm";
import { Pipeline } from "../providers/pipeline";
import { PipelineStage } from "../providers/stage";
import { KindResource } from "../providers/shared/resource";
import { warn } from "./warn";

/** Each pipeline's HubSpot id and its stage ids by blueprint key, for what refers to them (the n8n workflows). */
export type DeclaredPipelines = Record<
  string,
  { id: pulumi.Output<string>; stageIds: pulumi.Output<Record<string, string>> }
>;

/** The resources declared so far, by kind token and natural key: what a later kind's `planned.after` names. */
type Declared = Map<string, Map<string, pulumi.Resource>>;

/**
 * Declares the CRM part of a plan under `parent`, kind by kind in the registry's order (src/kinds/index.ts), each
 * object after the objects its kind's `planned.after` names (a property after its group, a team after its members).
 * What another stack on the portal owns is not declared: this stack uses it as that stack applied it (see
 * program/ownership.ts). Pipelines also declare their stages. Returns the pipelines' ids.
 */
export function declareCrm(
  plan: CrmPlan,
  parent: pulumi.ComponentResource,
  ownership: PlanOwnership,
  labelHolders: Record<string, string[]> = {},
): DeclaredPipelines {
  const declared: Declared = new Map();
  const pipelines: DeclaredPipelines = {};
  for (const kind of CRM_DECLARATION_ORDER) {
    const made = new Map<string, pulumi.Resource>();
    declared.set(tokenOf(kind), made);
    for (const spec of plannedObjects(plan, kind) as Array<{ key: string }>) {
      if (tokenOf(kind) === tokenOf(pipelineKind)) {
        const dependsOn = dependenciesOf(kind, spec, declared);
        const pipeline = declarePipeline(
          spec as PipelineInputs,
          { parent, dependsOn },
          ownership,
          labelHolders,
          pipelines,
        );
        if (pipeline) made.set(pipelineKind.naturalKey.of(spec as PipelineInputs), pipeline);
        continue;
      }
      const decision = ownership.of(tokenOf(kind), spec);
      if (decision.kind !== "manage") continue;
      const args: object = { ...spec, ownership: decision.input satisfies OwnershipInput };
      const dependsOn = dependenciesOf(kind, spec, declared);
      const resource = new KindResource(kind, resourceName(kind, spec), args, { parent, dependsOn });
      made.set(kind.naturalKey!.of(spec as never), resource);
    }
  }
  warnUnmatchedRoles([...(declared.get(tokenOf(userKind))?.values() ?? [])] as KindResource[], parent);
  return pipelines;
}

function dependenciesOf(kind: CrmKind, spec: object, declared: Declared): pulumi.Resource[] {
  const after = kind.planned.after;
  return [after ?? []].flat().flatMap((a: After<never>) => {
    const of = declared.get(tokenOf(a.kind));
    return a.keys(spec as never).flatMap((key) => of?.get(key) ?? []);
  });
}

/** A pipeline and its stages; one another stack owns is its ids as that stack recorded them. */
function declarePipeline(
  spec: PipelineInputs,
  opts: { parent: pulumi.ComponentResource; dependsOn: pulumi.Resource[] },
  ownership: PlanOwnership,
  labelHolders: Record<string, string[]>,
  pipelines: DeclaredPipelines,
): Pipeline | undefined {
  const decision = ownership.of(tokenOf(pipelineKind), spec);
  if (decision.kind === "reference") {
    // Owned by another stack: its ids as that stack recorded them, for the workflows that refer to it.
    const outputs = decision.owner.outputs as { stageIds?: Record<string, string> };
    pipelines[spec.key] = {
      id: pulumi.output(decision.owner.id ?? ""),
      stageIds: pulumi.output(outputs.stageIds ?? {}),
    };
    return undefined;
  }
  // Pipelines whose label this one takes (program/label-swaps.ts): only there when a label is passed on.
  const holders = labelHolders[spec.key] ? { labelHolders: labelHolders[spec.key] } : {};
  const pipeline = new Pipeline(
    resourceName(pipelineKind, spec),
    { ...spec, ownership: decision.input, ...holders },
    opts,
  );
  pipelines[spec.key] = { id: pipeline.id, stageIds: pipeline.stageIds };
  for (const stage of spec.stages) {
    new PipelineStage(
      `stage.${spec.key}.${stage.key}`,
      {
        ...stage,
        objectType: spec.objectType,
        pipelineId: pipeline.id,
        stageId: pipeline.stageIds.apply((ids) => ids[stage.key]),
      },
      { parent: pipeline },
    );
  }
  return pipeline;
}

/** HubSpot's API cannot create roles: the users whose role the portal lacks, in one warning. */
function warnUnmatchedRoles(users: KindResource[], parent: pulumi.ComponentResource): void {
  pulumi.all(users.map((u) => u.output<string[] | undefined>("unmatched"))).apply((lists) => {
    const missing = [...new Set(lists.flatMap((l) => l ?? []))];
    if (missing.length === 0) return;
    const owners = lists.filter((l) => l?.length).length;
    warn(
      `The portal has no ${missing.join(", ")}, so ${owners} owner(s) were provisioned without them. ` +
        "HubSpot's API cannot create roles: create them in HubSpot (Settings › Users & Teams › Roles) and apply again.",
      parent,
    );
  });
}
