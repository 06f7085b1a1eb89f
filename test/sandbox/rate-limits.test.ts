import { Client } from "@hubspot/api-client";
import { afterEach, describe, expect, it } from "vitest";
import type { Sandbox } from "../../src/sandbox";
import { admin, api, sandbox } from "./helpers";

let sb: Sandbox | undefined;
afterEach(async () => {
  await sb?.stop();
  sb = undefined;
});

const get = (s: Sandbox, token?: string) => api(s, "GET", "/crm/v3/pipelines/deals", undefined, token);

describe("rate limits", () => {
  it("answers a burst of 150 at tier 100 with 100 successes and 50 TEN_SECONDLY_ROLLING 429s", async () => {
    sb = await sandbox({ tier: 100 });
    const s = sb;
    const responses = await Promise.all(Array.from({ length: 150 }, () => get(s)));
    const ok = responses.filter((r) => r.status === 200);
    const limited = responses.filter((r) => r.status === 429);
    expect(ok).toHaveLength(100);
    expect(limited).toHaveLength(50);
    const remaining = ok.map((r) => Number(r.headers.get("x-hubspot-ratelimit-remaining"))).sort((a, b) => a - b);
    expect(remaining).toEqual(Array.from({ length: 100 }, (_, i) => i));
    const refused = limited[0];
    expect(refused.headers.get("x-hubspot-ratelimit-max")).toBe("100");
    expect(refused.headers.get("x-hubspot-ratelimit-remaining")).toBe("0");
    expect(refused.headers.get("x-hubspot-ratelimit-interval-milliseconds")).toBe("10000");
    expect(refused.headers.get("x-hubspot-ratelimit-daily")).toBe("250000");
    expect(refused.headers.get("x-hubspot-ratelimit-daily-remaining")).toBe("249900");
    expect(refused.body).toMatchObject({
      status: "error",
      errorType: "RATE_LIMIT",
      policyName: "TEN_SECONDLY_ROLLING",
    });
    expect(refused.body.correlationId).toBe(refused.headers.get("x-hubspot-correlation-id"));
  });

  it("keeps burst windows per token", async () => {
    sb = await sandbox({ tier: 100, tokens: ["app-a", "app-b"] });
    const s = sb;
    await Promise.all(Array.from({ length: 100 }, () => get(s, "app-a")));
    expect((await get(s, "app-a")).status).toBe(429);
    expect((await get(s, "app-b")).status).toBe(200);
  });

  it("lets a client that honours the headers through 150 calls with no error", async () => {
    sb = await sandbox({ tier: 100 });
    const statuses: number[] = [];
    let waitedMs = 0;
    for (let i = 0; i < 150; i++) {
      const res = await get(sb);
      statuses.push(res.status);
      if (res.headers.get("x-hubspot-ratelimit-remaining") === "0") {
        const wait = Number(res.headers.get("x-hubspot-ratelimit-interval-milliseconds"));
        waitedMs += wait;
        await new Promise((resolve) => setTimeout(resolve, wait));
      }
    }
    expect(statuses.every((s) => s === 200)).toBe(true);
    expect(waitedMs).toBe(10_000);
  });

  it("lets HubSpot's own client retry its way through a TEN_SECONDLY_ROLLING refusal", async () => {
    sb = await sandbox({ tier: 100 });
    // Its RetryDecorator retries a 429 only when the body says policyName TEN_SECONDLY_ROLLING (after 10 s).
    const client = new Client({ accessToken: sb.tokens[0], basePath: sb.url, numberOfApiCallRetries: 2 });
    const results = await Promise.all(
      Array.from({ length: 101 }, () => client.crm.pipelines.pipelinesApi.getAll("deals")),
    );
    expect(results.every((r) => r.results.some((p) => p.id === "default"))).toBe(true);
    // 101 calls plus the one retry of the call that was refused.
    expect((await admin(sb, "GET", "/__sandbox/stats")).body.byRoute["GET /crm/v3/pipelines/{objectType}"]).toBe(102);
  });

  it("enforces the daily limit with policy DAILY and reports usage", async () => {
    sb = await sandbox({ dailyLimit: 5 });
    const statuses = [];
    for (let i = 0; i < 6; i++) statuses.push((await get(sb)).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
    const refused = await get(sb);
    expect(refused.body).toMatchObject({
      errorType: "RATE_LIMIT",
      policyName: "DAILY",
      message: "You have reached your daily limit.",
    });
    expect(refused.headers.get("x-hubspot-ratelimit-daily-remaining")).toBe("0");
  });

  it("limits search to a few requests per second per token with the secondly message", async () => {
    sb = await sandbox();
    const s = sb;
    const results = await Promise.all(
      Array.from({ length: 12 }, () => api(s, "POST", "/crm/v3/objects/deals/search", {})),
    );
    const limited = results.filter((r) => r.status === 429);
    // 4 per second: 12 requests arriving together leave at least 4 refused even if they straddle two seconds.
    expect(results.length - limited.length).toBeGreaterThanOrEqual(4);
    expect(limited.length).toBeGreaterThanOrEqual(4);
    expect(limited[0].body.message).toBe("You have reached your secondly limit.");
  });
});
