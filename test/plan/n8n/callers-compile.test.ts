// Every compiled webhook checks its caller, and preview warns about a reachable n8n without caller secrets.
import { describe, expect, it } from "vitest";
import { compileN8n, type N8nTarget } from "../../../src/plan/n8n";
import { callerWarning, isLoopback } from "../../../src/plan/n8n/exposure";
import { fakeCallers, fakeCrmIds, loadValid } from "../../support/compile";

const target = (bp: Parameters<typeof fakeCrmIds>[0], hubspot: boolean): N8nTarget => ({
  crmBaseUrl: "http://127.0.0.1:18080",
  crmCredential: { id: "cred-1", name: "revstack crm" },
  n8nBaseUrl: "http://127.0.0.1:5678",
  crmIds: fakeCrmIds(bp),
  callers: { ...fakeCallers, ...(hubspot && { hubspot: { id: "cred-hubspot", name: "revstack HubSpot app" } }) },
});

describe("callers of compiled webhooks", () => {
  it.each([false, true])("every webhook is authenticated (HubSpot configured: %s)", async (hubspot) => {
    const bp = await loadValid("blueprints/base.yaml");
    const workflows = compileN8n(bp, target(bp, hubspot));
    const hooks = workflows.flatMap((w) =>
      w.definition.nodes.filter((n) => n.type === "n8n-nodes-base.webhook").map((n) => ({ w, n })),
    );
    expect(hooks.length).toBeGreaterThan(3);
    for (const { w, n } of hooks) {
      if (n.parameters.authentication === "headerAuth") {
        expect(n.credentials?.httpHeaderAuth?.id).toMatch(/^cred-(webhook|internal)$/);
        continue;
      }
      // Unauthenticated by n8n: only HubSpot's entry, whose only way on is through the signature check.
      expect(hubspot).toBe(true);
      expect(n.parameters.path).toMatch(/\/hubspot$/);
      expect(w.definition.connections[n.name].main).toEqual([[{ node: "Signed text", type: "main", index: 0 }]]);
      const hmac = w.definition.nodes.find((node) => node.type === "n8n-nodes-base.crypto")!;
      expect(hmac.credentials).toEqual({ crypto: { id: "cred-hubspot", name: "revstack HubSpot app" } });
    }
    // The public ones serve both entries; the internal ones only n8n's own calls.
    expect(workflows.find((w) => w.key === "routing")!.webhooks.map((h) => h.path)).toEqual(
      hubspot
        ? ["revstack/acme-base/route-lead", "revstack/acme-base/route-lead/hubspot"]
        : ["revstack/acme-base/route-lead"],
    );
    const internal = hooks.filter(({ n }) => n.credentials?.httpHeaderAuth?.id === "cred-internal");
    expect(internal.map(({ n }) => n.parameters.path).sort()).toEqual([
      "revstack/acme-base/automations/sla-breach-escalation",
      "revstack/acme-base/notify",
      "revstack/acme-base/sla-timer",
    ]);
    // Internal hand-overs carry n8n's own credential, never a plain POST to a webhook.
    for (const n of workflows.flatMap((w) => w.definition.nodes))
      if (String(n.parameters.url ?? "").includes("/webhook/"))
        expect(n.credentials).toEqual({ httpHeaderAuth: fakeCallers.internal });
  });
});

describe("preview's warning about a reachable n8n without caller secrets", () => {
  const config = (values: Record<string, string>) => (key: string) => values[key];

  it("warns for a non-loopback n8n when neither secret is set, naming the commands", async () => {
    const bp = await loadValid("blueprints/base.yaml");
    const warning = callerWarning(bp, config({ "n8n:baseUrl": "https://n8n.example.com" }));
    expect(warning).toContain("n8n at https://n8n.example.com is reachable beyond this machine");
    expect(warning).toContain("pulumi config set --secret revstack:webhookSecret");
    expect(warning).toContain("hubspot:clientSecret");
  });

  it("says nothing for a loopback n8n, a stack with a secret, or a blueprint without public webhooks", async () => {
    const bp = await loadValid("blueprints/base.yaml");
    expect(callerWarning(bp, config({ "n8n:baseUrl": "http://127.0.0.1:5678" }))).toBeUndefined();
    expect(callerWarning(bp, config({ "n8n:baseUrl": "http://localhost:5678" }))).toBeUndefined();
    const remote = { "n8n:baseUrl": "https://n8n.example.com" };
    expect(callerWarning(bp, config({ ...remote, "revstack:webhookSecret": "s".repeat(40) }))).toBeUndefined();
    expect(callerWarning(bp, config({ ...remote, "hubspot:clientSecret": "c" }))).toBeUndefined();
    expect(callerWarning({ ...bp, routing: [], automations: [] }, config(remote))).toBeUndefined();
    expect([isLoopback("http://[::1]:5678"), isLoopback("http://10.0.0.5:5678"), isLoopback("nonsense")]).toEqual([
      true,
      false,
      false,
    ]);
  });
});
