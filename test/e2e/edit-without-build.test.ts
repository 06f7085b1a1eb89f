/**
 * In revstack's own checkout an edited provider takes effect at the next `pulumi up`, without a build: the provider
 * processes run the TypeScript sources, as the program does. The test applies a blueprint from a copy of the
 * checkout whose compiled resource files are stale (each throws when loaded), so the apply can only pass if no
 * compiled resource file runs. An installed package has no sources and runs its compiled copy (test/package).
 */
import { cpSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Sandbox } from "../../src/sandbox";
import { api, sandbox } from "../providers/helpers";
import { repoRoot, type EngineStack } from "../support/engine";
import { dealPipeline, sandboxStack, stageLine } from "../support/portal";

const STALE = 'throw new Error("a compiled resource file ran");\n';

/** A checkout with its sources, its build and its packages, whose compiled resource files all throw. */
function checkoutWithStaleBuild(dir: string): string {
  const copy = path.join(dir, "revstack");
  const parts = [
    "package.json",
    "Pulumi.yaml",
    "tsconfig.json",
    "tsconfig.pulumi.json",
    "program",
    "providers",
    "src",
    "dist",
  ];
  for (const part of parts) cpSync(path.join(repoRoot, part), path.join(copy, part), { recursive: true });
  symlinkSync(path.join(repoRoot, "node_modules"), path.join(copy, "node_modules"), "dir");
  const compiled = path.join(copy, "dist/providers");
  for (const file of readdirSync(compiled).filter((f) => f.endsWith(".js")))
    writeFileSync(path.join(compiled, file), STALE);
  return copy;
}

const BLUEPRINT = `apiVersion: revstack/v1
kind: Blueprint
metadata: { name: e2e-edit-without-build }
pipelines:
  sales:
    label: Checkout Sales
    object: deals
    stages:
      - { key: open, label: Open, probability: 0.2 }
      - { key: won, label: Won, probability: 1.0, closed: won }
      - { key: lost, label: Lost, probability: 0.0, closed: lost }
properties:
  groups:
    unit_facts: { label: Unit facts }
  deals:
    unit_region: { label: Unit region, type: string, group: unit_facts }
owners:
  - { email: dev.one@checkout.test, firstName: Dev, lastName: One }
`;

describe("a provider edit in revstack's checkout", { timeout: 300_000 }, () => {
  let dir: string;
  let sb: Sandbox;
  let engine: EngineStack;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), "revstack-checkout-"));
    const copy = checkoutWithStaleBuild(dir);
    const blueprint = path.join(dir, "blueprint.yaml");
    writeFileSync(blueprint, BLUEPRINT);
    sb = await sandbox();
    engine = await sandboxStack("edit", sb, blueprint, { program: path.join(copy, "program") });
  });

  afterAll(async () => {
    await engine?.dispose();
    await sb?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("is applied by `pulumi up` from the sources, with no build in between", async () => {
    expect(await engine.up()).toEqual({ create: 9 });
    const property = await api(sb, "GET", "/crm/properties/2026-09/deals/unit_region");
    expect(property).toMatchObject({ label: "Unit region", groupName: "unit_facts" });
    expect(stageLine(await dealPipeline(sb, "Checkout Sales"))).toEqual(["Open@0:0.2", "Won@1:1.0", "Lost@2:0.0"]);
    expect(await engine.preview({ refresh: true })).toEqual({});
  });
});
