import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { N8nClient, writeBody, type WorkflowDefinition } from "../../../src/clients/n8n";

// A scripted stand-in for n8n: each test queues answers and reads back what the client sent.
type Answer = { status: number; body: unknown; html?: boolean };
const KEY = "test-api-key-0123456789";
let server: Server;
let baseUrl: string;
let answers: Answer[] = [];
let seen: { method: string; url: string; key: string | undefined; body: string }[] = [];

beforeAll(async () => {
  server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      seen.push({ method: req.method!, url: req.url!, key: req.headers["x-n8n-api-key"] as string, body });
      const answer = answers.shift() ?? { status: 500, body: { message: "no answer scripted" } };
      res.writeHead(answer.status, { "content-type": answer.html ? "text/html" : "application/json" });
      res.end(answer.html ? String(answer.body) : JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  baseUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(() => new Promise<void>((ok) => server.close(() => ok())));
beforeEach(() => {
  answers = [];
  seen = [];
});

const client = () => new N8nClient({ baseUrl: `${baseUrl}/`, apiKey: KEY });
const definition: WorkflowDefinition = {
  name: "w",
  nodes: [{ id: "1", name: "Hook", type: "n8n-nodes-base.webhook", typeVersion: 2, position: [0, 0], parameters: {} }],
  connections: {},
  settings: {},
};

describe("n8n client", () => {
  it("follows cursors through every page, passing the tag filter and the key", async () => {
    answers = [
      { status: 200, body: { data: [{ id: "a" }, { id: "b" }], nextCursor: "c1" } },
      { status: 200, body: { data: [{ id: "c" }], nextCursor: null } },
    ];
    const ids = (await client().listWorkflows({ tags: ["managed", "routing"] })).map((w) => w.id);
    expect(ids).toEqual(["a", "b", "c"]);
    const urls = seen.map((s) => new URL(s.url, baseUrl));
    expect(urls.map((u) => u.pathname)).toEqual(["/api/v1/workflows", "/api/v1/workflows"]);
    expect(urls.map((u) => u.searchParams.get("tags"))).toEqual(["managed,routing", "managed,routing"]);
    expect(urls.map((u) => u.searchParams.get("cursor"))).toEqual([null, "c1"]);
    expect(seen.every((s) => s.key === KEY)).toBe(true);
  });

  it("retries a read through transient failures", async () => {
    answers = [
      { status: 503, body: { message: "busy" } },
      { status: 502, body: "<html>bad gateway</html>", html: true },
      { status: 200, body: { id: "w1", name: "w" } },
    ];
    expect(await client().getWorkflow("w1")).toMatchObject({ id: "w1" });
    expect(seen).toHaveLength(3);
  });

  it("never replays a create, which could make a duplicate", async () => {
    answers = [{ status: 503, body: { message: "busy" } }];
    await expect(client().createWorkflow(definition)).rejects.toThrow("n8n POST /workflows: 503 busy");
    expect(seen).toHaveLength(1);
  });

  it("does not retry a refusal, and reports n8n's message", async () => {
    answers = [{ status: 400, body: { message: "request/body/settings must NOT have additional properties" } }];
    await expect(client().updateWorkflow("w1", definition)).rejects.toThrow(
      "n8n PUT /workflows/w1: 400 request/body/settings must NOT have additional properties",
    );
    expect(seen).toHaveLength(1);
  });

  it("turns an HTML error page into a readable message", async () => {
    answers = [
      {
        status: 500,
        body: "<html><body><pre>ResponseError: Failed to parse request body</pre></body></html>",
        html: true,
      },
    ];
    await expect(client().createTag("x")).rejects.toThrow("500 ResponseError: Failed to parse request body");
  });

  it("keeps the API key out of error messages, even when the server echoes it", async () => {
    answers = [{ status: 401, body: { message: `key ${KEY} is unknown` } }];
    const err: Error = await client()
      .listTags()
      .catch((e) => e);
    expect(err.message).toBe("n8n GET /tags: 401 key *** is unknown");
    expect(JSON.stringify(err) + err.stack).not.toContain(KEY);
  });

  it("treats 404 on read and delete as gone", async () => {
    answers = [
      { status: 404, body: { message: "Not Found" } },
      { status: 404, body: { message: "Not Found" } },
    ];
    expect(await client().getWorkflow("gone")).toBeUndefined();
    expect(await client().deleteWorkflow("gone")).toBe(false);
  });
});

describe("workflow write body", () => {
  it("keeps only the keys n8n accepts and drops server fields of a read workflow", () => {
    const read = { ...definition, id: "w1", active: true, versionId: "v", tags: [], settings: { timezone: "UTC" } };
    expect(writeBody(read)).toEqual({ ...definition, settings: { timezone: "UTC" } });
  });

  it("rejects what n8n would accept but break on, naming each problem", () => {
    const bad: WorkflowDefinition = {
      name: " ",
      nodes: [definition.nodes[0], { ...definition.nodes[0], id: "2" }],
      connections: { Hook: { main: [[{ node: "Nowhere", type: "main", index: 0 }]] } },
      settings: { binaryMode: "separate" } as never,
    };
    expect(() => writeBody(bad)).toThrow(
      'workflow " " cannot be written: the workflow name is empty; two nodes are named "Hook"; ' +
        'a connection from "Hook" goes to missing node "Nowhere"; settings has "binaryMode", which n8n does not accept',
    );
  });
});
