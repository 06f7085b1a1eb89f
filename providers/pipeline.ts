import * as pulumi from "@pulumi/pulumi";
import { defaultStageIds } from "../src/blueprint/checks/builtin-pipelines";
import { sameLabel, type HubSpotClient, type LivePipeline, type LiveStage } from "../src/clients/hubspot";
import {
  createdButFailed,
  deleteOrRelease,
  keepOrigin,
  mayTakeOver,
  ownershipOutput,
  type Owned,
} from "./shared/adopt";
import { markAdoption } from "./shared/adoption-preview";
import type { Settings } from "./shared/config";
import { guardedClient } from "./shared/config";
import { containsUnknown, diffOf } from "./shared/diff";
import {
  configuredProvider,
  type CheckResult,
  type CreateResult,
  type ReadResult,
  type UpdateResult,
  type ResourceArgs,
} from "./shared/shim";
import { tokenOf, updatable } from "../src/kinds";
import { findByLabel, hubspotFields, liveFields } from "../src/kinds/kind";
import { isDefaultPipeline, objectWord, pipelineKind } from "../src/kinds/pipeline";
import { hubspotStage, liveStageSpec, type StageSpec } from "../src/kinds/stage";
import type { PipelineInputs, PipelineOutputs } from "../src/kinds/pipeline";
export type { PipelineInputs, PipelineOutputs } from "../src/kinds/pipeline";

/**
 * A HubSpot pipeline and which stages it has. The pipeline owns the stage *set*: it creates the blueprint's
 * stages (all in its first POST), removes stages the blueprint no longer has or that someone added by hand,
 * moving their deals first where the blueprint says so. Each stage's fields belong to a `PipelineStage`
 * resource, so editing one stage is one PATCH.
 */
export const PipelineProvider = configuredProvider("pipeline");

const provider = new PipelineProvider();

export class Pipeline extends pulumi.dynamic.Resource {
  declare readonly hubspotId: pulumi.Output<string>;
  declare readonly stageIds: pulumi.Output<Record<string, string>>;
  declare readonly unmanagedStages: pulumi.Output<Array<{ id: string; label: string }>>;

  constructor(name: string, args: ResourceArgs<PipelineInputs & Owned>, opts?: pulumi.CustomResourceOptions) {
    super(
      provider,
      name,
      { ...args, hubspotId: undefined, stageIds: undefined, unmanagedStages: undefined },
      opts,
      pipelineKind.module,
      pipelineKind.name,
    );
  }
}

// The implementation, loaded by bare name in the provider process.

export { settingsFrom } from "./shared/config";

export async function check(
  olds: unknown,
  news: PipelineInputs,
  settings?: Settings,
): Promise<CheckResult<PipelineInputs>> {
  const inputs = { ...news, retiredStages: news.retiredStages ?? {} };
  return {
    inputs: await markAdoption(settings, olds, inputs, updatable(pipelineKind), async (client) => {
      const live = await client.findPipeline(news.objectType, { label: news.label });
      return live && { id: live.id, current: { ...inputs, ...liveFields(pipelineKind, live, inputs) } };
    }),
  };
}

export async function diff(
  _id: string,
  olds: PipelineOutputs,
  news: PipelineInputs,
): Promise<pulumi.dynamic.DiffResult> {
  const result = diffOf(olds, news, updatable(pipelineKind), [...pipelineKind.identity]);
  if (result.changes) return result;
  // Stage fields are the stage resources' business; here only which stages exist matters.
  const stageSetChanged =
    containsUnknown(news.stages) ||
    !sameKeys(
      Object.keys(olds.stageIds ?? {}),
      news.stages.map((s) => s.key),
    ) ||
    (olds.unmanagedStages ?? []).length > 0;
  // A stage taking a label another stage holds now (a swap): this resource frees the labels before the stages' PATCHes.
  return { changes: stageSetChanged || labelsTaken(olds.stages ?? [], news.stages) };
}

export async function create(
  settings: Settings | undefined,
  inputs: PipelineInputs,
): Promise<CreateResult<PipelineOutputs>> {
  const client = await guardedClient(settings);
  const body = {
    ...hubspotFields(pipelineKind, inputs, "create"),
    stages: inputs.stages.map((s) => hubspotStage(inputs.objectType, s)),
  };
  const { object: live, existed } = await takingLabel(client, inputs, undefined, () =>
    client.createPipeline(inputs.objectType, body),
  );
  const recorded = (origin: "created" | "adopted") =>
    ownershipOutput(inputs as unknown as Record<string, unknown>, origin);
  if (!existed)
    return {
      id: live.id,
      outs: { ...outputs(inputs, live.id, matchByLabel(inputs.stages, live.stages, {}), []), ...recorded("created") },
    };
  const origin = await mayTakeOver(settings, subjectOf(inputs), live.id);
  try {
    return { id: live.id, outs: { ...(await reconcile(client, inputs, live, {})), ...recorded(origin) } };
  } catch (err) {
    throw createdButFailed(err, live.id, {
      ...outputs(inputs, live.id, matchByLabel(inputs.stages, live.stages, {}), []),
      ...recorded(origin),
    });
  }
}

