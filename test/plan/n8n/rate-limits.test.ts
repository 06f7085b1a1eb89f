import { describe, expect, it } from "vitest";
import { compileN8n } from "../../../src/plan/n8n";
import { CRM_TRIES, WAIT_SECONDS } from "../../../src/plan/n8n/rate-limits";
import { crmRequest } from "../../../src/plan/n8n/nodes";
import { fakeCallers, fakeCrmIds, loadValid } from "../../support/compile";

// The nodes after each CRM call of the routing workflow, their expressions run as compiled: what they do with
// HubSpot's answers.
const target = {
  crmBaseUrl: "http://127.0.0.1:18080",
  crmCredential: { id: "cred-1", name: "revstack crm" },
  callers: fakeCallers,
  n8nBaseUrl: "http://127.0.0.1:5678",
};

async function routingNodes() {
  const bp = await loadValid("test/plan/n8n/fixtures/acme.yaml");
  return compileN8n(bp, { ...target, crmIds: fakeCrmIds(bp) }).find((w) => w.key === "routing")!.definition.nodes;
}

/** An n8n expression (`={{ … }}`) of a node as a function of the item and the node's run index. */
function expression(text: unknown): (json: object, runIndex?: number) => any {
  const body = /^=\{\{([\s\S]*)\}\}$/.exec(String(text))![1];
  const run = new Function("$json", "$runIndex", `return (${body});`);
  return (json, runIndex = 0) => run(json, runIndex);
}

async function loop(call = "Read the lead") {
  const nodes = await routingNodes();
  const node = (suffix: string) => nodes.find((n) => n.name === `${call}${suffix}`)!;
  const condition = (suffix: string) => expression((node(suffix).parameters.conditions as any).conditions[0].leftValue);
  return {
    nodes,
    call: node(""),
    answered: condition(": answered?"),
    again: condition(": try again?"),
    wait: expression(node(": wait for the rate limit").parameters.amount),
    error: expression(node(": refused").parameters.errorMessage),
  };
}

const refused = (headers: Record<string, string>, policyName = "TEN_SECONDLY_ROLLING") => ({
  statusCode: 429,
  headers,
  body: { status: "error", errorType: "RATE_LIMIT", policyName, message: "You have reached your limit." },
});
const full = { "x-hubspot-ratelimit-remaining": "0", "x-hubspot-ratelimit-interval-milliseconds": "10000" };
const many = (f: () => number) => Array.from({ length: 200 }, f);

