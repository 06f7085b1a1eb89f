import * as pulumi from "@pulumi/pulumi";
import { tokenOf } from "../src/kinds";
import { pipelineKind } from "../src/kinds/pipeline";
import { propertyKind } from "../src/kinds/property";
import { propertyGroupKind } from "../src/kinds/property-group";
import { teamKind } from "../src/kinds/team";
import { userKind } from "../src/kinds/user";
import type { OwnershipInput } from "../src/ownership/decide";
import type { PlanOwnership } from "../src/ownership/plan";
import type { CrmPlan } from "../src/plan/crm";
import { Pipeline } from "../providers/pipeline";
import { Property } from "../providers/property";
import { PropertyGroup } from "../providers/property-group";
import { PipelineStage } from "../providers/stage";
import { User } from "../providers/user";
import { Team } from "../providers/team";
import { warn } from "./warn";

/** Each pipeline's HubSpot id and its stage ids by blueprint key, for what refers to them (the n8n workflows). */
export type DeclaredPipelines = Record<
  string,
  { id: pulumi.Output<string>; stageIds: pulumi.Output<Record<string, string>> }
>;

/**
 * Declares the CRM part of a plan under `parent`: property groups → properties, pipelines → stages, users → teams.
 * What another stack on the portal owns is not declared: this stack uses it as that stack applied it (see
 * program/ownership.ts). Returns the pipelines' ids.
 */
export function declareCrm(
  plan: CrmPlan,
  parent: pulumi.ComponentResource,
  ownership: PlanOwnership,
  labelHolders: Record<string, string[]> = {},
): DeclaredPipelines {
  const managed = <T extends object>(type: string, spec: T): (T & { ownership: OwnershipInput }) | undefined => {
    const decision = ownership.of(type, spec);
    return decision.kind === "manage" ? { ...spec, ownership: decision.input } : undefined;
  };
  const groups = new Map<string, PropertyGroup>();
  for (const g of plan.propertyGroups) {
    const args = managed(tokenOf(propertyGroupKind), g);
    if (args) groups.set(`${g.objectType}/${g.name}`, new PropertyGroup(`group.${g.key}`, args, { parent }));
  }
  for (const p of plan.properties) {
    const group = groups.get(`${p.objectType}/${p.groupName}`);
    const args = managed(tokenOf(propertyKind), p);
    if (args) new Property(`property.${p.key}`, args, { parent, dependsOn: group ? [group] : [] });
  }

  const pipelines: DeclaredPipelines = {};
  for (const spec of plan.pipelines) {
    const decision = ownership.of(tokenOf(pipelineKind), spec);
    if (decision.kind === "reference") {
      // Owned by another stack: its ids as that stack recorded them, for the workflows that refer to it.
      const outputs = decision.owner.outputs as { stageIds?: Record<string, string> };
      pipelines[spec.key] = {
        id: pulumi.output(decision.owner.id ?? ""),
        stageIds: pulumi.output(outputs.stageIds ?? {}),
      };
      continue;
    }
    // Pipelines whose label this one takes (program/label-swaps.ts): only there when a label is passed on.
    const holders = labelHolders[spec.key] ? { labelHolders: labelHolders[spec.key] } : {};
    const pipeline = new Pipeline(
      `pipeline.${spec.key}`,
      { ...spec, ownership: decision.input, ...holders },
      { parent },
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
  }

  const users = new Map(
    plan.users.flatMap((spec) => {
      const args = managed(tokenOf(userKind), spec);
      return args ? [[spec.email, new User(`user.${spec.key}`, args, { parent })] as const] : [];
    }),
  );
  // A team's members must be users first; removing a member from a team happens before the user is deleted.
  for (const spec of plan.teams) {
    const args = managed(tokenOf(teamKind), spec);
    if (args)
      new Team(`team.${spec.key}`, args, {
        parent,
        dependsOn: spec.members.flatMap((email) => users.get(email) ?? []),
      });
  }
  const declared = [...users.values()];
  pulumi.all(declared.map((u) => u.unmatched)).apply((lists) => {
    const missing = [...new Set(lists.flatMap((l) => l ?? []))];
    if (missing.length === 0) return;
    const owners = lists.filter((l) => l?.length).length;
    warn(
      `The portal has no ${missing.join(", ")}, so ${owners} owner(s) were provisioned without them. ` +
        "HubSpot's API cannot create roles: create them in HubSpot (Settings › Users & Teams › Roles) and apply again.",
      parent,
    );
  });
  return pipelines;
}
