import { describe, expect, it } from "vitest";
import { loadBlueprint } from "../../src/blueprint";
import { writeBody } from "../../src/clients/n8n";
import { compileN8n, type N8nTarget } from "../../src/plan/n8n";

const target: N8nTarget = {
  crmBaseUrl: "http://127.0.0.1:18080/",
  crmCredential: { id: "cred-1", name: "revstack crm" },
  n8nBaseUrl: "http://127.0.0.1:5678",
  notifyUrl: "http://127.0.0.1:9999/notify",
};

async function base() {
  const { blueprint, diagnostics } = await loadBlueprint("blueprints/base.yaml");
  if (!blueprint) throw new Error(diagnostics.map((d) => d.message).join("\n"));
  return blueprint;
}

describe("compiling a blueprint to n8n workflows", () => {
  it("gives byte-identical workflows when nothing changed", async () => {
    const first = JSON.stringify(compileN8n(await base(), target));
    const second = JSON.stringify(compileN8n(await base(), target));
    expect(second).toBe(first);
  });

  it("keeps node and webhook ids when a rule changes, and changes only the routing code", async () => {
    const bp = await base();
    const before = compileN8n(bp, target);
    bp.routing[0].assign = { team: "inbound-sdr" };
    const after = compileN8n(bp, target);
    const ids = (wfs: typeof before) => wfs.flatMap((w) => w.definition.nodes.map((n) => `${n.id} ${n.webhookId ?? ""}`));
    expect(ids(after)).toEqual(ids(before));
    const changed = after[0].definition.nodes.filter((n, i) => JSON.stringify(n) !== JSON.stringify(before[0].definition.nodes[i]));
    expect(changed.map((n) => n.name)).toEqual(["Choose the owner"]);
  });

  it("produces workflows n8n accepts: unique UUID ids, valid connections, a webhook trigger, parseable code", async () => {
    const workflows = compileN8n(await base(), target);
    expect(workflows.map((w) => [w.key, w.webhooks])).toEqual([
      ["routing", [{ method: "POST", path: "revstack/acme-base/route-lead" }]],
      ["sla-timers", [{ method: "POST", path: "revstack/acme-base/sla-timer" }]],
    ]);
    const nodes = workflows.flatMap((w) => w.definition.nodes);
    expect(new Set(nodes.map((n) => n.id)).size).toBe(nodes.length);
    for (const n of nodes) expect(n.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    for (const w of workflows) {
      expect(() => writeBody(w.definition)).not.toThrow();
      expect(w.definition.nodes[0]).toMatchObject({ type: "n8n-nodes-base.webhook", parameters: { path: w.webhooks[0].path } });
      for (const n of w.definition.nodes.filter((n) => n.type === "n8n-nodes-base.code")) {
        expect(() => new Function(n.parameters.jsCode as string)).not.toThrow();
      }
    }
    // Credentials are referenced by id; the token itself never appears in a workflow.
    const crmCalls = nodes.filter((n) => n.credentials);
    expect(crmCalls.length).toBeGreaterThan(0);
    for (const n of crmCalls) {
      expect(n.credentials).toEqual({ httpHeaderAuth: target.crmCredential });
      expect(n.parameters.url).toMatch(/^=http:\/\/127\.0\.0\.1:18080\/crm\//);
    }
  });

  it("compiles nothing for a blueprint without routing", async () => {
    const bp = await base();
    bp.routing = [];
    expect(compileN8n(bp, target).map((w) => w.key)).not.toContain("routing");
  });
});
