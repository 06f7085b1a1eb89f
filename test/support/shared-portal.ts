// Engine tests with several stacks on one sandbox portal: what each stack's state holds and what the portal holds.
import { copyFile, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Sandbox } from "../../src/sandbox";
import { rm } from "node:fs/promises";
import { api, sandbox } from "../providers/helpers";
import type { EngineStack } from "./engine";
import { dealPipelines, fixtureBlueprint, sandboxStack, stageLine } from "./portal";

/** Every object the shared-portal blueprints can touch, with ids: deal pipelines, deal groups and properties, users. */
export async function objectsWithIds(sb: Sandbox): Promise<Record<string, string>> {
  const all: Record<string, string> = {};
  for (const p of await dealPipelines(sb)) all[`pipeline:${p.label}`] = `${p.id} ${stageLine(p).join(",")}`;
  for (const g of (await api(sb, "GET", "/crm/v3/properties/deals/groups")).results) all[`group:${g.name}`] = g.label;
  for (const p of (await api(sb, "GET", "/crm/v3/properties/deals")).results) {
    all[`property:${p.name}`] = JSON.stringify([p.label, p.type, p.groupName, p.description ?? "", p.options ?? []]);
  }
  for (const u of (await api(sb, "GET", "/settings/v3/users")).results)
    all[`user:${u.email}`] = `${u.id} ${u.firstName} ${u.lastName}`;
  return all;
}

/** The natural keys in a stack's state (pipelines by label, properties and groups by name, users by email). */
export async function stateKeys(stack: EngineStack): Promise<string[]> {
  const keys = (await stack.resources()).map((r) => {
    const i = (r.outputs ?? r.inputs ?? {}) as Record<string, string>;
    const kind = r.type.split(":").pop();
    if (kind === "Pipeline") return `pipeline:${i.label}`;
    if (kind === "PropertyGroup") return `group:${i.name}`;
    if (kind === "Property") return `property:${i.name}`;
    if (kind === "User") return `user:${i.email}`;
    return undefined;
  });
  return keys.filter((k): k is string => k !== undefined).sort();
}

/** The stack's `revstack` output: what it uses without owning. */
export async function references(stack: EngineStack): Promise<Record<string, string>> {
  const outputs = await stack.stack.outputs();
  return ((outputs.revstack?.value ?? {}) as { references?: Record<string, string> }).references ?? {};
}

/** A temp dir with copies of the shared fixtures, and `extra` files written into it, for tests that edit them. */
export async function blueprintDir(extra: Record<string, string> = {}): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "revstack-shared-"));
  for (const name of ["shared-base.yaml", "shared-unit.yaml"])
    await copyFile(fixtureBlueprint(name), path.join(dir, name));
  for (const [name, text] of Object.entries(extra)) await writeFile(path.join(dir, name), text);
  return dir;
}

/** Drift on a stack as `revstack drift` sees it: the changes a refreshing preview finds (none when `{}`). */
export async function driftOf(stack: EngineStack): Promise<Record<string, number>> {
  const { digest } = await stack.previewJson({ refresh: true });
  return Object.fromEntries(
    Object.entries(digest.changeSummary).filter(([op, n]) => op !== "same" && (n ?? 0) > 0),
  ) as Record<string, number>;
}

export interface SharedPortal {
  sb: Sandbox;
  dir: string;
  /** Stack "base" applying shared-base.yaml. */
  base: EngineStack;
  /** Stack "unit" applying shared-unit.yaml (which extends it), same project, backend and portal. */
  unit: EngineStack;
  close(): Promise<void>;
}

/** A sandbox portal with a base and a unit stack (not applied yet); `extra` blueprint files go next to theirs. */
export async function openSharedPortal(extra: Record<string, string> = {}): Promise<SharedPortal> {
  const sb = await sandbox({ tier: 250 });
  const dir = await blueprintDir(extra);
  const base = await sandboxStack("base", sb, path.join(dir, "shared-base.yaml"));
  const unit = await sandboxStack("unit", sb, path.join(dir, "shared-unit.yaml"), { sibling: base });
  return {
    sb,
    dir,
    base,
    unit,
    async close() {
      await unit.dispose();
      await base.dispose();
      await sb.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
