import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Sandbox } from "../../src/sandbox";
import { admin, api, dealStage, sandbox } from "./helpers";

let sb: Sandbox;
beforeAll(async () => (sb = await sandbox({ rateLimits: false })));
afterAll(() => sb.stop());

const V = "2026-09";
const pairs: Array<[legacy: string, dated: string]> = [
  ["/crm/v3/pipelines/deals", `/crm/pipelines/${V}/deals`],
  ["/crm/v3/properties/deals/groups", `/crm/properties/${V}/deals/groups`],
  ["/crm/v3/properties/contacts", `/crm/properties/${V}/contacts`],
  ["/crm/v3/owners", `/crm/owners/${V}`],
  ...["2026-03", "2026-09-beta"].flatMap((users): Array<[string, string]> => [
    ["/settings/v3/users", `/settings/users/${users}`],
    ["/settings/v3/users/roles", `/settings/users/${users}/roles`],
    ["/settings/v3/users/teams", `/settings/users/${users}/teams`],
  ]),
  ["/account-info/v3/details", `/account-info/${V}/details`],
];

describe("date-based paths (2026-09) beside v3", () => {
  it.each(pairs)("%s and its date-based path answer the same body", async (legacy, dated) => {
    const [a, b] = [await api(sb, "GET", legacy), await api(sb, "GET", dated)];
    expect(b.status).toBe(200);
    expect(b.body).toEqual(a.body);
  });

  it("counts each family under its own route in the stats", async () => {
    await admin(sb, "POST", "/__sandbox/stats/reset");
    await api(sb, "GET", "/crm/v3/owners");
    await api(sb, "GET", `/crm/owners/${V}`);
    await api(sb, "GET", `/crm/owners/${V}`);
    expect((await admin(sb, "GET", "/__sandbox/stats")).body.byRoute).toEqual({
      "GET /crm/v3/owners": 1,
      [`GET /crm/owners/${V}`]: 2,
    });
  });

  it("names paths of the caller's family in Location headers and paging links", async () => {
    const created = await api(sb, "POST", `/crm/objects/${V}/contacts`, { properties: { email: "loc@dates.test" } });
    expect(created.status).toBe(201);
    expect(created.headers.get("location")).toBe(`/crm/objects/${V}/contacts/${created.body.id}`);
    await api(sb, "POST", `/crm/objects/${V}/contacts`, { properties: { email: "loc2@dates.test" } });
    const page = (await api(sb, "GET", `/crm/objects/${V}/contacts?limit=1`)).body;
    expect(page.paging.next.link.startsWith(`/crm/objects/${V}/contacts?after=`)).toBe(true);
    const legacy = (await api(sb, "GET", "/crm/v3/objects/contacts?limit=1")).body;
    expect(legacy.paging.next.link.startsWith("/crm/v3/objects/contacts?after=")).toBe(true);
    const search = await api(sb, "POST", `/crm/objects/${V}/contacts/search`, { limit: 1 });
    expect(search.body.total).toBeGreaterThanOrEqual(2);
  });

  it("has no /settings/users/2026-09: user provisioning is published as 2026-03 and 2026-09-beta only", async () => {
    expect((await api(sb, "GET", `/settings/users/${V}`)).status).toBe(404);
    expect((await api(sb, "POST", `/settings/users/${V}`, { email: "nobody@dates.test" })).status).toBe(404);
  });

  it("deletes what it is told to, as HubSpot does: a stage in use, and a pipeline in use unless the caller asks to check", async () => {
    const pipeline = (
      await api(sb, "POST", `/crm/pipelines/${V}/deals`, {
        label: "Dated",
        displayOrder: 5,
        stages: [dealStage("A", 0, 0.1), dealStage("B", 1, 0.2), dealStage("C", 2, 0.3)],
      })
    ).body;
    const [a, b] = pipeline.stages.map((s: { id: string }) => s.id);
    for (const [name, stage] of [
      ["Held", a],
      ["Held too", b],
    ])
      await api(sb, "POST", `/crm/objects/${V}/deals`, {
        properties: { dealname: name, pipeline: pipeline.id, dealstage: stage },
      });
    // The stage DELETE takes no reference check at all: a stage that holds a deal goes.
    expect((await api(sb, "DELETE", `/crm/pipelines/${V}/deals/${pipeline.id}/stages/${a}`)).status).toBe(204);
    // The pipeline DELETE checks only when asked (both flags default to false).
    const refused = await api(
      sb,
      "DELETE",
      `/crm/pipelines/${V}/deals/${pipeline.id}?validateDealStageUsagesBeforeDelete=true`,
    );
    expect(refused.status).toBe(400);
    expect(refused.body.subCategory).toBe("PipelineError.STAGE_ID_IN_USE");
    expect((await api(sb, "DELETE", `/crm/pipelines/${V}/deals/${pipeline.id}`)).status).toBe(204);
  });
});
