// revstack doctor's webhook check: the same warning preview gives (src/plan/n8n/exposure.ts), as a ✗ line.
import { describe, expect, it } from "vitest";
import { webhookCallersCheck, type DoctorContext } from "../../src/doctor/checks";

const ctx = (extra: Partial<DoctorContext>): DoctorContext => ({
  stack: "prod",
  hubspot: { baseUrl: "https://api.hubapi.com" },
  probes: [],
  answer: async () => ({ status: 0, headers: {}, body: undefined }) as never,
  n8nGet: async () => ({ status: 0, headers: {}, body: undefined }) as never,
  ...extra,
});

describe("doctor's webhook callers check", () => {
  it("fails with preview's words when n8n is reachable and no caller secret is set", async () => {
    const lines = await webhookCallersCheck(
      ctx({ n8n: { baseUrl: "https://n8n.example.com" }, webhookExposure: "set revstack:webhookSecret" }),
    );
    expect(lines).toEqual([
      {
        ok: false,
        what: "no webhook caller secret for an n8n reachable beyond this machine",
        fix: "set revstack:webhookSecret",
      },
    ]);
  });

  it("passes otherwise, and says nothing for a stack without n8n", async () => {
    expect((await webhookCallersCheck(ctx({ n8n: { baseUrl: "http://127.0.0.1:5678" } })))[0].ok).toBe(true);
    expect(await webhookCallersCheck(ctx({}))).toEqual([]);
  });
});
