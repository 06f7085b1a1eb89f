import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  AmbiguousWriteError,
  clearListCache,
  DailyLimitError,
  defaultRetry,
  HubSpotApiError,
  HubSpotClient,
  RateLimitGaveUpError,
  UnreachableError,
} from "../../src/clients/hubspot";

/**
 * A scripted 127.0.0.1 server for the failure paths: each test queues what the next requests get. The sandbox
 * covers the same faults in the provider tests; this pins the client's decisions one by one.
 */
type Reply = (req: IncomingMessage, res: ServerResponse, body: string) => void;
const TOKEN = "pat-na1-secret-token-value";
let server: Server;
let url: string;
let script: Reply[] = [];
let seen: string[] = [];

const json =
  (status: number, body: unknown, headers: Record<string, string> = {}): Reply =>
  (_req, res) => {
    res.writeHead(status, { "content-type": "application/json", ...headers });
    res.end(JSON.stringify(body));
  };
const drop: Reply = (req) => req.socket.destroy();
const pipelineList = (labels: string[]) =>
  json(200, { results: labels.map((label, i) => ({ id: String(i + 1), label, displayOrder: i, stages: [] })) });

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      seen.push(`${req.method} ${req.url}`);
      const reply = script.shift() ?? json(500, { message: "unscripted request" });
      reply(req, res, body);
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));
beforeEach(() => {
  script = [];
  seen = [];
  clearListCache();
});

// A token per client: each test gets its own portal rate limiter.
let clients = 0;
const client = () =>
  new HubSpotClient(
    { baseUrl: url, token: `${TOKEN}-${++clients}` },
    { retry: { minTimeoutMs: 5, maxTimeoutMs: 10 }, timeoutMs: 2_000 },
  );
const input = {
  label: "New Business",
  displayOrder: 0,
  stages: [{ label: "Discovery", displayOrder: 0, metadata: { probability: "0.1" } }],
};
const created = { id: "77", ...input, stages: [{ id: "s1", ...input.stages[0] }] };

