import { beforeAll, describe, expect, it } from "vitest";
import type { Blueprint } from "../../../src/blueprint/model";
import { compileN8n, type CompiledWorkflow } from "../../../src/plan/n8n";
import { MEMBERSHIPS_CHUNK } from "../../../src/clients/hubspot/lists";
import { fakeCallers, fakeCrmIds, loadValid } from "../../support/compile";

// An automation's `if:` on list membership, as its compiled workflow's own code runs it (in-process, no n8n).
const AsyncFunction = Object.getPrototypeOf(async () => undefined).constructor as FunctionConstructor;
type Item = { json: Record<string, unknown>; pairedItem?: unknown };
type Node = { name: string; parameters: Record<string, unknown>; type: string };

let bp: Blueprint;
let workflows: CompiledWorkflow[];
beforeAll(async () => {
  bp = await loadValid("test/plan/n8n/fixtures/list-conditions.yaml");
  const target = {
    crmBaseUrl: "http://127.0.0.1:18080/",
    crmCredential: { id: "cred-1", name: "revstack crm" },
    callers: fakeCallers,
    n8nBaseUrl: "http://127.0.0.1:5678",
    notifyUrl: "http://127.0.0.1:9999/notify",
    crmIds: fakeCrmIds(bp),
  };
  workflows = compileN8n(bp, target);
});

const workflow = (key: string) => {
  const w = workflows.find((x) => x.key === `automation-${key}`)!;
  const nodes = w.definition.nodes as Node[];
  const node = (name: string) => nodes.find((n) => n.name === name)!;
  const next = (name: string) => (w.definition.connections[name]?.main ?? []).flatMap((out) => out.map((c) => c.node));
  return { nodes, node, next };
};

/** Runs a Code node's text as n8n does: `$input` its input items, `$(name)` the named nodes' items. */
async function runCode(node: Node, input: Item[], named: Record<string, Item[]>): Promise<Item[]> {
  const $ = (name: string) => ({ all: () => named[name], first: () => named[name][0] });
  const run = new AsyncFunction("$input", "$", node.parameters.jsCode as string);
  return run({ all: () => input }, $);
}

/** Evaluates an n8n expression (`={{ … }}`) with `$` and `$json`. */
const evaluate = (expression: string, $: unknown, $json: unknown = {}) =>
  new Function("$", "$json", `return ${expression.replace(/^=\{\{\s*/, "").replace(/\s*\}\}$/, "")};`)($, $json);

const found = (listId: string) => [{ json: { statusCode: 200, body: { list: { listId } } } }];
const finds = { "Find list do-not-call": found("11"), "Find list enterprise-icp": found("10") };