describe("a CRM call refused for a rate limit", () => {
  it("returns every answer; a success goes on, a refusal loops through a Wait node back to the call", async () => {
    const { call, answered, again } = await loop();
    expect(call.parameters.options).toEqual({ response: { response: { fullResponse: true, neverError: true } } });
    expect(answered({ statusCode: 200, headers: {}, body: {} })).toBe(true);
    expect(answered(refused(full))).toBe(false);
    expect(again(refused(full))).toBe(true);
    expect(again({ statusCode: 503, headers: {}, body: {} })).toBe(true);
  });

  it("waits as the headers say, growing to the window's interval, jittered between half and all of it", async () => {
    const { wait } = await loop();
    const first = many(() => wait(refused(full)));
    expect(Math.min(...first)).toBeGreaterThanOrEqual(1.25);
    expect(Math.max(...first)).toBeLessThanOrEqual(2.5);
    expect(new Set(first).size).toBeGreaterThan(150); // jittered: the refused executions come back apart
    const later = many(() => wait(refused(full), 5));
    expect(Math.min(...later)).toBeGreaterThanOrEqual(5);
    expect(Math.max(...later)).toBeLessThanOrEqual(10);
    // A shorter window in the headers, a shorter wait.
    const short = { ...full, "x-hubspot-ratelimit-interval-milliseconds": "1000" };
    expect(Math.max(...many(() => wait(refused(short), 5)))).toBeLessThanOrEqual(1);
    // A refusal with room left in the window (HubSpot's per-second search limit) waits less.
    const room = { ...full, "x-hubspot-ratelimit-remaining": "40" };
    expect(Math.max(...many(() => wait(refused(room))))).toBeLessThanOrEqual(0.5);
  });

  it("takes Retry-After as a floor, up to a minute", async () => {
    const { wait } = await loop();
    expect(wait(refused({ ...full, "retry-after": "30" }))).toBe(30);
    expect(wait(refused({ ...full, "retry-after": "3600" }))).toBe(60);
  });

  it("stops with HubSpot's status and message on the DAILY limit, a 4xx, or after the last try", async () => {
    const { again, error } = await loop();
    expect(again(refused(full, "DAILY"))).toBe(false);
    expect(error(refused(full, "DAILY"))).toBe("Read the lead: HubSpot answered 429 You have reached your limit.");
    const missing = { statusCode: 404, headers: {}, body: { message: "Not found" } };
    expect(again(missing)).toBe(false);
    expect(error(missing)).toBe("Read the lead: HubSpot answered 404 Not found");
    expect(again(refused(full), CRM_TRIES - 2)).toBe(true);
    expect(again(refused(full), CRM_TRIES - 1)).toBe(false);
    expect(error(refused(full))).toBe(
      `Read the lead: HubSpot answered 429 You have reached your limit. (${CRM_TRIES} tries)`,
    );
  });

  it("is how every CRM call of the routing workflow is made", async () => {
    const { nodes } = await loop();
    const calls = nodes.filter(
      (n) => n.type === "n8n-nodes-base.httpRequest" && String(n.parameters.url).includes("18080"),
    );
    expect(calls.map((n) => n.name)).toEqual([
      "Read the lead",
      "Read the owners",
      "Assign the owner in the CRM",
      // HubSpot's batched deliveries (./routing-batch.ts).
      "Read the leads",
      "Read the owners of the batch",
      "Assign the owners in the CRM",
    ]);
    for (const n of calls) expect(nodes.map((m) => m.name)).toContain(`${n.name}: try again?`);
  });
});

describe("the CRM calls of automations, SLA timers and notifications", () => {
  it("back off on HubSpot's rate limits as routing's do: a rate limit delays, never drops", async () => {
    const bp = await loadValid("test/plan/n8n/fixtures/acme.yaml");
    const workflows = compileN8n(bp, { ...target, crmIds: fakeCrmIds(bp) }).filter(
      (w) => w.key.startsWith("automation-") || w.key === "sla-timers" || w.key === "notifications",
    );
    expect(workflows.map((w) => w.key)).toEqual(expect.arrayContaining(["sla-timers", "notifications"]));
    const calls = workflows.flatMap((w) =>
      w.definition.nodes
        .filter((n) => n.type === "n8n-nodes-base.httpRequest" && String(n.parameters.url).includes("18080"))
        .map((n) => ({ w, n })),
    );
    // Reads, searches, PATCHes and task creations: every kind of call the automations make.
    expect(new Set(calls.map(({ n }) => n.parameters.method ?? "GET"))).toEqual(new Set(["GET", "POST", "PATCH"]));
    for (const { w, n } of calls) {
      const names = w.definition.nodes.map((m) => m.name);
      expect(names, `${w.key}: ${n.name}`).toContain(`${n.name}: try again?`);
      expect(n.parameters.options).toEqual({ response: { response: { fullResponse: true, neverError: true } } });
      // The wait is the routing workflow's, the same expression.
      const wait = w.definition.nodes.find((m) => m.name === `${n.name}: wait for the rate limit`)!;
      expect(wait.parameters.amount).toBe(`={{ ${WAIT_SECONDS} }}`);
      // What a try sends comes from named nodes: a try again is given the refusal as its item.
      expect(JSON.stringify(n.parameters)).not.toMatch(/\$json\b/);
    }
  });
});

describe("a CRM call's body", () => {
  it("is refused at compile time when it holds '}}', where n8n would end its expression", () => {
    expect(() => crmRequest(target, "Move", "PATCH", "/x", '{"properties":{"a":"1"}}')).toThrow(
      'Move: the body expression holds "}}", which ends an n8n expression',
    );
    expect(() => crmRequest(target, "Move", "PATCH", "/x", '{ properties: { "a": "1" } }')).not.toThrow();
  });
});
