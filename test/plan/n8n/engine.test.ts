// The n8n part of the program through the real Pulumi engine (CLI from `npm run setup:pulumi`), against a real
// n8n and the CRM sandbox: up, no-change preview, refresh, drift made in n8n detected and repaired, destroy.
import { execFileSync } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadBlueprint } from "../../../src/blueprint";
import type { Blueprint } from "../../../src/blueprint/model";
import { MANAGED_TAG, webhookPrefix } from "../../../src/plan/n8n";
import { findN8nInstall } from "../../../src/runtime/n8n-install";
import { EngineStack, pulumiBinDir } from "../../support/engine";
import { HARNESS_SECRETS, HARNESS_TOKEN, startHarness, type Harness } from "../../support/n8n-harness";

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
      secrets: {
        "n8n:apiKey": h.n8n.apiKey,
        "hubspot:token": HARNESS_TOKEN,
        "revstack:webhookSecret": HARNESS_SECRETS.webhook,
      },
    });
  }, 180_000);

  afterAll(async () => {
    await engine?.dispose();
    await h?.stop();
  });

  it("up creates the CRM credential and the tagged workflows, and the routing workflow assigns a lead", async () => {
    // stack + blueprint component + 3 credentials (CRM, webhook secret, internal calls) + routing, SLA timers,
    // the signup automation
    expect(await engine.up()).toEqual({ create: 8 });
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
    for (const secret of [h.n8n.apiKey, HARNESS_TOKEN, HARNESS_SECRETS.webhook]) {
      expect(state).not.toContain(secret);
      expect(engine.logs.join("\n")).not.toContain(secret);
    }
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

  it("rotating the webhook secret is `pulumi config set --secret` and `up`: the old secret is refused from then on", async () => {
    const lead = await h.newLead({ email: "rotation@example.test" });
    const rotated = "rotated-webhook-secret-0123456789abcdefghij";
    execFileSync(
      path.join(pulumiBinDir()!, "pulumi"),
      ["config", "set", "--stack", "n8n", "--secret", "revstack:webhookSecret", rotated],
      { cwd: engine.projectDir, env: { ...process.env, ...engine.env }, stdio: "pipe" },
    );
    // The webhook-secret credential is replaced; the workflows checking it follow its new id.
    expect(await engine.up()).toMatchObject({ replace: 1 });
    const route = `${webhookPrefix(bp)}/route-lead`;
    expect((await h.signedCall(route, { contactId: lead }, HARNESS_SECRETS.webhook)).status).toBe(401);
    const routed = await h.signedCall(route, { contactId: lead }, rotated);
    expect(routed).toMatchObject({ status: 200, body: { acknowledged: true, leadId: lead } });
    const state = await engine.stateText();
    for (const secret of [HARNESS_SECRETS.webhook, rotated]) {
      expect(state).not.toContain(secret);
      expect(engine.logs.join("\n")).not.toContain(secret);
    }
    expect(await engine.preview()).toEqual({});
  });

  it("destroy removes the workflows and the credential", async () => {
    expect(await engine.destroy()).toEqual({ delete: 8 });
    expect(await managed()).toEqual([]);
    expect((await h.client.listCredentials()).map((c) => c.name)).not.toContain("revstack engine-n8n CRM");
  });
});
