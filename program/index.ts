import { existsSync } from "node:fs";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { formatDiagnostic, loadBlueprint } from "../src/blueprint/index";
import { crmPlan } from "../src/plan/crm";
import { guardWithConfig } from "../providers/shared/config";
import { VerifiedPortals } from "../providers/shared/verified-portals";
import { oneLine } from "../src/unexpected";
import { declareCrm } from "./crm";
import { n8nPlan } from "../src/plan/n8n/plan";
import { runsInN8n } from "../src/plan/n8n/automations";
import { declareN8n, n8nSettings } from "./n8n";
import { callerWarning } from "../src/plan/n8n/exposure";
import { declareNotifyChannels } from "./notify";
import { pipelineLabelHolders } from "./label-swaps";
import { checkOwnerRemovals } from "./owner-removals";
import { checkDataLosses, withWholeApply } from "./data-guards";
import { planOwnership } from "./ownership";
import { checkReferences } from "./references";
import { BLUEPRINT_COMPONENT, type Registry } from "../src/ownership/registry";
import type { Blueprint } from "../src/blueprint/model";
import { warn } from "./warn";
import { SHARED_PORTAL_SETTINGS, sharedPortalErrors } from "../src/review/shared-portal";

/**
 * The Pulumi program: the stack's blueprint (`revstack:blueprint`, relative to the project directory, where
 * Pulumi.yaml is), resolved and turned into resources under one component per blueprint. It imports revstack by
 * relative path, so in this repository the engine runs the sources (ts-node) and in a user's project the compiled
 * copy in node_modules/revstack/dist/program: the same code either way, with no rebuild between edit and `up`.
 */
async function main(): Promise<Record<string, unknown>> {
  const config = new pulumi.Config("revstack");
  const file = path.resolve(projectDir(), config.require("blueprint"));
  const { blueprint, diagnostics } = await loadBlueprint(file);
  for (const d of diagnostics) (d.severity === "error" ? pulumi.log.error : warn)(formatDiagnostic(d));
  if (!blueprint)
    throw new pulumi.RunError(`the blueprint ${path.relative(projectDir(), file)} has errors; nothing was applied`);

  const verified = new VerifiedPortals(path.join(projectDir(), ".revstack", "verified-portals.json"));
  await guardWithConfig((key) => pulumi.runtime.getConfig(key), verified).catch((err: unknown) => {
    throw new pulumi.RunError(oneLine(err, "program portal guard"));
  });

  const planned = crmPlan(blueprint);
  const { ownership, registry, output, deletes } = await planOwnership(planned, blueprint.delete);
  const plan = withWholeApply(planned, registry, deletes);
  await checkSharedPortal(file, blueprint, registry);
  await checkOwnerRemovals(plan, registry, (key) => pulumi.runtime.getConfig(key));
  await checkDataLosses(plan, registry, deletes, (key) => pulumi.runtime.getConfig(key));
  await checkReferences(ownership.references, (key) => pulumi.runtime.getConfig(key));
  const component = new BlueprintComponent(blueprint.metadata.name, deletes);
  const pipelines = declareCrm(plan, component, ownership, pipelineLabelHolders(plan, registry));
  const settings = n8nSettings();
  if (settings) {
    const automation = n8nPlan(blueprint, settings);
    declareN8n(automation, settings, component, pipelines, declareNotifyChannels(blueprint, component));
    const exposure = callerWarning(blueprint, (key) => pulumi.runtime.getConfig(key));
    if (exposure) warn(exposure, component);
  }

  if (!new pulumi.Config("hubspot").get("portalId")) {
    warn(
      "hubspot:portalId is not set, so the portal guard is off: nothing checks that hubspot:token belongs " +
        "to the portal you mean. Set it with `pulumi config set hubspot:portalId <id>`.",
    );
  }
  const inN8n = blueprint.automations.filter(runsInN8n).length;
  if (blueprint.routing.length + inN8n > 0 && !new pulumi.Config("n8n").get("baseUrl")) {
    warn(
      `n8n:baseUrl is not set: ${blueprint.routing.length} routing rule(s) and ${inN8n} ` +
        "automation(s) were not applied (CRM part only). Set n8n:baseUrl and n8n:apiKey to apply them.",
    );
  }
  // Other stacks on the portal read this: which portal, and what this stack uses without owning.
  return { revstack: output };
}

/**
 * Before any write: what this stack would do twice with another stack on its portal, or to another unit's records.
 * The other stacks are those the backend holds a deployment of: a stack file never applied acts on nothing yet.
 */
async function checkSharedPortal(file: string, blueprint: Blueprint, registry: Registry): Promise<void> {
  const settings = Object.fromEntries(SHARED_PORTAL_SETTINGS.map((key) => [key, pulumi.runtime.getConfig(key)]));
  const applied = new Set(registry.stacks.filter((s) => s.claims.length > 0 || s.portal).map((s) => s.name));
  const shared = await sharedPortalErrors(projectDir(), pulumi.getStack(), file, blueprint, settings, (s) =>
    applied.has(s),
  );
  for (const d of shared) pulumi.log.error(formatDiagnostic(d));
  if (shared.length > 0)
    throw new pulumi.RunError(
      `${shared.length} automation(s) or routing sweep(s) would act with another stack on this portal; nothing was applied`,
    );
}

/**
 * The component every resource of the stack is under. Its outputs carry the `delete:` keys this stack manages to the
 * providers' delete: Pulumi saves them when they are registered, before the run deletes anything (the stack's own
 * outputs are saved only at the end of the run).
 */
class BlueprintComponent extends pulumi.ComponentResource {
  constructor(name: string, deletes: string[]) {
    super(BLUEPRINT_COMPONENT, name, {});
    this.registerOutputs(deletes.length > 0 ? { delete: deletes } : {});
  }
}

/**
 * Where Pulumi.yaml is. The engine runs the program in the directory of `main` (inside node_modules/revstack in a
 * user's project), so the root comes from the engine; an engine too old to pass it leaves the nearest Pulumi.yaml.
 */
function projectDir(): string {
  const root = pulumi.runtime.getRootDirectory();
  if (root) return root;
  for (let dir = process.cwd(); ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, "Pulumi.yaml"))) return dir;
    if (path.dirname(dir) === dir) return process.cwd();
  }
}

export = main();
