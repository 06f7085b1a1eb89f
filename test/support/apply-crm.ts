/**
 * Applies a blueprint's CRM objects to a portal through the providers' own create code (what `pulumi up` runs),
 * without the engine: for tests and benchmarks that need an applied portal (seeding, reporting) but not a stack.
 */
import type { Blueprint } from "../../src/blueprint/model";
import type { HubSpotConnection } from "../../src/clients/hubspot";
import { crmPlan } from "../../src/plan/crm";
import * as pipeline from "../../providers/pipeline";
import * as property from "../../providers/property";
import * as propertyGroup from "../../providers/property-group";
import * as user from "../../providers/user";

export async function applyCrm(connection: HubSpotConnection, blueprint: Blueprint): Promise<void> {
  const settings = { connection, adopt: false };
  const plan = crmPlan(blueprint);
  for (const spec of plan.propertyGroups) await propertyGroup.create(settings, spec);
  for (const spec of plan.properties) await property.create(settings, spec);
  for (const spec of plan.pipelines) await pipeline.create(settings, spec);
  for (const spec of plan.users) await user.create(settings, spec);
}
