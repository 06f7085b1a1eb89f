/**
 * `revstack preview` after a blueprint edit, through the real engine with blueprints/base.yaml applied to the
 * sandbox and a real n8n: a stage probability is exactly that stage (nothing in n8n), a routing rule is exactly
 * that rule's change, in words.
 */
import { copyFile, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { register } from "../../src/cli/commands/preview";
import { findN8nInstall } from "../../src/runtime/n8n-install";
import { EngineStack, pulumiBinDir, repoRoot } from "../support/engine";
import { HARNESS_TOKEN, startHarness, type Harness } from "../support/n8n-harness";
import { runCommands, withEnv } from "./cli";

const skip = !process.env.CI && (!findN8nInstall().complete || !pulumiBinDir());
if (skip) console.warn("n8n preview tests skipped: run npm run setup:n8n and npm run setup:pulumi");

const PASSPHRASE = "revstack-review-preview";

describe.skipIf(skip)("revstack preview of blueprints/base.yaml edits, with n8n", { timeout: 600_000 }, () => {
  let h: Harness;
  let engine: EngineStack;
  let dir: string;
  let file: string;
  let original: string;

  const preview = async () => {
    const { code, stdout, stderr } = await withEnv(
      { PULUMI_BACKEND_URL: `file://${engine.backendDir}`, PULUMI_CONFIG_PASSPHRASE: PASSPHRASE },
      () =>
        runCommands([register], ["preview", "--stack", "basepreview", "--cwd", engine.projectDir, "--format", "json"]),
    );
    expect(stderr).toBe("");
    expect(code).toBe(0);
    return (JSON.parse(stdout).changes as Array<{ scope?: string; message: string }>).map(
      (c) => `${c.scope ? `${c.scope}: ` : ""}${c.message}`,
    );
  };

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "revstack-preview-"));
    file = path.join(dir, "base.yaml");
    await copyFile(path.join(repoRoot, "blueprints/base.yaml"), file);
    original = await readFile(file, "utf8");
    h = await startHarness({ owners: [], contactProperties: [] });
    engine = await EngineStack.open("basepreview", {
      config: { "revstack:blueprint": file, "n8n:baseUrl": h.n8n.baseUrl, "hubspot:baseUrl": h.sandbox.url },
      secrets: { "n8n:apiKey": h.n8n.apiKey, "hubspot:token": HARNESS_TOKEN },
      env: { PULUMI_CONFIG_PASSPHRASE: PASSPHRASE },
    });
    await engine.up();
  }, 600_000);

  afterAll(async () => {
    await engine?.dispose();
    await h?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it("nothing to do right after the apply", async () => {
    expect(await preview()).toEqual([]);
  });

  it("one stage probability: exactly that stage, nothing in n8n", async () => {
    const edited = original.replace(
      "{ key: demo, label: Demo Scheduled, probability: 0.2,",
      "{ key: demo, label: Demo Scheduled, probability: 0.3,",
    );
    expect(edited).not.toBe(original);
    await writeFile(file, edited);
    expect(await preview()).toEqual([
      "Pipeline 'New Business' (new-business): Stage 'Demo Scheduled' probability 20% → 30%",
    ]);
  });

  it("one routing rule: exactly that rule's change, in words", async () => {
    const edited = original.replace(
      "{ property: company_size, op: gte, value: 1000 }",
      "{ property: company_size, op: gte, value: 500 }",
    );
    expect(edited).not.toBe(original);
    await writeFile(file, edited);
    expect(await preview()).toEqual([
      "n8n: routing and SLA timers: Workflow 'revstack acme-base: routing' nodes 'Choose the owner' and 'Choose the owners' changed: routing rule 'enterprise-inbound' condition company_size ≥ 1000 → company_size ≥ 500",
    ]);
  });

  it("a second stack on the portal whose automations act on the same events: its preview stops, naming both", async () => {
    // Last. The second stack exists in the backend but was never applied: it acts on nothing yet, so the first
    // stack's preview goes on, while the second's stops before any write (and so would its up).
    const unit = await EngineStack.open("unitpreview", {
      sibling: engine,
      config: { "revstack:blueprint": file, "n8n:baseUrl": h.n8n.baseUrl, "hubspot:baseUrl": h.sandbox.url },
      secrets: { "n8n:apiKey": h.n8n.apiKey, "hubspot:token": HARNESS_TOKEN },
      env: { PULUMI_CONFIG_PASSPHRASE: PASSPHRASE },
    });
    try {
      const run = (stack: string) =>
        withEnv({ PULUMI_BACKEND_URL: `file://${engine.backendDir}`, PULUMI_CONFIG_PASSPHRASE: PASSPHRASE }, () =>
          runCommands([register], ["preview", "--stack", stack, "--cwd", engine.projectDir]),
        );
      const stopped = await run("unitpreview");
      expect(stopped.code).not.toBe(0);
      expect(stopped.stdout + stopped.stderr).toContain(
        `stack "unitpreview"'s automation demo-booked-prep and stack "basepreview"'s automation demo-booked-prep ` +
          `act on the same events on one portal (when a deal enters stage "Demo Scheduled" of pipeline "New Business")`,
      );
      const other = await run("basepreview");
      expect(other.code, other.stdout + other.stderr).toBe(0);
      expect(other.stdout + other.stderr).not.toContain("unitpreview");
    } finally {
      await unit.dispose();
    }
  });
});
