import { describe, expect, it } from "vitest";
import { RateLimiter, limiterFor, rateLimitHeaders } from "../../src/clients/hubspot/rate-limiter";

/** A limiter on a hand-driven clock, so window arithmetic is tested without waiting. */
function manual(max: number, intervalMs: number) {
  let t = 0;
  const limiter = new RateLimiter(max, intervalMs, () => t);
  return { limiter, advance: (ms: number) => (t += ms) };
}

const settled = async <T>(p: Promise<T>): Promise<boolean> => {
  let done = false;
  void p.then(() => (done = true));
  await new Promise((r) => setImmediate(r));
  return done;
};

describe("RateLimiter", () => {
  it("lets max requests through per interval and holds the next one", async () => {
    const { limiter } = manual(3, 1_000);
    for (let i = 0; i < 3; i++) (await limiter.acquire())();
    expect(await settled(limiter.acquire())).toBe(false);
    expect(limiter.inWindow).toBe(3);
  });

  it("frees a slot when the oldest request leaves the window", async () => {
    const { limiter, advance } = manual(2, 1_000);
    (await limiter.acquire())();
    advance(400);
    (await limiter.acquire())();
    advance(601);
    expect(limiter.inWindow).toBe(1);
    expect(await settled(limiter.acquire())).toBe(true);
  });

  it("counts a request from its response, which HubSpot counted earlier", async () => {
    const { limiter, advance } = manual(1, 1_000);
    const release = await limiter.acquire();
    advance(900);
    release();
    advance(500);
    expect(limiter.inWindow).toBe(1);
    advance(501);
    expect(limiter.inWindow).toBe(0);
  });

  it("adopts max and interval from the headers and counts usage it did not see", async () => {
    const { limiter } = manual(100, 10_000);
    limiter.observe({ max: 10, remaining: 4, intervalMs: 2_000 });
    expect(limiter.inWindow).toBe(6);
    for (let i = 0; i < 4; i++) (await limiter.acquire())();
    expect(await settled(limiter.acquire())).toBe(false);
  });

  it("never counts more than max after a 429 back-off, and resumes after the pause", async () => {
    const { limiter, advance } = manual(5, 10_000);
    limiter.backOff(1_000);
    expect(limiter.inWindow).toBe(5);
    advance(1_001);
    expect(limiter.inWindow).toBe(0);
  });

  it("releases queued callers in order on a real clock", async () => {
    const limiter = new RateLimiter(2, 100);
    const order: number[] = [];
    const started = performance.now();
    await Promise.all([0, 1, 2, 3].map(async (i) => ((await limiter.acquire())(), order.push(i))));
    expect(order).toEqual([0, 1, 2, 3]);
    expect(performance.now() - started).toBeGreaterThanOrEqual(95);
  });
});

describe("limiterFor", () => {
  it("gives every caller in the process the same limiter for a portal", () => {
    expect(limiterFor("http://a#1")).toBe(limiterFor("http://a#1"));
    expect(limiterFor("http://a#1")).not.toBe(limiterFor("http://a#2"));
  });

  it("reads HubSpot's burst headers", () => {
    expect(
      rateLimitHeaders({
        "x-hubspot-ratelimit-max": "190",
        "x-hubspot-ratelimit-remaining": "12",
        "x-hubspot-ratelimit-interval-milliseconds": "10000",
      }),
    ).toEqual({ max: 190, remaining: 12, intervalMs: 10_000 });
    expect(rateLimitHeaders({})).toEqual({ max: undefined, remaining: undefined, intervalMs: undefined });
  });
});
