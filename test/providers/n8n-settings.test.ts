import { afterEach, describe, expect, it } from "vitest";
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
