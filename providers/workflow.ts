import * as pulumi from "@pulumi/pulumi";
import {
  allowListed,
  comparable,
  N8nApiError,
  writeBody,
  type N8nClient,
  type Workflow as LiveWorkflow,
  type WorkflowStaticData,
} from "../src/clients/n8n";
import { canonical, containsUnknown } from "./shared/diff";
import { n8nClient, type N8nSettings } from "./shared/n8n";
import {
  configuredProvider,
  type CheckResult,
  type CreateResult,
  type ReadResult,
  type UpdateResult,
  type ResourceArgs,
} from "./shared/shim";
import { workflowKind } from "../src/kinds/workflow";
import { dataTablesOf } from "../src/plan/n8n/tables";
import { staticDataToWrite } from "../src/plan/n8n/activation";
import type { WorkflowInputs, WorkflowOutputs } from "../src/kinds/workflow";
export type { WorkflowInputs, WorkflowOutputs } from "../src/kinds/workflow";

/**
 * An n8n workflow compiled from the blueprint (src/plan/n8n). Write bodies come from the desired definition
 * through the client's allow-list, never from a GET. Drift is a comparison of normalized definitions that
 * ignores what n8n adds or rewrites by itself, so a fresh apply shows no drift and an edit in n8n's editor does.
 */
export const WorkflowProvider = configuredProvider("workflow");

const provider = new WorkflowProvider();

export class Workflow extends pulumi.dynamic.Resource {
  declare readonly versionId: pulumi.Output<string>;

  constructor(name: string, args: ResourceArgs<WorkflowInputs>, opts?: pulumi.CustomResourceOptions) {
    super(
      provider,
      name,
      { ...args, tagged: undefined, versionId: undefined },
      opts,
      workflowKind.module,
      workflowKind.name,
    );
  }
}

// The implementation, loaded by bare name in the provider process.

export { n8nSettingsFrom as settingsFrom } from "./shared/n8n";

export async function check(_olds: unknown, news: WorkflowInputs): Promise<CheckResult<WorkflowInputs>> {
  if (containsUnknown(news.definition)) return { inputs: news };
  try {
    writeBody(news.definition);
    return { inputs: news };
  } catch (err) {
    return { inputs: news, failures: [{ property: "definition", reason: (err as Error).message }] };
  }
}

export async function diff(
  _id: string,
  olds: WorkflowOutputs,
  news: WorkflowInputs,
): Promise<pulumi.dynamic.DiffResult> {
  const changed =
    containsUnknown(news) || contentChanged(olds, news) || olds.active !== news.active || retag(olds, news);
  return { changes: changed };
}

export async function create(
  settings: N8nSettings | undefined,
  inputs: WorkflowInputs,
): Promise<CreateResult<WorkflowOutputs>> {
  const client = n8nClient(settings);
  await ensureDataTables(client, inputs);
  const tag = await client.ensureTag(inputs.tag);
  // Polls look back to the moment the workflow goes live (src/plan/n8n/runtime/events.js), not further.
  const created = await client.createWorkflow(
    inputs.definition,
    staticDataToWrite(inputs.active, undefined, Date.now()),
  );
  try {
    await client.setWorkflowTags(created.id, [tag.id]);
    if (inputs.active) await client.activateWorkflow(created.id);
  } catch (err) {
    // Nothing half-applied: a workflow that cannot be activated is not left behind.
    await client.deleteWorkflow(created.id);
    throw new Error(`workflow "${inputs.definition.name}" was not created: ${(err as Error).message}`, { cause: err });
  }
  return { id: created.id, outs: outputs(inputs, created, true) };
}

export async function read(
  settings: N8nSettings | undefined,
  id: string,
  props: WorkflowOutputs,
): Promise<ReadResult<WorkflowInputs, WorkflowOutputs>> {
  const live = await n8nClient(settings).getWorkflow(id);
  if (!live) return {};
  const inputs: WorkflowInputs = { key: props.key, definition: allowListed(live), active: live.active, tag: props.tag };
  const tagged = (live.tags ?? []).some((t) => t.name === props.tag);
  return { id, props: outputs(inputs, live, tagged), inputs };
}

export async function update(
  settings: N8nSettings | undefined,
  id: string,
  olds: WorkflowOutputs,
  news: WorkflowInputs,
): Promise<UpdateResult<WorkflowOutputs>> {
  const client = n8nClient(settings);
  await ensureDataTables(client, news);
  // Activated now and its polls never ran: they start now (src/plan/n8n/activation.ts), written before it is activated.
  const before = news.active ? await client.getWorkflow(id) : undefined;
  const start = before && staticDataToWrite(news.active, before, Date.now());
  const replaced = contentChanged(olds, news) || start !== undefined;
  if (replaced) await replaceContent(client, id, news, start);
  const retagged = retag(olds, news);
  if (retagged) await client.setWorkflowTags(id, [(await client.ensureTag(news.tag)).id]);
  // The read before the writes still holds when nothing was written since.
  const live = before && !replaced && !retagged ? before : await client.getWorkflow(id);
  if (!live) throw new Error(`workflow "${news.definition.name}" (${id}) disappeared during the update`);
  if (news.active && !live.active) return { outs: outputs(news, await client.activateWorkflow(id), true) };
  if (!news.active && live.active) return { outs: outputs(news, await client.deactivateWorkflow(id), true) };
  return { outs: outputs(news, live, true) };
}

export async function del(settings: N8nSettings | undefined, id: string): Promise<void> {
  await n8nClient(settings).deleteWorkflow(id);
}
export { del as delete };

/** The data tables the workflow's nodes read and write (the routing log) exist before it can run; their rows are kept. */
async function ensureDataTables(client: N8nClient, inputs: WorkflowInputs): Promise<void> {
  for (const table of dataTablesOf(inputs.definition)) await client.ensureDataTable(table);
}

/**
 * PUT publishes the new version at once on an active workflow. When n8n refuses it, it may have saved the
 * content anyway and keep serving a broken version: deactivate then, so nothing half-applied runs.
 */
async function replaceContent(
  client: N8nClient,
  id: string,
  news: WorkflowInputs,
  staticData?: WorkflowStaticData,
): Promise<LiveWorkflow> {
  try {
    return await client.updateWorkflow(id, news.definition, staticData);
  } catch (err) {
    if (!(err instanceof N8nApiError) || err.status === undefined || err.status >= 500) throw err;
    const live = await client.getWorkflow(id);
    if (live?.active) await client.deactivateWorkflow(id);
    throw new Error(
      `workflow "${news.definition.name}" was deactivated because n8n refused its new version: ${err.message}`,
      { cause: err },
    );
  }
}

function outputs(inputs: WorkflowInputs, live: LiveWorkflow, tagged: boolean): WorkflowOutputs {
  return { ...inputs, tagged, versionId: live.versionId ?? "" };
}

function retag(olds: WorkflowOutputs, news: WorkflowInputs): boolean {
  return olds.tag !== news.tag || olds.tagged === false;
}

function contentChanged(olds: WorkflowInputs, news: WorkflowInputs): boolean {
  return (
    containsUnknown(news.definition) ||
    canonical(comparable(olds.definition)) !== canonical(comparable(news.definition))
  );
}

/** What drift compares (see src/clients/n8n/compare.ts); `revstack drift` describes the same differences. */
export { comparable } from "../src/clients/n8n";
