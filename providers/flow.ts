/**
 * A workflow HubSpot runs (automation v4 flow), from the blueprint's words (src/kinds/hubspot-workflow.ts); natural
 * key: its name. The words become the flow and back in src/kinds/hubspot-workflow-flow.ts, with the portal's ids
 * for the blueprint's pipeline and stage keys and owner emails found here. An update is made from the revision the
 * stack last saw: an edit made in HubSpot since is refused by HubSpot's revision check, and said in words.
 */
import {
  HubSpotApiError,
  LIST_OBJECT_TYPE_IDS,
  sameLabel,
  type HubSpotClient,
  type LiveFlow,
} from "../src/clients/hubspot";
import { findByLabel } from "../src/kinds/kind";
import { definitionOf, enrolledBy, flowOf, UnknownNameError, type Names } from "../src/kinds/hubspot-workflow-flow";
import { conditionProperties } from "../src/kinds/hubspot-workflow-steps";
import { tokenOf } from "../src/kinds";
import { hubspotWorkflowKind } from "../src/kinds/hubspot-workflow";
import type { HubSpotWorkflowInputs, HubSpotWorkflowOutputs } from "../src/kinds/hubspot-workflow";
import { keepOrigin } from "./shared/adopt";
import { guardedClient, type Settings } from "./shared/config";
import { refuse, type DataGuards } from "./shared/data-guards";
import { keyedResource } from "./shared/keyed";
import type { UpdateResult } from "./shared/shim";
export type { HubSpotWorkflowInputs, HubSpotWorkflowOutputs } from "../src/kinds/hubspot-workflow";

/** HubSpot's type of each property the workflow's conditions test: their filters' operations follow it. */
async function typesFor(client: HubSpotClient, w: HubSpotWorkflowInputs): Promise<Record<string, string>> {
  const types: Record<string, string> = {};
  for (const name of conditionProperties(w.definition)) {
    const property = await client.findProperty(w.definition.object, name);
    if (!property)
      throw new UnknownNameError(
        `${hubspotWorkflowKind.describe(w)}: the property "${name}" its conditions test is not in HubSpot`,
      );
    types[name] = property.type;
  }
  return types;
}

/** The portal's ids for the pipelines, stages and people the blueprint names. */
async function namesFor(client: HubSpotClient, w: HubSpotWorkflowInputs): Promise<Names> {
  const owners = await client.listOwners();
  const pipelines: Names["pipelines"] = [];
  for (const ref of w.pipelines) {
    const live = findByLabel(await client.listPipelines(ref.object), ref);
    if (!live) continue;
    const stages = ref.stages.flatMap((s) => {
      const found = findByLabel(live.stages, s);
      return found ? [{ key: s.key, id: found.id }] : [];
    });
    pipelines.push({ key: ref.key, id: live.id, object: ref.object, stages });
  }
  const lists: NonNullable<Names["lists"]> = [];
  for (const ref of w.lists ?? []) {
    const live = await client.lists.find({
      objectTypeId: LIST_OBJECT_TYPE_IDS[ref.object] ?? ref.object,
      name: ref.name,
    });
    if (live) lists.push({ key: ref.key, id: live.listId });
  }
  return {
    pipelines,
    lists,
    types: await typesFor(client, w),
    owners: owners.map((o) => ({
      email: o.email,
      ownerId: o.id,
      ...(o.userId !== undefined ? { userId: String(o.userId) } : {}),
    })),
  };
}

async function body(client: HubSpotClient, w: HubSpotWorkflowInputs) {
  return flowOf(w.name, w.enabled, w.definition, await namesFor(client, w));
}

async function findByName(client: HubSpotClient, name: string): Promise<LiveFlow | undefined> {
  return (await client.flows.list()).find((f) => sameLabel(f.name ?? "", name));
}

const find = async (client: HubSpotClient, id: string): Promise<LiveFlow | undefined> => {
  try {
    return await client.flows.get(id);
  } catch (err) {
    if (err instanceof HubSpotApiError && err.notFound) return undefined;
    throw err;
  }
};

/** The live flow in the blueprint's words; one revstack cannot read keeps its flow as HubSpot's words (drift). */
async function asInputs(
  client: HubSpotClient,
  live: LiveFlow,
  w: HubSpotWorkflowInputs,
): Promise<HubSpotWorkflowInputs> {
  const read = definitionOf(live, await namesFor(client, w));
  return {
    ...w,
    name: live.name ?? "",
    enabled: live.isEnabled,
    definition:
      typeof read === "string"
        ? { ...w.definition, steps: [{ name: read, hubspot: { actions: live.actions } }] }
        : read,
  };
}

