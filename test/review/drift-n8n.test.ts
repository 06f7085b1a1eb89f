/**
 * `revstack drift` for the n8n part: a real n8n and the sandbox, the program's n8n part through the real engine.
 * No false drift after a fresh apply; an edit in n8n's editor and a workflow switched off by hand are drift
 * (exit 2) named in the user's words; `--fix` repairs them.
 */
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { register } from "../../src/cli/commands/drift";
import { loadBlueprint } from "../../src/blueprint";
import { findN8nInstall } from "../../src/runtime/n8n-install";
import { EngineStack, pulumiBinDir } from "../support/engine";
import { HARNESS_TOKEN, startHarness, type Harness } from "../support/n8n-harness";
import { runCommands, withEnv } from "./cli";

const skip = !process.env.CI && (!findN8nInstall().complete || !pulumiBinDir());
if (skip) console.warn("n8n drift tests skipped: run npm run setup:n8n and npm run setup:pulumi");

const fixtures = path.join(__dirname, "../plan/n8n/fixtures");
const blueprintFile = path.join(fixtures, "routing.yaml");
const PASSPHRASE = "revstack-review-n8n";

describe.skipIf(skip)("revstack drift against a real n8n", { timeout: 300_000 }, () => {
  let h: Harness;
  let engine: EngineStack;

  const drift = (...args: string[]) =>
    withEnv({ PULUMI_BACKEND_URL: `file://${engine.backendDir}`, PULUMI_CONFIG_PASSPHRASE: PASSPHRASE }, () =>
      runCommands([register], ["drift", "--stack", "n8ndrift", "--cwd", engine.projectDir, ...args]),
    );
  const workflow = async (name: string) => (await h.client.listWorkflows({ name }))[0];

  beforeAll(async () => {
    const bp = (await loadBlueprint(blueprintFile)).blueprint!;
    h = await startHarness({
      owners: bp.owners.map((o) => o.email),
      contactProperties: [["lead_source", "string", "text"]],
    });
    engine = await EngineStack.open("n8ndrift", {
      program: path.join(fixtures, "program"),
      config: { "revstack:blueprint": blueprintFile, "n8n:baseUrl": h.n8n.baseUrl, "hubspot:baseUrl": h.sandbox.url },
      secrets: { "n8n:apiKey": h.n8n.apiKey, "hubspot:token": HARNESS_TOKEN },
      env: { PULUMI_CONFIG_PASSPHRASE: PASSPHRASE },
    });
    await engine.up();
  }, 240_000);

  afterAll(async () => {
    await engine?.dispose();
    await h?.stop();
  });

  it("finds no drift right after a fresh apply (exit 0)", async () => {
    const { code, stdout } = await drift();
    expect(stdout.split("\n")[1]).toBe("No drift: the live system matches the blueprint.");
    expect(code).toBe(0);
  });

  it("exits 2 for a node edited in n8n's editor and a workflow switched off, and --fix repairs both", async () => {
    const routing = await workflow("revstack engine-n8n: routing");
    const live = (await h.client.getWorkflow(routing.id))!;
    live.nodes.find((n) => n.name === "Choose the owner")!.parameters.jsCode = "return [];";
    await h.client.updateWorkflow(routing.id, live);
    await h.client.deactivateWorkflow((await workflow("revstack engine-n8n: automation-signup")).id);

    const { code, stdout, stderr } = await drift("--format", "json");
    expect(stderr).toBe("");
    expect(code).toBe(2);
    const messages = JSON.parse(stdout).changes.map(
      (c: { scope: string; message: string }) => `${c.scope}: ${c.message}`,
    );
    expect(messages).toContain(
      "n8n: routing and SLA timers: Workflow 'revstack engine-n8n: routing' node 'Choose the owner' changed: its code differs from what the blueprint compiles to (edited in n8n?)",
    );
    expect(messages).toContain(
      "n8n: automations: Workflow 'revstack engine-n8n: automation-signup' now active (was inactive)",
    );
    const switchedOff = JSON.parse(stdout).changes.find((c: { message: string }) => /now active/.test(c.message));
    expect(switchedOff.danger).toBe("while it is inactive, its automation does not fire");
    expect(stdout).not.toContain(h.n8n.apiKey);

    const fixed = await drift("--fix");
    expect(fixed.code).toBe(0);
    expect((await workflow("revstack engine-n8n: automation-signup")).active).toBe(true);
    const repaired = (await h.client.getWorkflow(routing.id))!;
    expect(repaired.nodes.find((n) => n.name === "Choose the owner")!.parameters.jsCode).toContain("function route(");
  });
});
