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

const internalPaths = [
  "revstack/acme-base/automations/sla-breach-escalation",
  "revstack/acme-base/notify",
  "revstack/acme-base/sla-timer",
];

describe("callers of compiled webhooks", () => {
  it.each([false, true])("every webhook is authenticated (HubSpot configured: %s)", async (hubspot) => {
    const bp = await loadValid("blueprints/base.yaml");
    const workflows = compileN8n(bp, target(bp, hubspot));
    const hooks = workflows.flatMap((w) =>
      w.definition.nodes.filter((n) => n.type === "n8n-nodes-base.webhook").map((n) => ({ w, n })),
    );
    expect(hooks.length).toBeGreaterThan(3);
    const keyOf = (w: (typeof workflows)[number], name: string) =>
      w.definition.nodes.find((node) => node.name === name)!.credentials;
    for (const { w, n } of hooks) {
      // n8n authenticates no one: every entry's only way on is through the signature check, with the key of its
      // callers (HubSpot's on `/hubspot`, n8n's own on internal paths, the stack's on the public ones).
      expect(n.parameters.authentication).toBeUndefined();
      const hubspotEntry = String(n.parameters.path).endsWith("/hubspot");
      const label = hubspotEntry ? " by HubSpot" : "";
      expect(w.definition.connections[n.name].main).toEqual([
        [{ node: `Signed text${label}`, type: "main", index: 0 }],
      ]);
      const key = hubspotEntry ? "hubspot" : internalPaths.includes(String(n.parameters.path)) ? "internal" : "webhook";
      expect(keyOf(w, `Signature${label}`)).toEqual({ crypto: { id: `cred-${key}`, name: expect.any(String) } });
      expect(w.definition.connections[`Signature${label}`].main).toEqual([
        [{ node: `Check the signature${label}`, type: "main", index: 0 }],
      ]);
    }
    expect(hooks.some(({ n }) => String(n.parameters.path).endsWith("/hubspot"))).toBe(hubspot);
    // The public ones serve both entries; the internal ones only n8n's own calls.
    expect(workflows.find((w) => w.key === "routing")!.webhooks.map((h) => h.path)).toEqual(
      hubspot
        ? ["revstack/acme-base/route-lead", "revstack/acme-base/route-lead/hubspot"]
        : ["revstack/acme-base/route-lead"],
    );
    // Hand-overs to a webhook are signed with n8n's own key (the routing sweep's with the stack's), never plain.
    for (const w of workflows)
      for (const n of w.definition.nodes.filter((node) => String(node.parameters.url ?? "").includes("/webhook/"))) {
        expect(n.credentials).toBeUndefined();
        expect(JSON.stringify(n.parameters.headerParameters)).toContain("X-Revstack-Signature");
        expect(keyOf(w, `${n.name}: its signature`)).toEqual({ crypto: fakeCallers.internal });
      }
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
