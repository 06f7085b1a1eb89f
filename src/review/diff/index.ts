/**
 * The semantic diff of two resolved blueprints: what changes, in the words an ops engineer uses,
 * with the changes that can lose data or leave leads unassigned flagged as dangerous.
 */
import type { Blueprint } from "../../blueprint/model";
import type { Change } from "../../words/change";
import { diffAutomations } from "./automations";
import { diffSettings } from "./blueprint";
import { Changes, type Fates } from "../../words/changes";
import { diffLifecycle } from "./lifecycle";
import { diffPeople } from "./people";
import { diffPipelines } from "./pipelines";
import { diffProperties } from "./properties";
import { diffReporting } from "./reporting";
import { diffRouting } from "../../words/routing";

const sections = [
  diffSettings,
  diffPipelines,
  diffProperties,
  diffPeople,
  diffRouting,
  diffLifecycle,
  diffAutomations,
  diffReporting,
];

/** `fates`: what plan knows of adopted objects (released, or deleted as the `delete:` list says) by natural key. */
export function diffBlueprints(before: Blueprint, after: Blueprint, fates?: Fates): Change[] {
  const out = new Changes(fates);
  for (const diff of sections) diff(before, after, out);
  return out.list;
}