describe("an automation's if: on list membership", () => {
  it("reads the records' memberships between the trigger and the IF node, retried events included", () => {
    const { node, next } = workflow("call-icp-leads");
    expect(next("Lists to read")).toEqual(["Find list do-not-call"]);
    expect(next("Find list do-not-call: answered?")[0]).toBe("Find list enterprise-icp");
    expect(next("Find list enterprise-icp: answered?")[0]).toBe("Read the lists of the records");
    expect(next("Read the lists of the records: answered?")[0]).toBe("Lists of the records");
    expect(next("Lists of the records")).toEqual(["Conditions met?"]);
    // Every way into the conditions goes through the memberships read: the claimed events and those tried again.
    const into = workflow("call-icp-leads")
      .nodes.filter((n) => next(n.name).includes("Lists to read"))
      .map((n) => n.name);
    expect(into.length).toBe(2);
    expect(
      workflow("call-icp-leads").nodes.some(
        (n) => next(n.name).includes("Conditions met?") && n.name !== "Lists of the records",
      ),
    ).toBe(false);
    expect(node("Find list enterprise-icp").parameters.url).toMatch(
      /\/crm\/lists\/2026-09\/object-type-id\/0-1\/name\/Enterprise%20ICP$/,
    );
    expect(node("Read the lists of the records").parameters.url).toMatch(
      /\/crm\/lists\/2026-09\/records\/memberships\/batch\/read$/,
    );
  });

  it("finds a company list among companies (objectTypeId 0-2)", () => {
    const { node } = workflow("big-company-created");
    expect(node("Find list big-companies").parameters.url).toMatch(/object-type-id\/0-2\/name\/Big%20companies$/);
    const body = evaluate(node("Read the lists of the records").parameters.jsonBody as string, () => ({
      item: { json: { ids: ["7"] } },
    }));
    expect(JSON.parse(body)).toEqual({ inputs: [{ objectTypeId: "0-2", recordId: "7" }] });
  });

  it(`reads ${MEMBERSHIPS_CHUNK + 150} records in chunks of ${MEMBERSHIPS_CHUNK}, and the IF node acts on members only`, async () => {
    const { node } = workflow("call-icp-leads");
    // Record 5 comes twice (two events of one contact): one read, both events go on.
    const records = [...Array.from({ length: 250 }, (_, i) => String(i + 1)), "5"].map((id, i) => ({
      json: { object: "contacts", id, properties: { email: `${id}@x.io` }, event: `e${i}` },
    }));
    const chunks = await runCode(node("Lists to read"), records, {});
    expect(chunks.map((c) => (c.json.ids as string[]).length)).toEqual([100, 100, 50]);
    expect((chunks[0].json.records as unknown[]).length).toBe(101);
    const read = node("Read the lists of the records").parameters.jsonBody as string;
    // HubSpot's answer for each chunk: ids divisible by 3 are in Enterprise ICP (10), those by 5 in Do not call (11).
    const answers = chunks.map((chunk) => {
      const { inputs } = JSON.parse(evaluate(read, () => ({ item: chunk }))) as { inputs: Array<{ recordId: string }> };
      expect(inputs.length).toBeLessThanOrEqual(MEMBERSHIPS_CHUNK);
      const results = inputs.map(({ recordId }) => ({
        recordId,
        recordListMemberships: [
          ...(Number(recordId) % 3 === 0 ? [{ listId: "10" }] : []),
          ...(Number(recordId) % 5 === 0 ? [{ listId: "11" }] : []),
          { listId: "99" },
        ],
      }));
      return { json: { statusCode: 200, body: { status: "COMPLETE", results } } };
    });
    const out = await runCode(node("Lists of the records"), answers, { ...finds, "Lists to read": chunks });
    expect(out.length).toBe(251);
    const byId = Object.fromEntries(out.map((o) => [o.json.id, o.json.lists]));
    expect(byId["3"]).toEqual(["enterprise-icp"]);
    expect(byId["15"]).toEqual(["do-not-call", "enterprise-icp"]);
    expect(byId["7"]).toEqual([]);
    expect(out.filter((o) => o.json.id === "5").map((o) => o.json.event)).toEqual(["e4", "e250"]);
    const check = node("Conditions met?").parameters as { conditions: { conditions: Array<{ leftValue: string }> } };
    const passes = out.filter((o) => evaluate(check.conditions.conditions[0].leftValue, undefined, o.json));
    const expected = Array.from({ length: 250 }, (_, i) => i + 1).filter((n) => n % 3 === 0 && n % 5 !== 0);
    expect(passes.map((o) => Number(o.json.id))).toEqual(expected);
  });

  it("stops, naming the records, when HubSpot's answer leaves some out or holds errors", async () => {
    const { node } = workflow("call-icp-leads");
    const records = ["1", "2"].map((id) => ({ json: { id, properties: {} } }));
    const chunks = await runCode(node("Lists to read"), records, {});
    const named = { ...finds, "Lists to read": chunks };
    const answer = (body: object) => [{ json: { statusCode: 200, body } }];
    const one = { recordId: "1", recordListMemberships: [] };
    await expect(runCode(node("Lists of the records"), answer({ results: [one] }), named)).rejects.toThrow(
      /did not answer for every record: left out of HubSpot's answer \(2\)/,
    );
    const errors = [{ message: "Record not found", context: { ids: ["2"] } }];
    await expect(runCode(node("Lists of the records"), answer({ results: [one], errors }), named)).rejects.toThrow(
      /did not answer for every record: Record not found \(2\)/,
    );
  });
});