export async function read(
  settings: Settings | undefined,
  id: string,
  props: PipelineOutputs,
): Promise<ReadResult<PipelineInputs, PipelineOutputs>> {
  const client = await guardedClient(settings);
  const live = await client.findPipeline(props.objectType, { id });
  if (!live) return {};
  const byId = new Map(Object.entries(props.stageIds ?? {}).map(([key, stageId]) => [stageId, key]));
  const stageIds = Object.fromEntries(live.stages.filter((s) => byId.has(s.id)).map((s) => [byId.get(s.id)!, s.id]));
  // HubSpot's default stages the blueprint does not declare are HubSpot's: neither managed nor extra.
  const released = new Set(Object.values(defaultStageIds(props.objectType, id) ?? {}));
  const seen = live.stages.filter((s) => byId.has(s.id) || !released.has(s.id));
  const unmanagedStages = seen.filter((s) => !byId.has(s.id)).map((s) => ({ id: s.id, label: s.label }));
  const inputs: PipelineInputs = {
    ...liveFields(pipelineKind, live, props),
    key: props.key,
    objectType: props.objectType,
    stages: [...seen]
      .sort((a, b) => a.displayOrder - b.displayOrder)
      .map((s) => liveStageSpec(props.objectType, byId.get(s.id) ?? `unmanaged:${s.id}`, s)),
    retiredStages: props.retiredStages ?? {},
  };
  return {
    id,
    props: keepOrigin({ ...inputs, hubspotId: id, stageIds, unmanagedStages }, asRecord(props)),
    inputs: keepOrigin(inputs, asRecord(props)),
  };
}

export async function update(
  settings: Settings | undefined,
  id: string,
  olds: PipelineOutputs,
  news: PipelineInputs,
): Promise<UpdateResult<PipelineOutputs>> {
  const client = await guardedClient(settings);
  const live = await client.findPipeline(news.objectType, { id });
  if (!live)
    throw new Error(
      `Pipeline "${news.label}" (id ${id}) no longer exists in HubSpot; run \`pulumi refresh\` and apply again`,
    );
  return { outs: keepOrigin(await reconcile(client, news, live, olds.stageIds ?? {}), asRecord(olds), asRecord(news)) };
}

export async function del(settings: Settings | undefined, id: string, props: PipelineOutputs): Promise<void> {
  // HubSpot's default pipelines cannot be deleted: removing one from a blueprint releases it.
  if (isDefaultPipeline(props.objectType, id)) return;
  // An adopted pipeline is released: forgotten by the stack, left in HubSpot with its stages and records.
  if ((await deleteOrRelease(settings, subjectOf(props))) === "release") return;
  const client = await guardedClient(settings);
  const { total } = await client.recordsInStage(props.objectType, id, undefined, 1);
  if (total > 0) {
    throw new Error(
      `Pipeline "${props.label}" still holds ${total} ${recordsWord(props.objectType)}; deleting it would lose them. ` +
        "Move or close them in HubSpot first. Nothing was changed.",
    );
  }
  await client.deletePipeline(props.objectType, id);
}
export { del as delete };

const asRecord = (value: object): Record<string, unknown> => value as unknown as Record<string, unknown>;
const subjectOf = (p: PipelineInputs) => ({
  type: tokenOf(pipelineKind),
  inputs: asRecord(p),
  what: pipelineKind.describe(p),
});

// Reconciling the stage set

interface Removal {
  stage: LiveStage;
  key?: string;
  moveTo?: string;
  records: number;
}

/**
 * Makes the live pipeline match `spec`: label and order, missing stages created, extra stages removed. All
 * reads and the destructive guard come first, so a refusal happens before anything is written.
 */
