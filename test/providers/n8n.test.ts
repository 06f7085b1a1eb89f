import { fakeCallers } from "../support/compile";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as credential from "../../providers/n8n-credential";
import type { N8nSettings } from "../../providers/shared/n8n";
import * as workflow from "../../providers/workflow";
import type { WorkflowInputs, WorkflowOutputs } from "../../providers/workflow";
import { Blueprint } from "../../src/blueprint/model";
import { N8nClient } from "../../src/clients/n8n";
import { compileN8n, MANAGED_TAG } from "../../src/plan/n8n";
import { startN8n, type RunningN8n } from "../../src/runtime/n8n";
import { findN8nInstall } from "../../src/runtime/n8n-install";

const install = findN8nInstall();
const skip = !install.complete && !process.env.CI;
if (skip) console.warn(`n8n provider tests skipped: n8n ${install.version} not installed; run npm run setup:n8n`);

const CRM_TOKEN = "crm-secret-token-123";
const bp = Blueprint.parse({
  apiVersion: "revstack/v1",
  kind: "Blueprint",
  metadata: { name: "provider-test", timezone: "UTC" },
  teams: { sdr: { manager: "m@x.test" } },
  owners: [
    { email: "a@x.test", team: "sdr" },
    { email: "b@x.test", team: "sdr" },
  ],
  routing: [{ key: "all", assign: { team: "sdr" } }],
});

describe.skipIf(skip)("n8n providers against a real n8n", () => {
  let n8n: RunningN8n;
  let client: N8nClient;
  let settings: N8nSettings;
  let inputs: WorkflowInputs;
  let credentialId: string;
  let id: string;

  beforeAll(async () => {
    n8n = await startN8n();
    client = new N8nClient(n8n);
    settings = { n8n: { baseUrl: n8n.baseUrl, apiKey: n8n.apiKey }, crmToken: CRM_TOKEN };
  });
  afterAll(() => n8n?.stop());

  const refreshed = async (workflowId: string, props: WorkflowOutputs) =>
    (await workflow.read(settings, workflowId, props)).props as WorkflowOutputs;

  it("creates the CRM credential from the stack's token without the token reaching its state", async () => {
    const created = await credential.create(settings, { key: "crm", name: "revstack CRM" });
    credentialId = created.id;
    expect(JSON.stringify(created)).not.toContain(CRM_TOKEN);
    const read = await credential.read(settings, created.id, created.outs);
    expect(read.props).toEqual({ key: "crm", name: "revstack CRM" });
    expect(await credential.diff(created.id, read.props as never, { key: "crm", name: "revstack CRM" })).toEqual({
      changes: false,
    });
    expect(await credential.diff(created.id, read.props as never, { key: "crm", name: "renamed" })).toEqual({
      changes: true,
      replaces: ["name"],
    });
    await expect(credential.create({ ...settings, crmToken: undefined }, { key: "crm", name: "c" })).rejects.toThrow(
      "hubspot:token is not set",
    );
  });

  it("creates a tagged, active workflow that reads back without drift", async () => {
    const [routing] = compileN8n(bp, {
      crmBaseUrl: "http://127.0.0.1:9",
      crmCredential: { id: credentialId, name: "revstack CRM" },
      callers: fakeCallers,
      n8nBaseUrl: n8n.baseUrl,
    });
    inputs = { key: routing.key, definition: routing.definition, active: true, tag: MANAGED_TAG };
    expect((await workflow.check(undefined, inputs)).failures).toBeUndefined();
    const created = await workflow.create(settings, inputs);
    id = created.id;
    const outs = created.outs;
    const live = await client.getWorkflow(id);
    expect(live).toMatchObject({ active: true, tags: [expect.objectContaining({ name: MANAGED_TAG })] });
    expect((await client.listWorkflows({ tags: [MANAGED_TAG] })).map((w) => w.id)).toEqual([id]);
    const props = await refreshed(id, outs as WorkflowOutputs);
    expect(await workflow.diff(id, props, inputs)).toEqual({ changes: false });
  });

  it("sees an edit made in n8n, ignores a moved node, and repairs the edit", async () => {
    const before = await refreshed(id, inputs as WorkflowOutputs);
    // Someone moves a node on the canvas: cosmetic, no drift.
    const moved = structuredClone(inputs.definition);
    moved.nodes[1].position = [999, 999];
    await client.updateWorkflow(id, moved);
    const afterMove = await refreshed(id, before);
    expect(workflow.comparable(afterMove.definition)).toEqual(workflow.comparable(inputs.definition));
    expect([afterMove.active, afterMove.tagged]).toEqual([true, true]);
    expect(await workflow.diff(id, afterMove, inputs)).toEqual({ changes: false });
    // Someone edits the routing code and deactivates the workflow.
    const edited = structuredClone(inputs.definition);
    edited.nodes.find((n) => n.name === "Choose the owner")!.parameters.jsCode = "return [];";
    await client.updateWorkflow(id, edited);
    await client.deactivateWorkflow(id);
    await client.setWorkflowTags(id, []);
    const drifted = await refreshed(id, before);
    expect(drifted.active).toBe(false);
    expect(drifted.tagged).toBe(false);
    expect(await workflow.diff(id, drifted, inputs)).toEqual({ changes: true });

    const repairing = Date.now();
    await workflow.update(settings, id, drifted, inputs);
    const repaired = await refreshed(id, drifted);
    // Its polls never ran (the routing workflow has none): activated again, its first window starts now.
    const data = (await client.getWorkflow(id))!.staticData as { global: { activatedAt: number } } | string;
    const state = (typeof data === "string" ? JSON.parse(data) : data).global;
    expect(state.activatedAt).toBeGreaterThanOrEqual(repairing);
    expect(await workflow.diff(id, repaired, inputs)).toEqual({ changes: false });
    expect(repaired).toMatchObject({ active: true, tag: MANAGED_TAG, tagged: true });
    const code = (await client.getWorkflow(id))!.nodes.find((n) => n.name === "Choose the owner")!.parameters.jsCode;
    expect(code).toContain("function route(");
  });

  it("refuses a definition n8n would accept but break on, before any call", async () => {
    const dup = structuredClone(inputs.definition);
    dup.nodes[1].name = dup.nodes[0].name;
    const { failures } = await workflow.check(undefined, { ...inputs, definition: dup });
    expect(failures?.[0]).toMatchObject({
      property: "definition",
      reason: expect.stringContaining(`two nodes are named "${dup.nodes[0].name}"`),
    });
  });

  it("leaves nothing behind when a new workflow cannot be activated", async () => {
    const manualOnly: WorkflowInputs = {
      key: "broken",
      active: true,
      tag: MANAGED_TAG,
      definition: {
        name: "revstack provider test: no trigger",
        nodes: [
          {
            id: "0b0b0b0b-0000-4000-8000-000000000001",
            name: "Start",
            type: "n8n-nodes-base.manualTrigger",
            typeVersion: 1,
            position: [0, 0],
            parameters: {},
          },
        ],
        connections: {},
        settings: {},
      },
    };
    await expect(workflow.create(settings, manualOnly)).rejects.toThrow(/was not created: .*400.*trigger/);
    expect((await client.listWorkflows({ name: manualOnly.definition.name })).length).toBe(0);
  });

  it("deletes the workflow and the credential; a refresh then reports them gone", async () => {
    await workflow.delete(settings, id);
    expect(await workflow.read(settings, id, inputs as WorkflowOutputs)).toEqual({});
    await credential.delete(settings, credentialId);
    expect(await credential.read(settings, credentialId, { key: "crm", name: "revstack CRM" })).toEqual({});
  });
});
