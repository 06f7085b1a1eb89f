// Engine tests against the sandbox: stacks of the real program, and what they look at in the portal (deal pipelines
// with their stages, deal properties).
import { copyFile, mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Sandbox } from "../../src/sandbox";
import { api, TOKEN } from "../providers/helpers";
import { EngineStack } from "./engine";

export interface LiveStage {
  id: string;
  label: string;
  displayOrder: number;
  metadata: Record<string, string>;
}

export interface LivePipeline {
  id: string;
  label: string;
  displayOrder: number;
  stages: LiveStage[];
}

export async function dealPipelines(sb: Sandbox): Promise<LivePipeline[]> {
  return (await api(sb, "GET", "/crm/pipelines/2026-09/deals")).results;
}

export async function dealPipeline(sb: Sandbox, label: string): Promise<LivePipeline> {
  const found = (await dealPipelines(sb)).find((p) => p.label === label);
  if (!found) throw new Error(`the portal has no deal pipeline "${label}"`);
  return found;
}

export function stageOf(pipeline: LivePipeline, label: string): LiveStage {
  const found = pipeline.stages.find((s) => s.label === label);
  if (!found) throw new Error(`pipeline "${pipeline.label}" has no stage "${label}"`);
  return found;
}

/** A hand edit of a stage as HubSpot takes it: the whole body (label, position, metadata) with `edit` applied. */
export const stageEdit = (stage: LiveStage, edit: Partial<Pick<LiveStage, "label" | "displayOrder" | "metadata">>) => ({
  label: stage.label,
  displayOrder: stage.displayOrder,
  metadata: stage.metadata,
  ...edit,
});

/** Stages as `label@order:probability`, in display order: one comparable line per pipeline. */
export function stageLine(pipeline: LivePipeline): string[] {
  return [...pipeline.stages]
    .sort((a, b) => a.displayOrder - b.displayOrder)
    .map((s) => `${s.label}@${s.displayOrder}:${s.metadata.probability ?? ""}`);
}

/** Everything a blueprint can touch, for "destroy leaves the portal as it was". */
export async function portalSnapshot(sb: Sandbox): Promise<unknown> {
  const pipelines = await dealPipelines(sb);
  const groups = (await api(sb, "GET", "/crm/properties/2026-09/deals/groups")).results;
  const properties = (await api(sb, "GET", "/crm/properties/2026-09/deals")).results;
  return {
    pipelines: pipelines.map((p) => ({ id: p.id, label: p.label, stages: stageLine(p) })),
    groups: groups.map((g: { name: string; label: string }) => `${g.name}:${g.label}`).sort(),
    properties: properties.map((p: { name: string; label: string }) => `${p.name}:${p.label}`).sort(),
  };
}

/** A stack of the repository's program applying `blueprint` to the sandbox, with the token as secret config. */
export function sandboxStack(
  name: string,
  sb: Sandbox,
  blueprint: string,
  options: { sibling?: EngineStack; config?: Record<string, string>; program?: string } = {},
): Promise<EngineStack> {
  return EngineStack.open(name, {
    program: options.program,
    config: {
      "revstack:blueprint": blueprint,
      "hubspot:baseUrl": sb.url,
      "hubspot:portalId": String(sb.portalId),
      ...options.config,
    },
    secrets: { "hubspot:token": TOKEN },
    sibling: options.sibling,
  });
}

/** A stack that adopts what it finds in the portal (`revstack:adopt`), as a user does after `revstack export`. */
export const adoptingStack = (name: string, sb: Sandbox, blueprint: string): Promise<EngineStack> =>
  sandboxStack(name, sb, blueprint, { config: { "revstack:adopt": "true" } });

/** A private copy of a fixture blueprint (test/e2e/fixtures/blueprints/<name>) that a test may edit. */
export async function editableBlueprint(name: string): Promise<{ dir: string; file: string }> {
  const dir = await mkdtemp(path.join(tmpdir(), "revstack-blueprint-"));
  const file = path.join(dir, name);
  await copyFile(fixtureBlueprint(name), file);
  return { dir, file };
}

export const fixtureBlueprint = (name: string): string => path.join(__dirname, "../e2e/fixtures/blueprints", name);
