import { createServer, type Server } from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { configureRequest, serializedProvider } from "../support/serialized-provider";

const API_KEY = "n8n-api-key-never-serialized";
let server: Server;
let baseUrl: string;
const seen: { url: string; key: string }[] = [];

// Stands in for n8n: every workflow and credential is gone.
beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push({ url: req.url!, key: String(req.headers["x-n8n-api-key"]) });
    const list = req.url!.startsWith("/api/v1/credentials");
    res.writeHead(list ? 200 : 404, { "content-type": "application/json" });
    res.end(JSON.stringify(list ? { data: [], nextCursor: null } : { message: "Not Found" }));
  });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  baseUrl = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
});
afterAll(() => new Promise<void>((ok) => server.close(() => ok())));

describe.each([["workflow"], ["n8n-credential"]])("serialized %s provider", (file) => {
  it("is thin, holds no key, requires the installed package by bare name, and works once configured", async () => {
    const loaded = await serializedProvider(file, API_KEY);
    await loaded.configure(configureRequest({ "n8n:baseUrl": baseUrl, "n8n:apiKey": API_KEY }));
    seen.length = 0;
    expect(await loaded.read("missing", { key: "k", name: "n", tag: "t" })).toEqual({});
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.every((s) => s.key === API_KEY)).toBe(true);
  });
});
