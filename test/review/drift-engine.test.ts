/**
 * `revstack drift` and `revstack preview` as a user runs them, with the real engine against the sandbox on
 * 127.0.0.1: no false drift after a fresh apply, exit 2 after each kind of hand edit in the portal, and
 * `--fix` puts the blueprint back. (n8n drift is not covered: the n8n workflow provider has not landed.)
 */
import { copyFile, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { register as registerDrift } from "../../src/cli/commands/drift";
import { register as registerPreview } from "../../src/cli/commands/preview";
import { loadBlueprint } from "../../src/blueprint";
import { crmPlan } from "../../src/plan/crm";
import type { Sandbox } from "../../src/sandbox";
import { api, sandbox, TOKEN } from "../providers/helpers";
import { EngineStack } from "../support/engine";
import { dealPipeline, stageEdit, stageOf } from "../support/portal";
import { runCommands, withEnv, type Run } from "./cli";

const PASSPHRASE = "revstack-review-drift";

let sb: Sandbox;
/** Resources the CRM plan declares for the fixture: one readable change each in a first preview. */
let planned: number;
let engine: EngineStack;
let dir: string;

function revstack(args: string[], stack = "review"): Promise<Run> {
  const env = { PULUMI_BACKEND_URL: `file://${engine.backendDir}`, PULUMI_CONFIG_PASSPHRASE: PASSPHRASE };
  return withEnv(env, () =>
    runCommands([registerDrift, registerPreview], [...args, "--stack", stack, "--cwd", engine.projectDir]),
  );
}

async function expectDrift(...messages: string[]): Promise<void> {
  const { code, stdout, stderr } = await revstack(["drift", "--format", "json"]);
  expect(stderr).toBe("");
  expect(code).toBe(2);
  const report = JSON.parse(stdout);
  expect(report.changes.map((c: { message: string }) => c.message)).toEqual(messages);
}

describe("revstack drift against the sandbox", { timeout: 300_000 }, () => {
  beforeAll(async () => {
    sb = await sandbox({ tier: 250 });
    dir = await mkdtemp(path.join(tmpdir(), "revstack-drift-"));
    const blueprint = path.join(dir, "blueprint.yaml");
    await copyFile(path.join(__dirname, "fixtures/plan-base.yaml"), blueprint);
    const plan = crmPlan((await loadBlueprint(blueprint)).blueprint!);
    planned =
      plan.pipelines.length +
      plan.pipelines.reduce((n, p) => n + p.stages.length, 0) +
      plan.propertyGroups.length +
      plan.properties.length +
      plan.users.length +
      plan.teams.length;
    engine = await EngineStack.open("review", {
      config: { "revstack:blueprint": blueprint, "hubspot:baseUrl": sb.url, "hubspot:portalId": String(sb.portalId) },
      secrets: { "hubspot:token": TOKEN },
      env: { PULUMI_CONFIG_PASSPHRASE: PASSPHRASE },
    });
  });

  afterAll(async () => {
    await engine?.dispose();
    await sb?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("preview before the first apply lists what will be created, with lifecycle and reporting as manual steps", async () => {
    const { code, stdout } = await revstack(["preview", "--format", "markdown"]);
    expect(code).toBe(0);
    expect(stdout).toContain(`**${planned} changes**`);
    expect(stdout).toContain("- ➕ Stage 'Demo Scheduled' created: probability 30%");
    expect(stdout).toContain("- [ ] Reporting: 3 metrics on 1 dashboard");
    expect(stdout).not.toContain(TOKEN);
  });

  it("finds no drift right after a fresh apply (exit 0)", async () => {
    expect(await engine.up()).toEqual({ create: planned + 2 }); // + the stack and the blueprint component
    const { code, stdout } = await revstack(["drift"]);
    expect(stdout.split("\n")[1]).toBe("No drift: the live system matches the blueprint.");
    expect(code).toBe(0);
  });

  it("exits 2 for a stage renamed by hand, and --fix puts it back (exit 0)", async () => {
    const nb = await dealPipeline(sb, "New Business");
    const discovery = stageOf(nb, "Discovery");
    await api(
      sb,
      "PATCH",
      `/crm/pipelines/2026-09/deals/${nb.id}/stages/${discovery.id}`,
      stageEdit(discovery, { label: "Disco" }),
    );
    await expectDrift("Stage 'Disco' renamed to 'Discovery'");
    const fixed = await revstack(["drift", "--fix"]);
    expect(fixed.code).toBe(0);
    expect(fixed.stdout).toContain("note: --fix applied the blueprint: the live system now matches it.");
    expect(stageOf(await dealPipeline(sb, "New Business"), "Discovery").label).toBe("Discovery");
  });

  it("exits 2 for a probability and a stage added by hand", async () => {
    const nb = await dealPipeline(sb, "New Business");
    const stages = `/crm/pipelines/2026-09/deals/${nb.id}/stages`;
    const demo = stageOf(nb, "Demo Scheduled");
    await api(sb, "PATCH", `${stages}/${demo.id}`, stageEdit(demo, { metadata: { probability: "0.5" } }));
    await api(sb, "POST", stages, { label: "Added by hand", displayOrder: 9, metadata: { probability: "0.3" } });
    await expectDrift(
      "Stage 'Added by hand' (added in HubSpot, not in the blueprint) removed",
      "Stage 'Demo Scheduled' probability 50% → 30%",
    );
    await engine.up({ refresh: true });
  });

  it("exits 2 for a property's label and options edited by hand", async () => {
    await api(sb, "PATCH", "/crm/properties/2026-09/contacts/lead_source", {
      label: "Source",
      options: [
        { value: "demo_request", label: "Demo request", displayOrder: 0, hidden: false },
        { value: "other", label: "Other", displayOrder: 1, hidden: false },
      ],
    });
    await expectDrift(
      "Property 'Source' (lead_source) renamed to 'Lead source'",
      "Property 'Lead source' (lead_source) option 'eBook' (ebook) added",
    );
    await engine.up({ refresh: true });
  });

  it("exits 2 for a pipeline deleted by hand, and for an owner's name changed by hand", async () => {
    const tickets = (await api(sb, "GET", "/crm/pipelines/2026-09/tickets")).results.find(
      (p: { label: string }) => p.label === "Support",
    );
    await api(sb, "DELETE", `/crm/pipelines/2026-09/tickets/${tickets.id}`);
    const users = (await api(sb, "GET", "/settings/users/2026-03")).results as Array<{ id: string; email: string }>;
    await api(sb, "PUT", `/settings/users/2026-03/${users.find((u) => u.email === "sam@acme.test")!.id}`, {
      firstName: "Samuel",
    });
    await expectDrift(
      "Pipeline 'Support' is missing in the live system: it will be created again",
      "Stage 'New' is missing in the live system: it will be created again",
      "Stage 'Resolved' is missing in the live system: it will be created again",
      "Owner sam@acme.test first name 'Samuel' → 'Sam'",
    );
    await engine.up({ refresh: true });
    expect((await revstack(["drift"])).code).toBe(0);
  });

  it("exits 1 with one line for a stack that does not exist", async () => {
    const missing = await revstack(["drift"], "nope");
    expect(missing.code).toBe(1);
    expect(missing.stdout).toBe("");
    expect(missing.stderr).toMatch(/^revstack drift: .*nope/);
    expect(missing.stderr.split("\n").filter(Boolean)).toHaveLength(1);
  });
});