describe("a routing rule's list condition", () => {
  const routing = () => {
    const w = workflows.find((x) => x.key === "routing")!;
    const node = (name: string) => (w.definition.nodes as Node[]).find((n) => n.name === name)!;
    const next = (name: string) => (w.definition.connections[name]?.main ?? [])[0]?.map((c) => c.node);
    return { node, next };
  };
  const answer = (body: object) => [{ json: { statusCode: 200, body } }];
  const delivered = (body: object) => [{ json: { body } }];

  it("gives one lead its lists, or stops naming it when HubSpot did not answer for it", async () => {
    const { node, next } = routing();
    expect(next("Read the lists of the lead: answered?")).toEqual(["Lists of the lead"]);
    expect(next("Lists of the lead")).toEqual(["Read the owners"]);
    // The routing log keeps the lists the lead was routed by: a replay decides as this run did.
    expect(JSON.stringify(node("Log the lead").parameters)).toContain("$('Lists of the lead').first().json.lists");
    const lists = node("Lists of the lead");
    const named = (body: object) => ({
      "Well-formed?": delivered({ contactId: "7" }),
      "Read the lists of the lead": answer(body),
      "Find list enterprise-icp": found("10"),
    });
    const out = await runCode(lists, [], named({ results: [{ listId: "99" }, { listId: "10" }] }));
    expect(out[0].json.lists).toEqual(["enterprise-icp"]);
    expect((await runCode(lists, [], named({ results: [] })))[0].json.lists).toEqual([]);
    await expect(runCode(lists, [], named({ status: "PENDING" }))).rejects.toThrow(
      /Read the lists of the lead: HubSpot did not answer for every record: left out of HubSpot's answer \(7\)/,
    );
  });

  it("routes a batch's leads whose lists HubSpot answered for, and names the others as failed", async () => {
    const { node } = routing();
    const sort = node("Sort the leads");
    const contact = (id: string) => ({ id, properties: { email: `${id}@x.io` } });
    const named = (memberships: object) => ({
      "Well-formed?": delivered({ leads: ["1", "2", "3", "4"].map((contactId) => ({ contactId })) }),
      // Lead 3 is not in HubSpot: it is missing already, its memberships do not matter.
      "Read the leads": answer({ results: [contact("1"), contact("2"), contact("4")] }),
      "Find the leads in the routing log": [{ json: {} }],
      "Read the lists of the leads": answer(memberships),
      "Find list enterprise-icp for the batch": found("10"),
    });
    const sorted = async (memberships: object) => {
      const [plan] = await runCode(sort, [], named(memberships));
      const toLog = plan.json.toLog as Array<{ leadId: string; lead: string }>;
      const lists = Object.fromEntries(toLog.map((l) => [l.leadId, JSON.parse(l.lead).lists]));
      return { leads: plan.json.leads, lists, missing: plan.json.missing };
    };
    const member = (recordId: string, ...listIds: string[]) => ({
      recordId,
      recordListMemberships: listIds.map((listId) => ({ listId })),
    });
    const notFound = (id: string) => ({ message: "Record not found", context: { ids: [id] } });
    const all = await sorted({ results: [member("1", "10"), member("2"), member("4", "99")], errors: [notFound("3")] });
    expect(all.lists).toEqual({ 1: ["enterprise-icp"], 2: [], 4: [] });
    expect(all.missing).toEqual([{ ids: ["3"], message: "not in HubSpot's batch read answer" }]);
    // Lead 2 left out of the answer, lead 4 named in its errors: neither is routed as in no list; both fail the request.
    const some = await sorted({ results: [member("1", "10")], errors: [notFound("4")] });
    expect(some.leads).toEqual(["1"]);
    expect(some.lists).toEqual({ 1: ["enterprise-icp"] });
    expect(some.missing).toEqual([
      { ids: ["3"], message: "not in HubSpot's batch read answer" },
      { ids: ["4"], message: "Read the lists of the leads: Record not found" },
      { ids: ["2"], message: "Read the lists of the leads: left out of HubSpot's answer" },
    ]);
    // An error naming no lead: none of them is known.
    const none = await sorted({
      results: [member("1", "10"), member("2"), member("4")],
      errors: [{ message: "busy" }],
    });
    expect(none.leads).toEqual([]);
    expect(none.missing).toContainEqual({ ids: ["1", "2", "4"], message: "Read the lists of the leads: busy" });
  });
});
