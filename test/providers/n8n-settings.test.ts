import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { n8nClient, n8nSettingsFrom } from "../../providers/shared/n8n";
import { configureRequest as request } from "../support/serialized-provider";

describe("n8n provider settings", () => {
  const saved = process.env.N8N_API_KEY;
  afterEach(() => {
    if (saved === undefined) delete process.env.N8N_API_KEY;
    else process.env.N8N_API_KEY = saved;
  });

  it("takes the API key from the stack's secret config first", () => {
    process.env.N8N_API_KEY = "from-env";
    const settings = n8nSettingsFrom(request({ "n8n:baseUrl": "http://127.0.0.1:5678", "n8n:apiKey": "from-config" }));
    expect(settings.n8n).toEqual({ baseUrl: "http://127.0.0.1:5678", apiKey: "from-config" });
  });

  it("falls back to N8N_API_KEY for a local n8n whose key is made on each machine", () => {
    process.env.N8N_API_KEY = "from-env";
    expect(n8nSettingsFrom(request({ "n8n:baseUrl": "http://127.0.0.1:5678" })).n8n?.apiKey).toBe("from-env");
  });

  it("says how to set both when either is missing, without any key in the message", () => {
    delete process.env.N8N_API_KEY;
    const settings = n8nSettingsFrom(
      request({ "n8n:baseUrl": "http://127.0.0.1:5678", "hubspot:token": "tok-secret" }),
    );
    expect(settings.n8n).toBeUndefined();
    expect(() => n8nClient(settings)).toThrow(/n8n:apiKey.*N8N_API_KEY/);
    expect(() => n8nClient(settings)).not.toThrow(/tok-secret/);
  });
});

describe("a local n8n's API key", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "revstack-local-n8n-"));
  const savedDir = process.env.REVSTACK_LOCAL_N8N_DIR;
  const savedKey = process.env.N8N_API_KEY;
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  afterEach(() => {
    if (savedKey === undefined) delete process.env.N8N_API_KEY;
    else process.env.N8N_API_KEY = savedKey;
    if (savedDir === undefined) delete process.env.REVSTACK_LOCAL_N8N_DIR;
    else process.env.REVSTACK_LOCAL_N8N_DIR = savedDir;
  });
  writeFileSync(path.join(dir, "n8n-service.json"), JSON.stringify({ url: "http://127.0.0.1:5678", version: "1" }));
  writeFileSync(path.join(dir, "revstack-n8n.json"), JSON.stringify({ apiKey: "local-key", email: "o@x" }));

  it("reaches a stack that points at that n8n, without being copied anywhere", () => {
    delete process.env.N8N_API_KEY;
    process.env.REVSTACK_LOCAL_N8N_DIR = dir;
    expect(n8nSettingsFrom(request({ "n8n:baseUrl": "http://127.0.0.1:5678/" })).n8n?.apiKey).toBe("local-key");
  });

  it("never reaches a stack that points at another n8n", () => {
    delete process.env.N8N_API_KEY;
    process.env.REVSTACK_LOCAL_N8N_DIR = dir;
    expect(n8nSettingsFrom(request({ "n8n:baseUrl": "https://n8n.acme.example" })).n8n).toBeUndefined();
    expect(n8nSettingsFrom(request({ "n8n:baseUrl": "http://127.0.0.1:5679" })).n8n).toBeUndefined();
  });

  it("gives way to the stack's secret and to N8N_API_KEY", () => {
    process.env.REVSTACK_LOCAL_N8N_DIR = dir;
    process.env.N8N_API_KEY = "from-env";
    expect(n8nSettingsFrom(request({ "n8n:baseUrl": "http://127.0.0.1:5678" })).n8n?.apiKey).toBe("from-env");
  });
});
