import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Sandbox } from "../../src/sandbox";
import { configureRequest, serializedProvider } from "../support/serialized-provider";
import { sandbox, TOKEN } from "./helpers";

const providers = ["pipeline", "stage", "property-group", "property", "user", "team"];

let sb: Sandbox;
beforeAll(async () => (sb = await sandbox()));
afterAll(() => sb.stop());

describe.each(providers)("serialized %s provider", (file) => {
  it("is thin: no token, no deep package paths, no secrets, the installed package required by bare name", async () => {
    // A token in the environment must not be captured either.
    process.env.HUBSPOT_TOKEN = TOKEN;
    await serializedProvider(file, TOKEN);
  });

  it("round-trips through require-from-string and works against HubSpot once configured", async () => {
    const loaded = await serializedProvider(file, TOKEN);
    await loaded.configure(
      configureRequest({ "hubspot:baseUrl": sb.url, "hubspot:token": TOKEN, "hubspot:portalId": String(sb.portalId) }),
    );
    expect(
      await loaded.diff(
        "x",
        { objectType: "deals", label: "A", stages: [] },
        { objectType: "deals", label: "A", stages: [] },
      ),
    ).toHaveProperty("changes");
    // A read of something that does not exist goes to the sandbox and answers "gone".
    const props = { objectType: "deals", pipelineId: "missing", name: "missing_property", stageIds: {} };
    expect(await loaded.read("missing", props)).toEqual({});
  });
});