async function reconcile(
  client: HubSpotClient,
  spec: PipelineInputs,
  live: LivePipeline,
  known: Record<string, string>,
): Promise<PipelineOutputs> {
  const liveIds = new Set(live.stages.map((s) => s.id));
  const kept = Object.fromEntries(
    Object.entries(known).filter(([key, id]) => liveIds.has(id) && spec.stages.some((s) => s.key === key)),
  );
  const defaults = defaultStageIds(spec.objectType, live.id) ?? {};
  const stageIds = matchByLabel(spec.stages, live.stages, {
    ...byDefaultId(spec.stages, defaults, liveIds, kept),
    ...kept,
  });
  const claimed = new Set(Object.values(stageIds));
  const keyOf = new Map(Object.entries(known).map(([key, id]) => [id, key]));
  // HubSpot's default stages are never deleted: one the blueprint leaves out is released, as it is.
  const released = new Set(Object.values(defaults).filter((id) => !claimed.has(id)));
  const removals = await Promise.all(
    live.stages
      .filter((s) => !claimed.has(s.id) && !released.has(s.id))
      .map(async (stage): Promise<Removal> => {
        const key = keyOf.get(stage.id);
        const records = (await client.recordsInStage(spec.objectType, live.id, stage.id, 1)).total;
        return { stage, key, moveTo: key === undefined ? undefined : spec.retiredStages[key], records };
      }),
  );
  guardRemovals(spec, removals);
  await freeLabels(client, spec, { ...live, stages: live.stages.filter((s) => !released.has(s.id)) }, stageIds);

  if (live.label !== spec.label || live.displayOrder !== spec.displayOrder) {
    await takingLabel(client, spec, live, () =>
      client.updatePipeline(spec.objectType, live.id, hubspotFields(pipelineKind, spec, "update")),
    );
  }
  for (const stage of spec.stages.filter((s) => stageIds[s.key] === undefined)) {
    stageIds[stage.key] = (
      await client.createStage(spec.objectType, live.id, hubspotStage(spec.objectType, stage))
    ).object.id;
  }
  for (const r of removals) {
    if (r.records > 0) await moveAll(client, spec.objectType, live.id, r.stage.id, stageIds[r.moveTo!], r.records);
    await client.deleteStage(spec.objectType, live.id, r.stage.id);
  }
  return outputs(spec, live.id, stageIds, []);
}

/** The destructive guard: a stage that still holds deals (tickets) goes only when the blueprint says where they go. */
function guardRemovals(spec: PipelineInputs, removals: Removal[]): void {
  const blocked = removals.filter(
    (r) => r.records > 0 && (r.moveTo === undefined || !spec.stages.some((s) => s.key === r.moveTo)),
  );
  if (blocked.length === 0) return;
  const lines = blocked.map((r) => `stage "${r.stage.label}" still holds ${r.records} ${recordsWord(spec.objectType)}`);
  const keys = blocked.map((r) => r.key ?? "<key>");
  throw new Error(
    `Removing stages from pipeline "${spec.label}" would lose ${recordsWord(spec.objectType)}: ${lines.join("; ")}. ` +
      `Say where they go in the blueprint (pipelines.${spec.key}.retiredStages: ${keys.map((k) => `{ key: ${k}, moveTo: <stage key> }`).join(", ")}) ` +
      "or move them in HubSpot first. Nothing was changed.",
  );
}

/**
 * Moves every record out of a stage, 100 per batch; bounded by the count seen before plus slack for late arrivals.
 * HubSpot's search trails writes, so records already moved can still show in the stage: they are not moved twice.
 */
async function moveAll(
  client: HubSpotClient,
  objectType: string,
  pipelineId: string,
  from: string,
  to: string,
  expected: number,
): Promise<void> {
  const moved = new Set<string>();
  for (let batch = 0; batch < Math.ceil(expected / 100) + 5; batch++) {
    const ids = (await client.recordsInStage(objectType, pipelineId, from)).ids.filter((id) => !moved.has(id));
    if (ids.length === 0) return;
    await client.moveRecords(objectType, ids, pipelineId, to);
    for (const id of ids) moved.add(id);
  }
  throw new Error(`Records kept arriving in stage ${from} of pipeline ${pipelineId} while moving them; apply again`);
}

/** Whether a stage's new label is the current label of another stage (HubSpot refuses two stages with one label). */
function labelsTaken(olds: StageSpec[], news: StageSpec[]): boolean {
  return news.some((n) =>
    olds.some(
      (o) =>
        o.key !== n.key &&
        sameLabel(o.label, n.label) &&
        !sameLabel(news.find((x) => x.key === o.key)?.label ?? "", o.label),
    ),
  );
}

