import { createRequire } from "node:module";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Sandbox } from "../../src/sandbox";
import { sandbox, TOKEN } from "./helpers";

// Node's own require: the compiled providers exactly as the Pulumi program loads them (`npm run build` first).
const nodeRequire = createRequire(__filename);
const pulumi = nodeRequire("@pulumi/pulumi");
const requireFromString = nodeRequire("require-from-string");

const providers: Array<[file: string, className: string]> = [
  ["pipeline", "PipelineProvider"],
  ["stage", "PipelineStageProvider"],
  ["property-group", "PropertyGroupProvider"],
  ["property", "PropertyProvider"],
  ["user", "UserProvider"],
];

let sb: Sandbox;
beforeAll(async () => (sb = await sandbox()));
afterAll(() => sb.stop());

describe.each(providers)("serialized %s provider", (file, className) => {
  it("is thin: no token, no deep package paths, no secrets, the installed package required by bare name", async () => {
    process.env.HUBSPOT_TOKEN = TOKEN;
    const Provider = nodeRequire(`revstack/providers/${file}`)[className];
    const provider = new Provider();
    expect(Object.keys(provider)).toEqual([]);
    // Exactly what `dynamic.Resource` stores (the captured variable's name is part of the text).
    const { text, containsSecrets } = await pulumi.runtime.serializeFunction(() => provider, { allowSecrets: true });
    expect(containsSecrets).toBe(false);
    expect(text).not.toContain(TOKEN);
    expect(text).not.toMatch(/require\("[^"]*\/dist\//);
    expect(text).toContain("require(`revstack/providers/${file}`)");
    expect(text).toContain(`file: "${file}"`);
    // Stored twice per resource (inputs and outputs): one flat class, no base-class chain (4.3 KB with one).
    expect(text.length).toBeLessThan(3_000);
  });

  it("round-trips through require-from-string and works against HubSpot once configured", async () => {
    const Provider = nodeRequire(`revstack/providers/${file}`)[className];
    const { text } = await pulumi.runtime.serializeFunction(() => new Provider(), { allowSecrets: true });
    const loaded = requireFromString(text).handler();
    const config: Record<string, string> = { "hubspot:baseUrl": sb.url, "hubspot:token": TOKEN, "hubspot:portalId": String(sb.portalId) };
    await loaded.configure({ config: { get: (k: string) => config[k], require: (k: string) => config[k] } });
    expect(await loaded.diff("x", { objectType: "deals", label: "A", stages: [] }, { objectType: "deals", label: "A", stages: [] }))
      .toHaveProperty("changes");
    // A read of something that does not exist goes to the sandbox and answers "gone".
    const props = { objectType: "deals", pipelineId: "missing", name: "missing_property", stageIds: {} };
    expect(await loaded.read("missing", props)).toEqual({});
  });
});
