import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HubSpotClient, clearListCache } from "../../src/clients/hubspot";
import { goneReferences } from "../../src/ownership/live-references";
import type { Sandbox } from "../../src/sandbox";
import { api, sandbox } from "../sandbox/helpers";

/** An object another stack owns is checked to exist, fresh, before this stack leans on it. */
describe("referenced objects another stack owns", () => {
  let sb: Sandbox;
  let client: HubSpotClient;
  beforeAll(async () => {
    sb = await sandbox({ rateLimits: false, demoPeople: true });
    client = new HubSpotClient({ baseUrl: sb.url, token: sb.tokens[0] });
    await api(sb, "POST", "/crm/properties/2026-09/contacts", {
      name: "shared_score",
      label: "Shared score",
      type: "number",
      fieldType: "number",
      groupName: "contactinformation",
    });
    await api(sb, "POST", "/crm/pipelines/2026-09/deals", {
      label: "Shared Sales",
      displayOrder: 3,
      stages: [{ label: "Open", displayOrder: 0, metadata: { probability: "0.5" } }],
    });
    await api(sb, "POST", "/settings/users/2026-03", { email: "shared@refs.test" });
    await api(sb, "POST", "/settings/teams/2026-09-beta", { name: "Shared team", members: [] });
  });
  afterAll(() => sb.stop());

  const references = {
    "property:contacts/shared_score": "base",
    "group:contacts/contactinformation": "base",
    "pipeline:deals/Shared Sales": "base",
    "user:shared@refs.test": "people",
    "team:Shared team": "people",
  };

  it("finds every kind of referenced object that is there", async () => {
    expect(await goneReferences(client, references)).toEqual([]);
  });

  it("names a referenced object deleted by hand, the stack that owns it and what to do; read fresh, not from cache", async () => {
    await client.listProperties("contacts"); // cached with the property in it
    await api(sb, "DELETE", "/crm/properties/2026-09/contacts/shared_score");
    const teams = (await api(sb, "GET", "/settings/teams/2026-09-beta")).body.results as Array<{
      id: string;
      name: string;
    }>;
    await api(sb, "DELETE", `/settings/teams/2026-09-beta/${teams.find((t) => t.name === "Shared team")!.id}`);
    const gone = await goneReferences(client, references);
    expect(gone).toHaveLength(2);
    expect(gone[0]).toMatch(
      /^Property "shared_score" \(contacts\) belongs to stack "base", and this stack uses it, but it is not in the portal any more .*Apply stack "base" first/,
    );
    expect(gone[1]).toMatch(/Team "Shared team" belongs to stack "people"/);
    clearListCache();
  });
});
