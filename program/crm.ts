import * as pulumi from "@pulumi/pulumi";
import type { CrmPlan } from "../src/plan/crm";
import { Pipeline } from "../providers/pipeline";
import { Property } from "../providers/property";
import { PropertyGroup } from "../providers/property-group";
import { PipelineStage } from "../providers/stage";
import { User } from "../providers/user";
import { Team } from "../providers/team";

/** Each pipeline's HubSpot id and its stage ids by blueprint key, for what refers to them (the n8n workflows). */
export type DeclaredPipelines = Record<string, { id: pulumi.Output<string>; stageIds: pulumi.Output<Record<string, string>> }>;

/**
 * Declares the CRM part of a plan under `parent`: property groups → properties, pipelines → stages, users → teams.
 * Returns the pipelines' ids.
 */
export function declareCrm(plan: CrmPlan, parent: pulumi.ComponentResource): DeclaredPipelines {
  const groups = new Map(plan.propertyGroups.map((g) => [`${g.objectType}/${g.name}`, new PropertyGroup(`group.${g.key}`, g, { parent })]));
  for (const p of plan.properties) {
    const group = groups.get(`${p.objectType}/${p.groupName}`);
    new Property(`property.${p.key}`, p, { parent, dependsOn: group ? [group] : [] });
  }

  const pipelines: DeclaredPipelines = {};
  for (const spec of plan.pipelines) {
    const pipeline = new Pipeline(`pipeline.${spec.key}`, spec, { parent });
    pipelines[spec.key] = { id: pipeline.id, stageIds: pipeline.stageIds };
    for (const stage of spec.stages) {
      new PipelineStage(`stage.${spec.key}.${stage.key}`, {
        ...stage,
        objectType: spec.objectType,
        pipelineId: pipeline.id,
        stageId: pipeline.stageIds.apply((ids) => ids[stage.key]),
      }, { parent: pipeline });
    }
  }

  const users = new Map(plan.users.map((spec) => [spec.email, new User(`user.${spec.key}`, spec, { parent })]));
  // A team's members must be users first; removing a member from a team happens before the user is deleted.
  for (const spec of plan.teams) {
    new Team(`team.${spec.key}`, spec, { parent, dependsOn: spec.members.flatMap((email) => users.get(email) ?? []) });
  }
  const declared = [...users.values()];
  pulumi.all(declared.map((u) => u.unmatched)).apply((lists) => {
    const missing = [...new Set(lists.flatMap((l) => l ?? []))];
    if (missing.length === 0) return;
    const owners = lists.filter((l) => l?.length).length;
    pulumi.log.warn(`The portal has no ${missing.join(", ")}, so ${owners} owner(s) were provisioned without them. ` +
      "HubSpot's API cannot create roles: create them in HubSpot (Settings › Users & Teams › Roles) and apply again.", parent);
  });
  return pipelines;
}
