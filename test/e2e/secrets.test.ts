// The HubSpot token is stack config (a secret) and nothing else: it never shows up in the state file, the stack's
// config file, the CLI output, `pulumi preview --json`, or an error message.
import { readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Sandbox } from "../../src/sandbox";
import type { EngineStack } from "../support/engine";
import { editableBlueprint, sandboxStack } from "../support/portal";
import { sandbox, TOKEN } from "../providers/helpers";

describe("the HubSpot token", { timeout: 300_000 }, () => {
  let sb: Sandbox;
  let engine: EngineStack;
  let dir: string;
  let blueprint: string;

  beforeAll(async () => {
    sb = await sandbox({ tier: 250 });
    ({ dir, file: blueprint } = await editableBlueprint("lifecycle.yaml"));
    engine = await sandboxStack("secrets", sb, blueprint);
  });

  afterAll(async () => {
    await engine?.dispose();
    await sb?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it("is used, but never written down or printed", async () => {
    expect(await engine.up()).toMatchObject({ create: 15 });
    const { text, digest } = await engine.previewJson({ refresh: true });
    expect(digest.changeSummary).toEqual({ same: 15 });
    expect(text).not.toContain(TOKEN);

    const state = await engine.stateText();
    expect(state).toContain("pulumi-nodejs:dynamic/hubspot:Pipeline");
    expect(state).not.toContain(TOKEN);
    const stackConfig = await readFile(path.join(engine.projectDir, "stacks/Pulumi.secrets.yaml"), "utf8");
    expect(stackConfig).toMatch(/hubspot:token:\s+secure:/);
    expect(stackConfig).not.toContain(TOKEN);
    expect(engine.logs.join("")).toContain("Updating (secrets)");
    expect(engine.logs.join("")).not.toContain(TOKEN);
  });

  it("stays out of the error when the portal guard stops a run", async () => {
    await engine.stack.setConfig("hubspot:portalId", { value: String(sb.portalId + 1) });
    await writeFile(blueprint, (await readFile(blueprint, "utf8")).replace("label: Renewals", "label: Renewals 2"));
    const output = await engine.failedUp();
    expect(output).toContain("Portal guard");
    expect(output).not.toContain(TOKEN);
    expect(engine.logs.join("")).not.toContain(TOKEN);
    // Refresh and destroy configure providers from state, so the fixed portal id takes effect with the next `up`.
    await engine.stack.setConfig("hubspot:portalId", { value: String(sb.portalId) });
    expect(await engine.up()).toEqual({ update: 1 });
    expect(await engine.destroy()).toEqual({ delete: 15 });
  });
});