/**
 * The other switched-on workflows that enroll records on what this one writes (src/kinds/hubspot-workflow-flow.ts
 * `enrolledBy`): switching it off or deleting it stops their enrollment from it. Counted from HubSpot's flows.
 */
async function dependents(client: HubSpotClient, w: HubSpotWorkflowInputs, doing: string): Promise<string | undefined> {
  const flows = await client.flows.list();
  const summary = flows.find((f) => sameLabel(f.name ?? "", w.name));
  if (!summary) return undefined;
  const self = await client.flows.get(summary.id);
  const hits: string[] = [];
  // A workflow the same apply switches off too stays on no longer: both go off in one step.
  const goingOff = (name = "") => (w.alsoOff ?? []).some((off) => sameLabel(off, name));
  for (const f of flows) {
    if (f.id === self.id || !f.isEnabled || goingOff(f.name)) continue;
    const other = await client.flows.get(f.id);
    const on = enrolledBy(other, self);
    if (on.length) hits.push(`"${other.name ?? other.id}" (enrolls on ${on.join(", ")})`);
  }
  if (hits.length === 0) return undefined;
  return (
    `${doing} HubSpot workflow "${w.name}" stops ${hits.length} other switched-on workflow(s) enrolling the records it ` +
    `changes: ${hits.join("; ")}. HubSpot publishes no count of those records. Nothing was written: switch those ` +
    "workflows off or change what enrolls them first, then apply again."
  );
}

/** Switching off or deleting a workflow others enroll on is refused before the first write, with the count. */
export const flowGuards: DataGuards<HubSpotWorkflowInputs> = {
  type: tokenOf(hubspotWorkflowKind),
  removed: (client, old) => dependents(client, old, "Deleting"),
  changed: async (client, old, next) =>
    old.enabled && !next.enabled ? dependents(client, { ...old, alsoOff: next.alsoOff }, "Switching off") : undefined,
};

const resource = keyedResource<HubSpotWorkflowInputs, LiveFlow, HubSpotWorkflowOutputs>({
  kind: hubspotWorkflowKind,
  create: async (client, w) => {
    const existing = await findByName(client, w.name);
    if (existing) return { object: existing, existed: true };
    return { object: await client.flows.create(await body(client, w)), existed: false };
  },
  find: (client, id) => find(client, id),
  lookup: (client, w) => findByName(client, w.name),
  // Taking over a flow found by name: made from the revision just read.
  write: async (client, id, w) => {
    const live = await client.flows.get(id);
    return client.flows.replace(id, live.revisionId, await body(client, w));
  },
  async remove(client, id, w) {
    await refuse(flowGuards.removed!(client, w));
    await client.flows.remove(id);
  },
  idOf: (live) => live.id,
  asInputs,
  outputs: async (_client, live, w) => ({ ...w, hubspotId: live.id, revisionId: live.revisionId }),
});

/** An update names the revision the stack last saw; HubSpot refuses it when someone edited the flow since. */
async function update(
  settings: Settings | undefined,
  id: string,
  olds: HubSpotWorkflowOutputs,
  news: HubSpotWorkflowInputs,
): Promise<UpdateResult<HubSpotWorkflowOutputs>> {
  const client = await guardedClient(settings);
  await refuse(flowGuards.changed!(client, olds, news));
  try {
    const live = await client.flows.replace(id, olds.revisionId, await body(client, news));
    return {
      outs: keepOrigin(
        { ...news, hubspotId: live.id, revisionId: live.revisionId },
        olds as unknown as Record<string, unknown>,
        news as unknown as Record<string, unknown>,
      ),
    };
  } catch (err) {
    if (err instanceof HubSpotApiError && err.status === 409)
      throw new Error(
        `HubSpot workflow "${news.name}" was edited in HubSpot since this stack last read it (revision ${olds.revisionId}): ` +
          "nothing was written. Run `revstack drift` to see the edit, then `pulumi refresh` to take it or `revstack drift --fix` to restore the blueprint's version.",
        { cause: err },
      );
    throw err;
  }
}

export { settingsFrom } from "./shared/config";
export const { check, diff, create, read, delete: del } = resource;
export { update, del as delete };
