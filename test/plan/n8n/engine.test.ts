// The n8n part of the program through the real Pulumi engine (CLI from `npm run setup:pulumi`), against a real
// n8n and the CRM sandbox: up, no-change preview, refresh, drift made in n8n detected and repaired, destroy.
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadBlueprint } from "../../../src/blueprint";
import type { Blueprint } from "../../../src/blueprint/model";
import { MANAGED_TAG } from "../../../src/plan/n8n";
import { findN8nInstall } from "../../../src/runtime/n8n-install";
import { EngineStack, pulumiBinDir } from "../../support/engine";
import { HARNESS_TOKEN, startHarness, type Harness } from "../../support/n8n-harness";

const skip = !process.env.CI && (!findN8nInstall().complete || !pulumiBinDir());
if (skip) console.warn("n8n engine tests skipped: run npm run setup:n8n and npm run setup:pulumi");

const blueprintFile = path.join(__dirname, "fixtures/routing.yaml");

describe.skipIf(skip)("the n8n part through the real Pulumi engine", { timeout: 300_000 }, () => {
  let h: Harness;
  let engine: EngineStack;
  let bp: Blueprint;
  const managed = async () => (await h.client.listWorkflows({ tags: [MANAGED_TAG] })).map((w) => w.name).sort();

  beforeAll(async () => {
    bp = (await loadBlueprint(blueprintFile)).blueprint!;
    h = await startHarness({
      owners: bp.owners.map((o) => o.email),
      contactProperties: [["lead_source", "string", "text"]],
    });
    engine = await EngineStack.open("n8n", {
      program: path.join(__dirname, "fixtures/program"),
      config: { "revstack:blueprint": blueprintFile, "n8n:baseUrl": h.n8n.baseUrl, "hubspot:baseUrl": h.sandbox.url },
      secrets: { "n8n:apiKey": h.n8n.apiKey, "hubspot:token": HARNESS_TOKEN },
    });
  }, 180_000);

  afterAll(async () => {
    await engine?.dispose();
    await h?.stop();
  });

  it("up creates the CRM credential and the tagged workflows, and the routing workflow assigns a lead", async () => {
    // stack + blueprint component + credential + routing, SLA timers, the signup automation
    expect(await engine.up()).toEqual({ create: 6 });
    expect(await managed()).toEqual([
      "revstack engine-n8n: automation-signup",
      "revstack engine-n8n: routing",
      "revstack engine-n8n: sla-timers",
    ]);
    const lead = await h.newLead({ email: "engine-lead@example.test" });
    expect((await h.routeLead(bp, lead)).owner).toBe("ann@engine.test");
    const stored = await h.crm("GET", `/crm/objects/2026-09/contacts/${lead}?properties=hubspot_owner_id`);
    expect(h.ownerEmail(stored.properties.hubspot_owner_id)).toBe("ann@engine.test");
    const state = await engine.stateText();
    expect(state).not.toContain(h.n8n.apiKey);
    expect(state).not.toContain(HARNESS_TOKEN);
  });

  it("then has nothing to do: preview and refresh see no drift", async () => {
    expect(await engine.preview()).toEqual({});
    expect(await engine.refresh()).toEqual({});
    expect(await engine.preview()).toEqual({});
  });

  it("sees an edit made in n8n's editor and repairs it", async () => {
    const routing = (await h.client.listWorkflows({ name: "revstack engine-n8n: routing" }))[0];
    const live = (await h.client.getWorkflow(routing.id))!;
    live.nodes.find((n) => n.name === "Choose the owner")!.parameters.jsCode = "return [];";
    await h.client.updateWorkflow(routing.id, live);
    expect(await engine.preview({ refresh: true })).toEqual({ update: 1 });
    expect(await engine.up({ refresh: true })).toEqual({ update: 1 });
    const repaired = (await h.client.getWorkflow(routing.id))!;
    expect(repaired.nodes.find((n) => n.name === "Choose the owner")!.parameters.jsCode).toContain("function route(");
    expect(repaired.active).toBe(true);
    expect(await engine.preview({ refresh: true })).toEqual({});
  });

  it("destroy removes the workflows and the credential", async () => {
    expect(await engine.destroy()).toEqual({ delete: 6 });
    expect(await managed()).toEqual([]);
    expect((await h.client.listCredentials()).map((c) => c.name)).not.toContain("revstack engine-n8n CRM");
  });
});
