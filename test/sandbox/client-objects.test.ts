import { describe, expect, it } from "vitest";
import { api, clientSandbox, failure } from "./helpers";
import { contactFlow } from "../providers/helpers";

// The demo sales team's users, owners and teams are what these tests work with.
const t = clientSandbox({ demoPeople: true });

const owner = async (email: string) => (await t.client.crm.owners.ownersApi.getPage(email)).results[0].id;

describe("deals and contacts through @hubspot/api-client", () => {
  it("creates a deal in a stage with an owner, reads and updates it", async () => {
    const jonas = await owner("jonas.weber@demo.revstack.test");
    const deal = await t.client.crm.deals.basicApi.create({
      properties: { dealname: "ACME", amount: "1200", dealstage: "qualifiedtobuy", hubspot_owner_id: jonas },
    });
    expect(deal.id).toMatch(/^\d+$/);
    expect(deal.properties).toMatchObject({
      dealname: "ACME",
      amount: "1200",
      pipeline: "default",
      dealstage: "qualifiedtobuy",
      hubspot_owner_id: jonas,
      hs_object_id: deal.id,
    });
    expect(deal.createdAt).toBeInstanceOf(Date);
    const read = await t.client.crm.deals.basicApi.getById(deal.id, ["dealname", "hubspot_owner_id", "closedate"]);
    expect(read.properties).toEqual({
      dealname: "ACME",
      hubspot_owner_id: jonas,
      closedate: null,
      hs_object_id: deal.id,
    });
    const moved = await t.client.crm.deals.basicApi.update(deal.id, {
      properties: { dealstage: "closedwon", amount: "1500" },
    });
    expect(moved.properties).toMatchObject({ dealstage: "closedwon", amount: "1500" });
    // The deals spec names the same objects by type id.
    const alias = await api(t.sb, "GET", `/crm/v3/objects/0-3/${deal.id}?properties=dealstage`);
    expect(alias.body.properties.dealstage).toBe("closedwon");
    await t.client.crm.deals.basicApi.archive(deal.id);
    expect((await failure(t.client.crm.deals.basicApi.getById(deal.id))).code).toBe(404);
  });

  it("records when a deal entered and left each stage", async () => {
    const deal = await t.client.crm.deals.basicApi.create({
      properties: { dealname: "Timed", dealstage: "appointmentscheduled", createdate: "2026-01-05T09:00:00Z" },
    });
    expect(deal.properties.hs_v2_date_entered_appointmentscheduled).toBe("2026-01-05T09:00:00.000Z");
    await t.client.crm.deals.basicApi.update(deal.id, { properties: { dealstage: "contractsent" } });
    const read = await t.client.crm.deals.basicApi.getById(deal.id, [
      "hs_v2_date_exited_appointmentscheduled",
      "hs_v2_date_entered_contractsent",
    ]);
    const exited = read.properties.hs_v2_date_exited_appointmentscheduled!;
    expect(Date.parse(exited)).toBeGreaterThan(Date.parse("2026-01-05T09:00:00Z"));
    expect(read.properties.hs_v2_date_entered_contractsent).toBe(exited);
    const found = await t.client.crm.deals.searchApi.doSearch({
      filterGroups: [
        {
          filters: [
            { propertyName: "hs_v2_date_entered_contractsent", operator: "GTE" as any, value: "2026-01-01T00:00:00Z" },
          ],
        },
      ],
      properties: ["dealname"],
      limit: 10,
      after: "0",
      sorts: [],
    });
    expect(found.results.map((d) => d.id)).toEqual([deal.id]);
    const written = await failure(
      t.client.crm.deals.basicApi.update(deal.id, {
        properties: { hs_v2_date_entered_closedwon: "2026-01-01T00:00:00Z" },
      }),
    );
    expect(written.body.errors[0].code).toBe("READ_ONLY_VALUE");
  });

  it("rejects unknown properties, stages of another pipeline and unknown owners", async () => {
    const unknown = await failure(t.client.crm.deals.basicApi.create({ properties: { dealname: "X", nope: "1" } }));
    expect(unknown.code).toBe(400);
    expect(unknown.body).toMatchObject({
      category: "VALIDATION_ERROR",
      errors: [{ code: "PROPERTY_DOESNT_EXIST", in: "nope" }],
    });
    const stage = await failure(t.client.crm.deals.basicApi.create({ properties: { dealname: "X", dealstage: "4" } }));
    expect(stage.body.errors[0].in).toBe("dealstage");
    const noOwner = await failure(
      t.client.crm.deals.basicApi.create({ properties: { dealname: "X", hubspot_owner_id: "42" } }),
    );
    expect(noOwner.body.errors[0].in).toBe("hubspot_owner_id");
    const amount = await failure(t.client.crm.deals.basicApi.create({ properties: { dealname: "X", amount: "lots" } }));
    expect(amount.body.errors[0]).toMatchObject({ code: "INVALID_VALUE", in: "amount" });
    const readOnly = await failure(
      t.client.crm.deals.basicApi.create({ properties: { dealname: "X", hs_object_id: "5" } }),
    );
    expect(readOnly.body.errors[0]).toMatchObject({ code: "READ_ONLY_VALUE", in: "hs_object_id" });
  });

  it("keeps contact emails unique", async () => {
    const first = await t.client.crm.contacts.basicApi.create({
      properties: { email: "ana@example.com", firstname: "Ana" },
    });
    expect(first.properties.email).toBe("ana@example.com");
    const imported = await t.client.crm.contacts.basicApi.create({
      properties: { email: "old@example.com", createdate: "2024-02-01T10:00:00Z" },
    });
    expect(imported.createdAt.toISOString()).toBe("2024-02-01T10:00:00.000Z");
    const again = await failure(t.client.crm.contacts.basicApi.create({ properties: { email: "ANA@example.com" } }));
    expect(again.code).toBe(409);
    expect(again.body.message).toBe(`Contact already exists. Existing ID: ${first.id}`);
    expect(
      (await t.client.crm.contacts.basicApi.getById("ana@example.com", undefined, undefined, undefined, false, "email"))
        .id,
    ).toBe(first.id);
  });

  it("updates, lists, searches and batch-archives contacts", async () => {
    const contacts = t.client.crm.contacts;
    const created = await contacts.batchApi.create({
      inputs: ["lee@example.com", "kim@example.com"].map((email) => ({
        properties: { email, lifecyclestage: "lead" },
      })),
    });
    const [lee, kim] = created.results.sort((a, b) => Number(a.id) - Number(b.id));
    expect(
      (await contacts.basicApi.update(kim.id, { properties: { lifecyclestage: "customer" } })).properties
        .lifecyclestage,
    ).toBe("customer");
    const badStage = await failure(contacts.basicApi.update(kim.id, { properties: { lifecyclestage: "alien" } }));
    expect(badStage.code).toBe(400);
    const customers = await contacts.searchApi.doSearch({
      filterGroups: [{ filters: [{ propertyName: "lifecyclestage", operator: "EQ" as any, value: "customer" }] }],
      properties: ["email"],
      limit: 10,
      after: "0",
      sorts: [],
    });
    expect(customers.results.map((c) => c.properties.email)).toEqual(["kim@example.com"]);
    const page = await contacts.basicApi.getPage(100, undefined, ["email"]);
    expect(page.results.map((c) => c.properties.email)).toEqual(
      expect.arrayContaining(["lee@example.com", "kim@example.com"]),
    );
    await contacts.batchApi.archive({ inputs: [{ id: lee.id }, { id: kim.id }] });
    expect((await failure(contacts.basicApi.getById(lee.id))).code).toBe(404);
    expect((await contacts.basicApi.getById(lee.id, ["email"], undefined, undefined, true)).archived).toBe(true);
  });

  it("batch creates, reads and updates deals, and pages through them", async () => {
    const created = await t.client.crm.deals.batchApi.create({
      inputs: Array.from({ length: 12 }, (_, i) => ({
        properties: {
          dealname: `Batch ${i}`,
          amount: String(100 * i),
          dealstage: i % 2 ? "closedwon" : "appointmentscheduled",
        },
      })),
    });
    expect(created.status).toBe("COMPLETE");
    expect(created.results).toHaveLength(12);
    const ids = created.results.map((d) => d.id);
    const read = await t.client.crm.deals.batchApi.read({
      inputs: ids.slice(0, 3).map((id) => ({ id })),
      properties: ["dealname"],
      propertiesWithHistory: [],
    });
    expect(read.results.map((d) => d.properties.dealname).sort()).toEqual(["Batch 0", "Batch 1", "Batch 2"]);
    const updated = await t.client.crm.deals.batchApi.update({
      inputs: ids.slice(0, 2).map((id) => ({ id, properties: { amount: "999" } })),
    });
    expect(updated.results.map((d) => d.properties.amount)).toEqual(["999", "999"]);
    const seen: string[] = [];
    let after: string | undefined;
    for (let i = 0; i < 10; i++) {
      const page = await t.client.crm.deals.basicApi.getPage(5, after, ["dealname"]);
      seen.push(...page.results.map((d) => d.id));
      after = page.paging?.next?.after;
      if (!after) break;
    }
    expect(seen).toEqual(expect.arrayContaining(ids));
    expect(new Set(seen).size).toBe(seen.length);
    const missing = await api(t.sb, "POST", "/crm/v3/objects/deals/batch/read", {
      inputs: [{ id: ids[0] }, { id: "1" }],
      properties: [],
    });
    expect(missing.status).toBe(207);
    expect(missing.body.numErrors).toBe(1);
  });

  it("searches deals by property, sorted and paged, enough for a pipeline report", async () => {
    const priya = await owner("priya.nair@demo.revstack.test");
    await t.client.crm.deals.batchApi.create({
      inputs: [300, 700, 500].map((amount, i) => ({
        properties: { dealname: `Won ${i}`, amount: String(amount), dealstage: "closedwon", hubspot_owner_id: priya },
      })),
    });
    const search = (body: object) => t.client.crm.deals.searchApi.doSearch(body as any);
    const won = await search({
      filterGroups: [
        {
          filters: [
            { propertyName: "dealstage", operator: "EQ", value: "closedwon" },
            { propertyName: "hubspot_owner_id", operator: "EQ", value: priya },
          ],
        },
      ],
      sorts: [{ propertyName: "amount", direction: "DESCENDING" }],
      properties: ["amount"],
      limit: 2,
    });
    expect(won.total).toBe(3);
    expect(won.results.map((d) => d.properties.amount)).toEqual(["700", "500"]);
    const rest = await search({
      filterGroups: [
        {
          filters: [
            { propertyName: "dealstage", operator: "EQ", value: "closedwon" },
            { propertyName: "hubspot_owner_id", operator: "EQ", value: priya },
          ],
        },
      ],
      sorts: [{ propertyName: "amount", direction: "DESCENDING" }],
      properties: ["amount"],
      limit: 2,
      after: won.paging!.next!.after,
    });
    expect(rest.results.map((d) => d.properties.amount)).toEqual(["300"]);
    expect(rest.paging).toBeUndefined();
    const big = await search({
      filterGroups: [
        { filters: [{ propertyName: "amount", operator: "GTE", value: "600" }] },
        { filters: [{ propertyName: "dealname", operator: "EQ", value: "won 0" }] },
      ],
      limit: 100,
    });
    // Batch 0 and 1 were raised to 999; Batch 6..11 are 600..1100; "won 0" matches Won 0 case-insensitively.
    expect(big.results.map((d) => d.properties.dealname).sort()).toEqual([
      "Batch 0",
      "Batch 1",
      "Batch 10",
      "Batch 11",
      "Batch 6",
      "Batch 7",
      "Batch 8",
      "Batch 9",
      "Won 0",
      "Won 1",
    ]);
    const tooBig = await failure(search({ limit: 201 }));
    expect(tooBig.code).toBe(400);
  });
});

