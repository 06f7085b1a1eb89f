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
import { enrollmentCount, meetingWords, type EnrollmentCount } from "../src/kinds/hubspot-workflow-enrolled";
import { operationOf } from "../src/kinds/list-filters";
import { tokenOf } from "../src/kinds";
import { hubspotWorkflowKind } from "../src/kinds/hubspot-workflow";
import type { HubSpotWorkflowInputs, HubSpotWorkflowOutputs } from "../src/kinds/hubspot-workflow";
import { keepOrigin } from "./shared/adopt";
import { clientFor, guardedClient, type Settings } from "./shared/config";
import { refuse, type DataGuards } from "./shared/data-guards";
import { containsUnknown } from "./shared/diff";
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

/**
 * The conditions HubSpot's filters cannot test for the type the portal gives their property (validate knows the
 * blueprint's properties and HubSpot's usual defaults; a portal's other properties are typed here), in words. A
 * property the portal lacks yet is skipped: the apply creates it as the blueprint types it.
 */
async function untestable(client: HubSpotClient, w: HubSpotWorkflowInputs): Promise<string[]> {
  const group = w.definition.when;
  const conditions = group ? ("all" in group && group.all ? group.all : (group.any ?? [])) : [];
  const refused: string[] = [];
  for (const c of conditions) {
    if ("list" in c) continue; // membership: IN_LIST, whatever the portal's properties
    const property = await client.findProperty(w.definition.object, c.property);
    const operation = property && operationOf(c, property.type);
    if (typeof operation === "string")
      refused.push(
        `${hubspotWorkflowKind.describe(w)}: HubSpot's enrollment filters cannot test property ${c.property} ` +
          `(of type ${property!.type} in HubSpot): ${operation}. Nothing was written: change the condition in the blueprint.`,
      );
  }
  return refused;
}

async function body(client: HubSpotClient, w: HubSpotWorkflowInputs) {
  const refused = await untestable(client, w);
  if (refused.length) throw new Error(refused.join("\n"));
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

/**
 * Deleting a switched-on workflow: the records enrolled in it leave it mid-way. HubSpot publishes no count of them, so
 * revstack counts those that meet its enrollment filters now (src/kinds/hubspot-workflow-enrolled.ts) and stops when
 * there are any, or when it cannot count them, saying why. A workflow that is off enrolls nothing.
 */
async function stillEnrolling(client: HubSpotClient, w: HubSpotWorkflowInputs): Promise<string | undefined> {
  const summary = await findByName(client, w.name);
  const live = summary && (await client.flows.get(summary.id));
  if (!live?.isEnabled) return undefined;
  const counted = await meeting(client, enrollmentCount(live));
  if (counted === 0) return undefined;
  return (
    `Deleting HubSpot workflow "${w.name}" while it is on: ${counted}; HubSpot publishes no count of those enrolled, ` +
    "and any that are leave it mid-way. Nothing was written: switch it off first (`enabled: false`) and apply, then remove it."
  );
}

/** The records that meet the enrollment filters now, in words (0 when none does), or why they cannot be counted. */
async function meeting(client: HubSpotClient, how: EnrollmentCount): Promise<string | 0> {
  const cannot = (why: string) => `revstack cannot count the records that meet its enrollment filters (${why})`;
  if ("uncountable" in how) return cannot(how.uncountable);
  if ("search" in how) {
    const records = await client.countMatching(how.object, how.search);
    return records && meetingWords(how.object, records);
  }
  const list = await client.lists.find({ id: how.list });
  if (list?.size === undefined) return cannot(`HubSpot gives no size for its enrollment list ${how.list}`);
  return list.size && meetingWords(how.object, list.size, list.name);
}

/** Switching off or deleting a workflow others enroll on, or deleting one records may be enrolled in, is refused. */
export const flowGuards: DataGuards<HubSpotWorkflowInputs> = {
  type: tokenOf(hubspotWorkflowKind),
  removed: async (client, old) => {
    const found = [await dependents(client, old, "Deleting"), await stillEnrolling(client, old)];
    return found.filter((d) => d !== undefined).join("\n") || undefined;
  },
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
  try {
    await refuse(flowGuards.changed!(client, olds, news));
    const live = await replace(client, id, olds, news);
    return {
      outs: keepOrigin(
        { ...news, hubspotId: live.id, revisionId: live.revisionId },
        olds as unknown as Record<string, unknown>,
        news as unknown as Record<string, unknown>,
      ),
    };
  } catch (err) {
    const switchedOff = olds.enabled && !news.enabled ? (news.offBefore ?? []) : [];
    if (switchedOff.length === 0) throw err;
    throw new Error(`${(err as Error).message} ${await switchBackOn(client, switchedOff)}`, { cause: err });
  }
}

async function replace(
  client: HubSpotClient,
  id: string,
  olds: HubSpotWorkflowOutputs,
  news: HubSpotWorkflowInputs,
): Promise<LiveFlow> {
  try {
    return await client.flows.replace(id, olds.revisionId, await body(client, news));
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

/**
 * After this workflow's switch-off failed: the workflows this apply switched off before it (`offBefore`, written
 * one after the other) are switched back on, from their current revision, so the apply leaves none off half-way.
 * Says which were, and which could not be.
 */
async function switchBackOn(client: HubSpotClient, names: string[]): Promise<string> {
  const back: string[] = [];
  const failed: string[] = [];
  for (const name of names) {
    try {
      const found = await findByName(client, name);
      const live = found && (await client.flows.get(found.id));
      if (!live || live.isEnabled) continue;
      await client.flows.replace(live.id, live.revisionId, { ...live, isEnabled: true });
      back.push(`"${name}"`);
    } catch (err) {
      failed.push(`"${name}" (${(err as Error).message})`);
    }
  }
  const said = back.length
    ? `The HubSpot workflow(s) this apply had switched off with it were switched back on, so none is off half-way: ${back.join(", ")}. ` +
      "Once the cause is fixed, apply again with `pulumi up --refresh` (the stack still records them off)."
    : "";
  const left = failed.length
    ? ` These stay off and could not be switched back on: ${failed.join("; ")}; switch them on in HubSpot.`
    : "";
  return said + left;
}

/**
 * A preview reads the portal's types of the properties a workflow's conditions test, so a test HubSpot's filters
 * cannot make stops the preview (a failed check), not the apply's write.
 */
async function check(olds: unknown, news: HubSpotWorkflowInputs, settings?: Settings) {
  const checked = await resource.check(olds, news, settings);
  if (!settings?.connection || !news.definition?.when || containsUnknown(news)) return checked;
  // A portal that cannot be read leaves it to the apply, which reads the same types before its write.
  const refused = await untestable(clientFor(settings), news).catch(() => []);
  return refused.length
    ? { ...checked, failures: refused.map((reason) => ({ property: "definition", reason })) }
    : checked;
}

export { settingsFrom } from "./shared/config";
export const { diff, create, read, delete: del } = resource;
export { check, update, del as delete };
