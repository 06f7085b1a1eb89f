import type { Blueprint } from "../blueprint/model";
import type { HubSpotClient } from "../clients/hubspot";
import { metricReads } from "../plan/instrumentation";
import { mapPipelines, unmapped } from "../reporting/live-pipelines";
import type { PortalIds } from "./generate";

/**
 * The ids seeded records refer to: the blueprint's deal pipelines and stages, its owners, the properties its
 * metrics read. Seeding writes records only: the CRM objects are `pulumi up`'s to create (and the stack's to
 * own), so a portal the blueprint was not applied to stops here, before any write, saying what it lacks.
 */
export async function portalForSeed(client: HubSpotClient, blueprint: Blueprint): Promise<PortalIds> {
  const pipelines = mapPipelines(blueprint, await client.listPipelines("deals"));
  const ownerIds = new Map((await client.listOwners()).map((o) => [o.email.toLowerCase(), o.id]));
  const missing = [
    ...unmapped(blueprint, pipelines),
    ...blueprint.owners
      .filter((o) => !ownerIds.has(o.email.toLowerCase()))
      .map((o) => `owner ${o.email} is not a user of the portal`),
  ];
  for (const p of metricReads(blueprint)) {
    if (!(await client.findProperty(p.object, p.name)))
      missing.push(`property ${p.name} of ${p.object} is not in the portal`);
  }
  if (missing.length > 0) {
    throw new Error(
      `the portal is not ready for seeded records: ${missing.join("; ")}. Apply the blueprint first (pulumi up), then seed`,
    );
  }
  const lifecycle = await client.findProperty("contacts", "lifecyclestage", true);
  return { pipelines, ownerIds, lifecycleOptions: new Set(lifecycle?.options?.map((o) => o.value) ?? []) };
}
