/**
 * What changes in a blueprint beyond the HubSpot objects it declares: its settings, routing rules, lifecycle,
 * automations and reporting, and how owners, teams and stages take part in them. These compile into n8n
 * workflows and reports, not into objects of a kind; the HubSpot objects (pipelines, stages, groups, properties,
 * users, teams) are compared through their kinds (../engine/offline) and worded by the review, like preview's.
 */
import type { Blueprint } from "../../blueprint/model";
import type { Change } from "../../words/change";
import { diffAutomations } from "./automations";
import { diffSettings } from "./blueprint";
import { Changes } from "../../words/changes";
import { diffLifecycle } from "./lifecycle";
import { diffPeople } from "./people";
import { diffPipelines } from "./pipelines";
import { diffReporting } from "./reporting";
import { diffRouting } from "../../words/routing";

const sections = [diffSettings, diffPipelines, diffPeople, diffRouting, diffLifecycle, diffAutomations, diffReporting];

export function diffBlueprints(before: Blueprint, after: Blueprint): Change[] {
  const out = new Changes();
  for (const diff of sections) diff(before, after, out);
  return out.list;
}