describe("HubSpot client failure handling", () => {
  it("retries a 429 from the ten-second policy", async () => {
    script = [
      json(
        429,
        {
          status: "error",
          message: "You have reached your ten_secondly_rolling limit.",
          policyName: "TEN_SECONDLY_ROLLING",
        },
        { "x-hubspot-ratelimit-remaining": "3" },
      ),
      pipelineList(["Sales"]),
    ];
    expect((await client().listPipelines("deals")).map((p) => p.label)).toEqual(["Sales"]);
    expect(seen).toHaveLength(2);
  });

  it("fails fast on the daily limit, saying so", async () => {
    script = [
      json(429, {
        status: "error",
        message: "You have reached your daily limit.",
        policyName: "DAILY",
        errorType: "RATE_LIMIT",
      }),
    ];
    const err = await client()
      .listPipelines("deals")
      .catch((e) => e);
    expect(err).toBeInstanceOf(DailyLimitError);
    expect(err.message).toMatch(/daily API limit is used up; it resets at midnight/);
    expect(seen).toHaveLength(1);
  });

  it("retries a 5xx on a read", async () => {
    script = [json(503, { message: "unavailable" }), json(502, {}), pipelineList(["Sales"])];
    expect(await client().listPipelines("deals")).toHaveLength(1);
    expect(seen).toHaveLength(3);
  });

  it("adopts the object when a create's response is lost but the write went through", async () => {
    script = [pipelineList([]), drop, pipelineList(["New Business"])];
    const res = await client().createPipeline("deals", input);
    expect(res).toMatchObject({ existed: false, object: { id: "1", label: "New Business" } });
    expect(seen).toEqual([
      "GET /crm/pipelines/2026-09/deals",
      "POST /crm/pipelines/2026-09/deals",
      "GET /crm/pipelines/2026-09/deals",
    ]);
  });

  it("sends a create again only after seeing that a 5xx left nothing behind", async () => {
    script = [pipelineList([]), json(500, { message: "oops" }), pipelineList([]), json(201, created)];
    const res = await client().createPipeline("deals", input);
    expect(res.object.id).toBe("77");
    expect(seen).toEqual([
      "GET /crm/pipelines/2026-09/deals",
      "POST /crm/pipelines/2026-09/deals",
      "GET /crm/pipelines/2026-09/deals",
      "POST /crm/pipelines/2026-09/deals",
    ]);
  });

  it("reports an existing object with the same natural key without writing, so adopting an account makes no writes", async () => {
    script = [pipelineList(["New Business"])];
    expect(await client().createPipeline("deals", input)).toMatchObject({ existed: true, object: { id: "1" } });
    expect(seen).toEqual(["GET /crm/pipelines/2026-09/deals"]);
  });

  it("reports an object that appeared between the look-up and the create as existing", async () => {
    script = [
      pipelineList([]),
      json(409, {
        status: "error",
        message: "A pipeline with label New Business already exists",
        category: "CONFLICT",
      }),
      pipelineList(["New Business"]),
    ];
    expect((await client().createPipeline("deals", input)).existed).toBe(true);
  });

  it("carries HubSpot's message and category, never the token", async () => {
    script = [
      pipelineList([]),
      json(400, {
        status: "error",
        message: "Property values were not valid",
        category: "VALIDATION_ERROR",
        errors: [{ message: "probability must be between 0 and 1", in: "metadata.probability" }],
      }),
      pipelineList([]),
    ];
    const err = await client()
      .createPipeline("deals", input)
      .catch((e) => e);
    expect(err).toBeInstanceOf(HubSpotApiError);
    expect(err.message).toContain(
      "VALIDATION_ERROR: Property values were not valid (metadata.probability: probability must be between 0 and 1)",
    );
    expect(JSON.stringify(err) + String(err.stack) + err.message).not.toContain(TOKEN);
  });

  it("serves every read of a run from one list call, updated by our own writes", async () => {
    script = [pipelineList(["Sales"]), json(201, created)];
    const c = client();
    await Promise.all([c.listPipelines("deals"), c.listPipelines("deals"), c.findPipeline("deals", { id: "1" })]);
    await c.createPipeline("deals", input);
    expect((await c.listPipelines("deals")).map((p) => p.label).sort()).toEqual(["New Business", "Sales"]);
    expect(seen).toEqual(["GET /crm/pipelines/2026-09/deals", "POST /crm/pipelines/2026-09/deals"]);
  });

  it("treats a delete that finds nothing as done", async () => {
    script = [json(404, { status: "error", message: "Pipeline not found", category: "OBJECT_NOT_FOUND" })];
    await expect(client().deletePipeline("deals", "9")).resolves.toBeUndefined();
  });

  it("sends a batch record create once when its response is lost, for the caller to check (records have no natural key)", async () => {
    script = [drop];
    const err = await client()
      .createRecords("contacts", [{ email: "a@example.com" }])
      .catch((e) => e);
    expect(err).toBeInstanceOf(AmbiguousWriteError);
    expect(seen).toEqual(["POST /crm/objects/2026-09/contacts/batch/create"]);
  });

  it("reads records page by page with the asked properties, and retries a failed page", async () => {
    const page = (ids: string[], after?: string) =>
      json(200, {
        results: ids.map((id) => ({ id, properties: { email: `${id}@example.com` } })),
        ...(after ? { paging: { next: { after } } } : {}),
      });
    script = [page(["1", "2"], "2"), json(503, {}), page(["3"])];
    const c = client();
    const pages: string[][] = [];
    await c.readRecords("contacts", ["email", "createdate"], (records) => pages.push(records.map((r) => r.id)));
    expect(pages).toEqual([["1", "2"], ["3"]]);
    expect(seen[0]).toBe("GET /crm/objects/2026-09/contacts?properties=email,createdate&limit=100");
    expect(seen[2]).toBe("GET /crm/objects/2026-09/contacts?properties=email,createdate&limit=100&after=2");
    expect(c.calls).toBe(2);
  });

  it("caches the owner list until a user write changes who the owners are", async () => {
    const owners = (emails: string[]) =>
      json(200, { results: emails.map((email, i) => ({ id: String(i + 1), email })) });
    script = [
      owners(["a@example.com"]),
      json(200, { results: [] }),
      json(201, { id: "9", email: "b@example.com" }),
      owners(["a@example.com", "b@example.com"]),
    ];
    const c = client();
    await c.listOwners();
    expect(await c.listOwners()).toHaveLength(1);
    await c.createUser({ email: "b@example.com" });
    expect((await c.listOwners()).map((o) => o.email)).toEqual(["a@example.com", "b@example.com"]);
    expect(seen.map((s) => s.split("?")[0])).toEqual([
      "GET /crm/owners/2026-09",
      "GET /settings/users/2026-03",
      "POST /settings/users/2026-03",
      "GET /crm/owners/2026-09",
    ]);
  });

  it("backs off a 429 storm with growing waits that honour Retry-After, then gives up within its bound", async () => {
    const refuse = (headers: Record<string, string> = {}) =>
      json(
        429,
        {
          status: "error",
          message: "You have reached your ten_secondly_rolling limit.",
          policyName: "TEN_SECONDLY_ROLLING",
        },
        { "x-hubspot-ratelimit-remaining": "40", ...headers },
      );
    const times: number[] = [];
    const timed =
      (reply: Reply): Reply =>
      (req, res, body) => {
        times.push(Date.now());
        reply(req, res, body);
      };
    script = [timed(refuse({ "retry-after": "0.3" })), ...Array.from({ length: 20 }, () => timed(refuse()))];
    const c = new HubSpotClient(
      { baseUrl: url, token: `${TOKEN}-${++clients}` },
      {
        retry: { rateLimitMinWaitMs: 20, rateLimitMaxWaitMs: 160, rateLimitRetries: 5, rateLimitGiveUpMs: 5_000 },
        timeoutMs: 2_000,
      },
    );
    const started = Date.now();
    const err = await c.listPipelines("deals").catch((e) => e);
    expect(err).toBeInstanceOf(RateLimitGaveUpError);
    expect(err.message).toMatch(/refused with 429 \(rate limit\) 6 times over \d+ s; gave up/);
    expect(seen).toHaveLength(6);
    const waits = times.slice(1).map((t, i) => t - times[i]);
    expect(waits[0]).toBeGreaterThanOrEqual(290); // Retry-After: 0.3 beats the first 20 ms step
    expect(waits[2]).toBeGreaterThan(waits[1]);
    expect(waits[3]).toBeGreaterThan(waits[2]);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it("by default sends at most 9 requests for one call refused by a 429 storm", async () => {
    expect(defaultRetry.rateLimitRetries + 1).toBe(9);
    const worst = Array.from({ length: defaultRetry.rateLimitRetries }, (_, i) =>
      Math.min(defaultRetry.rateLimitMinWaitMs * 2 ** i, defaultRetry.rateLimitMaxWaitMs),
    ).reduce((a, b) => a + b, 0);
    expect(Math.min(worst, defaultRetry.rateLimitGiveUpMs)).toBeLessThanOrEqual(90_000);
  });

  it("fails in well under a second with one message when nothing listens, and at once for every later call", async () => {
    const c = new HubSpotClient(
      { baseUrl: "http://127.0.0.1:9", token: `${TOKEN}-${++clients}` },
      { retry: { minTimeoutMs: 5, maxTimeoutMs: 10 } },
    );
    const started = Date.now();
    const first = await c.account().catch((e) => e);
    expect(first).toBeInstanceOf(UnreachableError);
    expect(first.message).toBe(
      "HubSpot at http://127.0.0.1:9 cannot be reached (ECONNREFUSED); nothing was sent. Check hubspot:baseUrl and the network, then run again.",
    );
    const later = await Promise.all([c.listPipelines("deals"), c.listUsers()].map((p) => p.catch((e) => e)));
    expect(later.map((e) => e.message)).toEqual([first.message, first.message]);
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});
