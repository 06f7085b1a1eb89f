import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Sandbox } from "../../src/sandbox";
import { clientFor, guardedClient, settingsFrom } from "../../providers/shared/config";
import { configureRequest } from "../support/serialized-provider";
import { resetStats, sandbox, settings, stats } from "./helpers";

const configure = (values: Record<string, string>) => settingsFrom(configureRequest(values));

let sb: Sandbox;
beforeAll(async () => (sb = await sandbox()));
afterAll(() => sb.stop());

describe("provider settings from stack config", () => {
  it("reads the hubspot and revstack keys, with HubSpot's API as the default base URL", () => {
    expect(configure({ "hubspot:token": "t", "hubspot:portalId": "42", "revstack:adopt": "true" })).toEqual({
      connection: { baseUrl: "https://api.hubapi.com", token: "t" },
      portalId: 42,
      adopt: true,
      adoptObjects: [],
    });
    expect(configure({}).adopt).toBe(false);
    expect(configure({ "revstack:adoptObjects": '["property:deals/a"]' }).adoptObjects).toEqual(["property:deals/a"]);
  });

  it("rejects a portal id that is not a number", () => {
    expect(() => configure({ "hubspot:portalId": "acme" })).toThrow(/hubspot:portalId must be .* a number; got "acme"/);
  });

  it("says how to set a missing token, and only when HubSpot is actually called", () => {
    const s = configure({});
    expect(() => clientFor(s)).toThrow(
      "hubspot:token is not set for this stack: run `pulumi config set --secret hubspot:token <private app token or service key>`",
    );
  });

  it("checks the portal once per process, however many resources ask", async () => {
    await resetStats(sb);
    const s = settings(sb, { "hubspot:portalId": String(sb.portalId) });
    await Promise.all(Array.from({ length: 5 }, () => guardedClient(s)));
    expect((await stats(sb)).byRoute["GET /account-info/2026-09/details"]).toBe(1);
  });

  it("keeps a failed check for the whole run: one account read however many resources ask", async () => {
    await resetStats(sb);
    const s = settings(sb, { "hubspot:portalId": "999" });
    const errors = await Promise.all(
      Array.from({ length: 20 }, () =>
        guardedClient(s).then(
          () => undefined,
          (e: Error) => e.message,
        ),
      ),
    );
    expect(new Set(errors)).toEqual(
      new Set([
        `Portal guard: hubspot:portalId is 999 but the token belongs to portal ${sb.portalId} at ${sb.url}. ` +
          "Nothing was changed. Fix hubspot:token or hubspot:portalId in the stack configuration.",
      ]),
    );
    await guardedClient(s).catch(() => undefined);
    expect((await stats(sb)).byRoute["GET /account-info/2026-09/details"]).toBe(1);
  });
});
