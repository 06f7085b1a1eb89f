import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Sandbox } from "../../src/sandbox";
import { admin, api, sandbox } from "./helpers";

let sb: Sandbox;
beforeAll(async () => {
  sb = await sandbox({ rateLimits: false, seed: 11 });
});
afterAll(() => sb.stop());
beforeEach(async () => {
  expect((await admin(sb, "POST", "/__sandbox/faults", {})).status).toBe(200);
});

const newPipeline = (label: string) => ({
  label,
  displayOrder: 5,
  stages: [{ label: "Only", displayOrder: 0, metadata: { probability: "0.5" } }],
});
const labels = async () =>
  (await api(sb, "GET", "/crm/v3/pipelines/deals")).body.results.map((p: { label: string }) => p.label);

describe("fault injection", () => {
  it("fails with a 5xx before applying the write", async () => {
    await admin(sb, "POST", "/__sandbox/faults", { error5xx: 1, statuses: [503] });
    const res = await api(sb, "POST", "/crm/v3/pipelines/deals", newPipeline("Never"));
    expect(res.status).toBe(503);
    expect(res.body).toMatchObject({ status: "error", category: "INTERNAL_ERROR" });
    await admin(sb, "POST", "/__sandbox/faults", {});
    expect(await labels()).not.toContain("Never");
  });

  it("injects 429s with HubSpot's rate-limit body", async () => {
    await admin(sb, "POST", "/__sandbox/faults", { error429: 1 });
    const res = await api(sb, "GET", "/crm/v3/pipelines/deals");
    expect(res.status).toBe(429);
    expect(res.body).toMatchObject({ errorType: "RATE_LIMIT", policyName: "TEN_SECONDLY_ROLLING" });
  });

  it("adds latency", async () => {
    await admin(sb, "POST", "/__sandbox/faults", { latencyMs: 300 });
    const started = Date.now();
    expect((await api(sb, "GET", "/crm/v3/pipelines/deals")).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
  });

  it("resets the connection before applying the request", async () => {
    await admin(sb, "POST", "/__sandbox/faults", { reset: 1 });
    await expect(api(sb, "POST", "/crm/v3/pipelines/deals", newPipeline("Reset"))).rejects.toThrow();
    await admin(sb, "POST", "/__sandbox/faults", {});
    expect(await labels()).not.toContain("Reset");
  });

  it("applies an ambiguous write, then drops the connection", async () => {
    await admin(sb, "POST", "/__sandbox/faults", { ambiguousWrite: 1 });
    await expect(api(sb, "POST", "/crm/v3/pipelines/deals", newPipeline("Ambiguous"))).rejects.toThrow();
    // Reads are never ambiguous: they answer normally while the fault is on.
    expect(await labels()).toContain("Ambiguous");
  });

  it("limits faults to the named routes", async () => {
    await admin(sb, "POST", "/__sandbox/faults", { error5xx: 1, routes: ["POST /crm/v3/pipelines/{objectType}"] });
    expect((await api(sb, "GET", "/crm/v3/pipelines/deals")).status).toBe(200);
    expect((await api(sb, "POST", "/crm/v3/pipelines/deals", newPipeline("Routed"))).status).toBeGreaterThanOrEqual(
      500,
    );
    const bad = await admin(sb, "POST", "/__sandbox/faults", { error5xx: 1, routes: ["pipelines"] });
    expect(bad.status).toBe(400);
  });

  it("fails the same requests for the same seed", async () => {
    const run = async () => {
      await admin(sb, "POST", "/__sandbox/faults", { error5xx: 0.5, seed: 7 });
      const statuses = [];
      for (let i = 0; i < 20; i++) statuses.push((await api(sb, "GET", "/account-info/v3/details")).status);
      return statuses;
    };
    const first = await run();
    expect(new Set(first).size).toBeGreaterThan(1);
    expect(first.filter((s) => s === 200).length).toBeGreaterThan(3);
    expect(await run()).toEqual(first);
  });

  it("takes faults at start and refuses bad configurations", async () => {
    const flaky = await sandbox({ faults: { error5xx: 1, statuses: [502] } });
    try {
      expect((await api(flaky, "GET", "/crm/v3/pipelines/deals")).status).toBe(502);
    } finally {
      await flaky.stop();
    }
    const bad = await admin(sb, "POST", "/__sandbox/faults", { error5xx: 2 });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain("error5xx");
    await expect(sandbox({ faults: { nonsense: 1 } as never })).rejects.toThrow(/unknown fault setting/);
  });
});

describe("admin endpoints", () => {
  it("count reads and writes by route, exclude admin calls, and reset", async () => {
    await admin(sb, "POST", "/__sandbox/stats/reset");
    await api(sb, "GET", "/crm/v3/pipelines/deals");
    await api(sb, "GET", "/crm/v3/pipelines/tickets");
    await api(sb, "POST", "/crm/v3/objects/deals/search", {});
    await api(sb, "PATCH", "/crm/v3/pipelines/deals/default", { label: "Sales Pipeline" });
    const stats = await admin(sb, "GET", "/__sandbox/stats");
    expect(stats.body).toEqual({
      reads: 3,
      writes: 1,
      rateLimited: 0,
      byRoute: {
        "GET /crm/v3/pipelines/{objectType}": 2,
        "POST /crm/v3/objects/{objectType}/search": 1,
        "PATCH /crm/v3/pipelines/{objectType}/{pipelineId}": 1,
      },
    });
    await admin(sb, "POST", "/__sandbox/stats/reset");
    expect((await admin(sb, "GET", "/__sandbox/stats")).body).toEqual({
      reads: 0,
      writes: 0,
      rateLimited: 0,
      byRoute: {},
    });
  });

  it("answer only to the admin token, and the admin token opens no CRM route", async () => {
    const withCrmToken = await api(sb, "GET", "/__sandbox/stats");
    expect(withCrmToken.status).toBe(401);
    const res = await fetch(`${sb.url}/crm/v3/pipelines/deals`, {
      headers: { Authorization: `Bearer ${sb.adminToken}` },
    });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ status: "error", category: "INVALID_AUTHENTICATION" });
    const noToken = await fetch(`${sb.url}/crm/v3/pipelines/deals`);
    expect(noToken.status).toBe(401);
  });
});