describe("account info, daily usage and flows", () => {
  it("reports portal id, time zone and currency for the portal guard", async () => {
    const details = await api(t.sb, "GET", "/account-info/v3/details");
    expect(details.body).toMatchObject({
      portalId: t.sb.portalId,
      timeZone: "America/New_York",
      companyCurrency: "USD",
    });
    const usage = await api(t.sb, "GET", "/account-info/v3/api-usage/daily/private-apps");
    expect(usage.body.results[0]).toMatchObject({ name: "private-apps-api-calls-daily", usageLimit: 250000 });
  });

  it("creates, reads, lists, replaces with a revision check and deletes a flow", async () => {
    const flow = contactFlow();
    const created = await api(t.sb, "POST", "/automation/v4/flows", flow);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ ...flow, revisionId: "1" });
    const id = created.body.id;
    expect((await api(t.sb, "GET", `/automation/v4/flows/${id}`)).body.name).toBe("Route inbound leads");
    // The same flows at the path HubSpot publishes for the 2026 generation (automation v4 as 2026-09-beta).
    expect((await api(t.sb, "GET", `/automation/2026-09-beta/flows/${id}`)).body.revisionId).toBe("1");
    expect((await api(t.sb, "GET", "/automation/v4/flows")).body.results.map((f: { id: string }) => f.id)).toEqual([
      id,
    ]);
    const replaced = await api(t.sb, "PUT", `/automation/v4/flows/${id}`, {
      ...flow,
      isEnabled: true,
      revisionId: "1",
    });
    expect(replaced.body).toMatchObject({ isEnabled: true, revisionId: "2" });
    const stale = await api(t.sb, "PUT", `/automation/v4/flows/${id}`, { ...flow, revisionId: "1" });
    expect(stale.status).toBe(409);
    const missingRevision = await api(t.sb, "PUT", `/automation/v4/flows/${id}`, flow);
    expect(missingRevision.status).toBe(400);
    expect(
      (await api(t.sb, "POST", "/automation/v4/flows/batch/read", { inputs: [{ flowId: id, type: "FLOW_ID" }] })).body
        .results,
    ).toHaveLength(1);
    expect((await api(t.sb, "DELETE", `/automation/v4/flows/${id}`)).status).toBe(204);
    expect((await api(t.sb, "GET", `/automation/v4/flows/${id}`)).status).toBe(404);
  });
});
