import * as pulumi from "@pulumi/pulumi";
import type { Settings } from "./shared/config";
import { guardedClient } from "./shared/config";
import { changedFields, UNKNOWN } from "./shared/diff";
import {
  configuredProvider,
  type CheckResult,
  type CreateResult,
  type ReadResult,
  type UpdateResult,
  type ResourceArgs,
} from "./shared/shim";
import { updatable } from "../src/kinds";
import { hubspotStage, liveStageSpec, stageKind } from "../src/kinds/stage";
import type { StageInputs } from "../src/kinds/stage";
export type { StageInputs } from "../src/kinds/stage";

/**
 * The fields of one pipeline stage: label, order, probability (deals) or ticket state. Which stages exist is
 * the pipeline's business (see ./pipeline): the pipeline creates a stage and hands its id to this resource,
 * and removes it, moving its deals first. So creating this resource adopts the stage the pipeline made, and
 * deleting it leaves HubSpot alone.
 */
export const PipelineStageProvider = configuredProvider("stage");

const provider = new PipelineStageProvider();

export class PipelineStage extends pulumi.dynamic.Resource {
  constructor(name: string, args: ResourceArgs<StageInputs>, opts?: pulumi.CustomResourceOptions) {
    super(provider, name, args, opts, stageKind.module, stageKind.name);
  }
}

const fields = updatable(stageKind);

export { settingsFrom } from "./shared/config";
export async function check(_olds: unknown, news: StageInputs): Promise<CheckResult<StageInputs>> {
  return { inputs: news };
}

export async function diff(_id: string, olds: StageInputs, news: StageInputs): Promise<pulumi.dynamic.DiffResult> {
  // The ids come from the pipeline's outputs, which are unknown in a preview whenever the pipeline changes; an
  // unknown id is taken as unchanged there (the real run compares the real ids).
  const identity = stageKind.identity.filter((f) => news[f] !== UNKNOWN && olds[f] !== news[f]);
  if (identity.length > 0) return { changes: true, replaces: [...identity] };
  return { changes: changedFields(olds, news, fields).length > 0 };
}

export async function create(settings: Settings | undefined, inputs: StageInputs): Promise<CreateResult<StageInputs>> {
  const client = await guardedClient(settings);
  const live = (await client.findPipeline(inputs.objectType, { id: inputs.pipelineId }))?.stages.find(
    (s) => s.id === inputs.stageId,
  );
  if (!live) {
    throw new Error(
      `Stage "${inputs.label}" (id ${inputs.stageId}) is not in pipeline ${inputs.pipelineId}; run \`pulumi refresh\` and apply again`,
    );
  }
  if (changedFields({ ...inputs, ...liveStageSpec(inputs.objectType, inputs.key, live) }, inputs, fields).length > 0)
    await patch(settings, inputs);
  return { id: inputs.stageId, outs: inputs };
}

export async function read(
  settings: Settings | undefined,
  id: string,
  props: StageInputs,
): Promise<ReadResult<StageInputs, StageInputs>> {
  const client = await guardedClient(settings);
  const live = (await client.findPipeline(props.objectType, { id: props.pipelineId }))?.stages.find((s) => s.id === id);
  if (!live) return {};
  const inputs: StageInputs = { ...props, ...liveStageSpec(props.objectType, props.key, live), stageId: id };
  return { id, props: inputs, inputs };
}

export async function update(
  settings: Settings | undefined,
  _id: string,
  _olds: StageInputs,
  news: StageInputs,
): Promise<UpdateResult<StageInputs>> {
  await patch(settings, news);
  return { outs: news };
}

/** The pipeline removes its stages (moving their deals); a stage on its own has nothing to delete. */
export async function del(_settings?: Settings, _id?: string, _props?: StageInputs): Promise<void> {}
export { del as delete };

/** One PATCH with every field: HubSpot's stage PATCH wants the metadata whole anyway. */
async function patch(settings: Settings | undefined, s: StageInputs): Promise<void> {
  const client = await guardedClient(settings);
  await client.updateStage(s.objectType, s.pipelineId, s.stageId, hubspotStage(s.objectType, s));
}
