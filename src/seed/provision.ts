import type { Blueprint } from "../blueprint/model";
import type { HubSpotClient } from "../clients/hubspot";
import { crmPlan } from "../plan/crm";
import { INSTRUMENTATION_GROUP, metricReads, type PropertyRequirement } from "../plan/instrumentation";
import { mapPipelines } from "../reporting/live-pipelines";
import type { PortalIds } from "./generate";

/**
 * Makes a portal ready for seeded data when the blueprint has not been applied to it (yet): the deal
 * pipelines, the properties the metrics read, and a user (hence an owner) per blueprint owner. Whatever exists
 * is left alone, so after `pulumi up` this only reads.
 */
export async function provisionForSeed(client: HubSpotClient, blueprint: Blueprint): Promise<PortalIds> {
  await ensurePipelines(client, blueprint);
  for (const p of metricReads(blueprint)) await ensureProperty(client, p);
  for (const owner of blueprint.owners) {
    if (await client.findUser({ email: owner.email })) continue;
    const [first, ...rest] = (owner.name ?? "").split(/\s+/).filter(Boolean);
    await client.createUser({ email: owner.email.toLowerCase(), firstName: owner.firstName ?? first, lastName: owner.lastName ?? rest.join(" ") });
  }
  const ownerIds = new Map((await client.listOwners()).map((o) => [o.email.toLowerCase(), o.id]));
  const lifecycle = await client.findProperty("contacts", "lifecyclestage", true);
  return {
    // The cached list already holds the pipelines created above.
    pipelines: mapPipelines(blueprint, await client.listPipelines("deals")),
    ownerIds,
    lifecycleOptions: new Set(lifecycle?.options?.map((o) => o.value) ?? []),
  };
}

async function ensurePipelines(client: HubSpotClient, blueprint: Blueprint): Promise<void> {
  const live = mapPipelines(blueprint, await client.listPipelines("deals", true));
  for (const spec of crmPlan(blueprint).pipelines) {
    if (spec.objectType !== "deals" || live.some((p) => p.key === spec.key)) continue;
    await client.createPipeline("deals", {
      label: spec.label, displayOrder: spec.displayOrder,
      stages: spec.stages.map((s) => ({ label: s.label, displayOrder: s.displayOrder, metadata: { probability: (s.probability ?? 0).toFixed(1) } })),
    });
  }
}

const fieldTypes = { datetime: "date", string: "text", enumeration: "select" } as const;

async function ensureProperty(client: HubSpotClient, p: PropertyRequirement): Promise<void> {
  if (await client.findProperty(p.object, p.name)) return;
  if (!(await client.findPropertyGroup(p.object, INSTRUMENTATION_GROUP.name))) {
    await client.createPropertyGroup(p.object, { name: INSTRUMENTATION_GROUP.name, label: INSTRUMENTATION_GROUP.label });
  }
  await client.createProperty(p.object, {
    name: p.name, label: p.label, type: p.type, fieldType: fieldTypes[p.type], groupName: INSTRUMENTATION_GROUP.name,
    ...(p.options ? { options: p.options.map((o, i) => ({ ...o, displayOrder: i, hidden: false })) } : {}),
  });
}
