import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { formatDiagnostic, loadBlueprint } from "revstack/blueprint/index";
import { crmPlan } from "revstack/plan/crm";
import { guardWithConfig } from "revstack/providers/shared/config";
import { oneLine } from "revstack/unexpected";
import { declareCrm } from "./crm";
import { declareN8n } from "./n8n";
import { planOwnership } from "./ownership";

/**
 * The Pulumi program: the stack's blueprint (`revstack:blueprint`, relative to the project root), resolved and
 * turned into resources under one component per blueprint. The logic lives in the installed revstack package.
 */
async function main(): Promise<Record<string, unknown>> {
  const config = new pulumi.Config("revstack");
  const file = path.resolve(path.dirname(__dirname), config.require("blueprint"));
  const { blueprint, diagnostics } = await loadBlueprint(file);
  for (const d of diagnostics) (d.severity === "error" ? pulumi.log.error : pulumi.log.warn)(formatDiagnostic(d));
  if (!blueprint) throw new pulumi.RunError(`the blueprint ${path.relative(process.cwd(), file)} has errors; nothing was applied`);

  await guardWithConfig((key) => pulumi.runtime.getConfig(key)).catch((err: unknown) => {
    throw new pulumi.RunError(oneLine(err, "program portal guard"));
  });


  const plan = crmPlan(blueprint);
  const { ownership, output } = await planOwnership(plan);
  const component = new pulumi.ComponentResource("revstack:index:Blueprint", blueprint.metadata.name, {});
  declareN8n(blueprint, component, declareCrm(plan, component, ownership));

  if (!new pulumi.Config("hubspot").get("portalId")) {
    pulumi.log.warn("hubspot:portalId is not set, so the portal guard is off: nothing checks that hubspot:token belongs " +
      "to the portal you mean. Set it with `pulumi config set hubspot:portalId <id>`.");
  }
  const automated = blueprint.routing.length + blueprint.automations.length;
  if (automated > 0 && !new pulumi.Config("n8n").get("baseUrl")) {
    pulumi.log.warn(`n8n:baseUrl is not set: ${blueprint.routing.length} routing rule(s) and ${blueprint.automations.length} ` +
      "automation(s) were not applied (CRM part only). Set n8n:baseUrl and n8n:apiKey to apply them.");
  }
  // Other stacks on the portal read this: which portal, and what this stack uses without owning.
  return { revstack: output };
}

export = main();
