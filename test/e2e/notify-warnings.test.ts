// A blueprint whose notifications the stack cannot deliver: `pulumi preview` (the real engine, the real program)
// warns once per target kind, naming the routing SLAs and the automations; configured, the warnings go and the
// credentials that carry the secrets are planned. A preview of creates calls neither HubSpot nor n8n.
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EngineStack, pulumiBinDir, repoRoot } from "../support/engine";

const skip = !process.env.CI && !pulumiBinDir();
if (skip) console.warn("notification warning engine tests skipped: run npm run setup:pulumi");

const NOWHERE = "http://127.0.0.1:9";

describe.skipIf(skip)("undeliverable notifications at preview", { timeout: 300_000 }, () => {
  let engine: EngineStack;

  beforeAll(async () => {
    engine = await EngineStack.open("notifywarn", {
      config: {
        "revstack:blueprint": path.join(repoRoot, "blueprints/base.yaml"),
        "n8n:baseUrl": NOWHERE,
        "hubspot:baseUrl": NOWHERE,
      },
      secrets: { "n8n:apiKey": "not-used", "hubspot:token": "not-used" },
    });
  });

  afterAll(() => engine?.dispose());

  /** The engine's warnings (each once, as `pulumi preview --json` lists diagnostics). */
  const warnings = async (pattern: RegExp) =>
    ((await engine.previewJson()).digest.diagnostics ?? [])
      .filter((d) => d.severity === "warning" && pattern.test(d.message))
      .map((d) => d.message);

  it("warns once per kind, for routing SLAs and automations alike", async () => {
    engine.logs.length = 0;
    await engine.preview();
    // Also in the CLI's own output, as the user runs `pulumi preview`.
    expect(engine.logs.join("")).toContain("Slack notifications cannot be delivered with this stack's configuration");
    const slack = await warnings(/Slack notifications cannot be delivered/);
    const email = await warnings(/Email notifications cannot be delivered/);
    expect(slack).toHaveLength(1);
    expect(email).toHaveLength(1);
    expect(slack[0]).toContain("slack:#enterprise-leads");
    expect(slack[0]).toContain("routing rule enterprise-inbound (SLA breach)");
    expect(slack[0]).toMatch(/automation [a-z-]+/);
    expect(slack[0]).toContain("pulumi config set --secret revstack:slackToken");
    expect(email[0]).toContain("routing rule existing-customer (SLA breach)");
    expect(email[0]).toContain("revstack:smtpHost");
  });

  it("says nothing once Slack and SMTP are configured, and plans their credentials", async () => {
    await engine.stack.setConfig("revstack:slackToken", { value: "xoxb-not-used", secret: true });
    await engine.stack.setConfig("revstack:smtpHost", { value: "127.0.0.1" });
    await engine.stack.setConfig("revstack:emailFrom", { value: "revops@acme.test" });
    expect(await warnings(/notifications cannot be delivered/)).toEqual([]);
    const { digest, text } = await engine.previewJson();
    const creates = (digest.steps ?? []).filter((s) => s.op === "create").map((s) => s.urn.split("::").pop());
    expect(creates).toEqual(
      expect.arrayContaining(["n8n.credential.slack", "n8n.credential.smtp", "workflow.notifications"]),
    );
    expect(text).not.toContain("xoxb-not-used");
  });
});