/**
 * Label swaps and other ordering conflicts: HubSpot keeps stage labels unique, so when a stage wants a label that
 * another live stage holds and will not keep (it is renamed too, or removed), no order of single PATCHes works.
 * The holder gets a temporary label first; each stage resource then PATCHes its own final label (they run after
 * this resource), so the end state is exactly the blueprint, and a run that fails half-way converges on the next.
 */
async function freeLabels(
  client: HubSpotClient,
  spec: PipelineInputs,
  live: LivePipeline,
  stageIds: Record<string, string>,
): Promise<void> {
  const wanted = new Map(
    spec.stages.filter((s) => stageIds[s.key] !== undefined).map((s) => [stageIds[s.key], s.label]),
  );
  const holders = live.stages.filter(
    (h) =>
      spec.stages.some((s) => stageIds[s.key] !== h.id && sameLabel(h.label, s.label)) &&
      !sameLabel(wanted.get(h.id) ?? "", h.label),
  );
  for (const h of holders) {
    await client.updateStage(spec.objectType, live.id, h.id, {
      label: `${h.label} (renaming ${h.id})`,
      displayOrder: h.displayOrder,
      metadata: h.metadata,
    });
  }
}

const labelLocks = Symbol.for("revstack.hubspot.pipelineLabels");

/**
 * Pipeline label swaps: HubSpot keeps pipeline labels unique per object type, so when pipelines of this stack pass
 * labels around in one edit, the holder of this pipeline's new label gets a temporary label (`<label> (renaming
 * <id>)`) first; its own update then writes its final label. The pipelines' updates run at the same time in one
 * provider process, so every label write of the object type (a create only when it takes a label) happens one at
 * a time, with the look at the holder and its temporary label: a holder that already took its final label is left
 * alone. A run stopped in between leaves only temporary labels, and the next run finishes the swap.
 */
function takingLabel<T>(
  client: HubSpotClient,
  spec: PipelineInputs,
  self: LivePipeline | undefined,
  write: () => Promise<T>,
): Promise<T> {
  const holders = (spec.labelHolders ?? []).filter((id) => id !== self?.id);
  if (holders.length === 0 && (self === undefined || sameLabel(self.label, spec.label))) return write();
  const g = globalThis as unknown as Record<symbol, Map<string, Promise<unknown>> | undefined>;
  const locks = (g[labelLocks] ??= new Map());
  const turn = (locks.get(spec.objectType) ?? Promise.resolve()).then(async () => {
    for (const id of holders) {
      const holder = await client.findPipeline(spec.objectType, { id });
      if (holder && sameLabel(holder.label, spec.label)) {
        await client.updatePipeline(spec.objectType, id, {
          label: `${holder.label} (renaming ${id})`,
          displayOrder: holder.displayOrder,
        });
      }
    }
    return write();
  });
  locks.set(
    spec.objectType,
    turn.catch(() => undefined),
  );
  return turn;
}

const recordsWord = (objectType: string) =>
  objectType === "deals" ? "deal(s)" : objectType === "tickets" ? "ticket(s)" : `${objectWord(objectType)} record(s)`;

// Mapping

/**
 * On HubSpot's default pipeline a blueprint stage whose key is a default stage's (`appointmentscheduled`, tickets'
 * `new` …) is that stage, found by its id, so a customized label still finds it; the state's own mapping wins.
 */
function byDefaultId(
  specs: StageSpec[],
  defaults: Record<string, string>,
  liveIds: Set<string>,
  known: Record<string, string>,
): Record<string, string> {
  const taken = new Set(Object.values(known));
  return Object.fromEntries(
    specs.flatMap((s) => {
      const id = defaults[s.key];
      return id !== undefined && liveIds.has(id) && !taken.has(id) && known[s.key] === undefined ? [[s.key, id]] : [];
    }),
  );
}

function matchByLabel(specs: StageSpec[], live: LiveStage[], known: Record<string, string>): Record<string, string> {
  const ids = { ...known };
  const claimed = new Set(Object.values(ids));
  for (const spec of specs.filter((s) => ids[s.key] === undefined)) {
    const match = findByLabel(
      live.filter((l) => !claimed.has(l.id)),
      spec,
    );
    if (match) {
      ids[spec.key] = match.id;
      claimed.add(match.id);
    }
  }
  return ids;
}

function outputs(
  spec: PipelineInputs,
  hubspotId: string,
  stageIds: Record<string, string>,
  unmanagedStages: PipelineOutputs["unmanagedStages"],
): PipelineOutputs {
  return { ...spec, hubspotId, stageIds, unmanagedStages };
}

function sameKeys(a: string[], b: string[]): boolean {
  return a.length === b.length && [...a].sort().join("\n") === [...b].sort().join("\n");
}
