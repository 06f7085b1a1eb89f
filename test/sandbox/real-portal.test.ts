/**
 * The sandbox shaped like a real portal: HubSpot's default properties and groups, a portal id per state file,
 * HubSpot's refusals (400 with its error body) for requests missing required fields, flow PUT keeping what HubSpot
 * keeps, and a search index that trails writes and matches tokens.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Sandbox } from "../../src/sandbox";
import { containsToken, matchesQuery } from "../../src/sandbox/search-index";
import { api, sandbox } from "./helpers";

let sb: Sandbox;
beforeAll(async () => {
  sb = await sandbox({ searchIndexDelayMs: 300 });
});
afterAll(async () => {
  await sb?.stop();
});

/** HubSpot's error body for a refused request. */
function expectRefusal(res: { status: number; body: any }, field: string): void {
  expect(res.status).toBe(400);
  expect(res.body).toMatchObject({
    status: "error",
    category: "VALIDATION_ERROR",
    message: expect.any(String),
    correlationId: expect.any(String),
  });
  expect(res.body.errors.map((e: { in?: string }) => e.in)).toContain(field);
}

const flow = {
  type: "PLATFORM_FLOW",
  flowType: "WORKFLOW",
  objectTypeId: "0-3",
  isEnabled: false,
  actions: [],
  timeWindows: [],
  blockedDates: [],
  customProperties: {},
  dataSources: [],
};

describe("HubSpot's defaults", () => {
  it("has the default contact, company, deal and ticket properties with HubSpot's types, options and read-only flags", async () => {
    const contacts = (await api(sb, "GET", "/crm/v3/properties/contacts")).body.results;
    const byName = (name: string) => contacts.find((p: { name: string }) => p.name === name);
    for (const name of ["country", "state", "jobtitle", "hubspotscore", "hs_lead_status", "lifecyclestage"])
      expect(byName(name)?.hubspotDefined).toBe(true);
    expect(byName("lifecyclestage")).toMatchObject({
      type: "enumeration",
      fieldType: "radio",
      groupName: "contactinformation",
    });
    expect(byName("lifecyclestage").options.map((o: { value: string }) => o.value)).toContain("marketingqualifiedlead");
    expect(byName("hs_analytics_source").modificationMetadata.readOnlyValue).toBe(true);
    const deals = (await api(sb, "GET", "/crm/v3/properties/deals")).body.results;
    expect(deals.find((p: { name: string }) => p.name === "hs_deal_stage_probability")).toMatchObject({
      calculated: true,
      fieldType: "calculation_equation",
    });
    const groups = (await api(sb, "GET", "/crm/v3/properties/companies/groups")).body.results.map(
      (g: { name: string }) => g.name,
    );
    expect(groups).toEqual(expect.arrayContaining(["companyinformation", "analyticsinformation"]));
    for (const type of ["companies", "tickets"])
      expect((await api(sb, "GET", `/crm/v3/properties/${type}/country`)).status).toBe(
        type === "companies" ? 200 : 404,
      );
  });

  it("refuses a value on a read-only default property and a calculated one", async () => {
    const res = await api(sb, "POST", "/crm/v3/objects/contacts", {
      properties: { email: "ro@example.test", hs_analytics_source: "OFFLINE" },
    });
    expectRefusal(res, "hs_analytics_source");
  });

  it("derives the portal id from the state file, so two sandboxes differ and a restart keeps its id", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "revstack-portal-"));
    try {
      const a = await sandbox({ statePath: path.join(dir, "a.json") });
      const b = await sandbox({ statePath: path.join(dir, "b.json") });
      const ids = [a.portalId, b.portalId];
      await Promise.all([a.stop(), b.stop()]);
      expect(ids[0]).not.toBe(ids[1]);
      expect(ids).not.toContain(4242424);
      const again = await sandbox({ statePath: path.join(dir, "a.json") });
      expect(again.portalId).toBe(ids[0]);
      await again.stop();
      const pinned = await sandbox({ portalId: 4242424 });
      expect((await api(pinned, "GET", "/account-info/v3/details")).body.portalId).toBe(4242424);
      await pinned.stop();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe("requests HubSpot refuses", () => {
  const property = {
    name: "p1",
    label: "P1",
    type: "enumeration",
    fieldType: "select",
    groupName: "contactinformation",
  };

  it.each([
    ["a property without fieldType", { ...property, fieldType: undefined, options: [] }, "fieldType"],
    ["a property without groupName", { ...property, groupName: undefined, options: [] }, "groupName"],
    ["an option without hidden", { ...property, options: [{ label: "A", value: "a" }] }, "options[0].hidden"],
    ["a field type its type does not allow", { ...property, type: "number", fieldType: "radio" }, "fieldType"],
    [
      "a calculation without its formula",
      { ...property, type: "number", fieldType: "calculation_equation" },
      "calculationFormula",
    ],
  ])("property create: %s", async (_what, body, field) => {
    expectRefusal(await api(sb, "POST", "/crm/v3/properties/contacts", body), field);
  });

  it("record create and update without properties", async () => {
    expectRefusal(await api(sb, "POST", "/crm/v3/objects/contacts", {}), "properties");
    const id = (await api(sb, "POST", "/crm/v3/objects/contacts", { properties: { email: "x@example.test" } })).body.id;
    expectRefusal(await api(sb, "PATCH", `/crm/v3/objects/contacts/${id}`, {}), "properties");
  });

  it.each([
    ["/crm/v3/objects/contacts/batch/update", { inputs: [{ properties: { firstname: "A" } }] }, "inputs[0].id"],
    ["/crm/v3/objects/contacts/batch/read", { inputs: [{}], properties: [] }, "inputs[0].id"],
    ["/crm/v3/objects/contacts/batch/create", { inputs: [{}] }, "inputs[0].properties"],
    ["/crm/v3/objects/contacts/batch/archive", { inputs: [{}] }, "inputs[0].id"],
    [
      "/crm/v3/properties/contacts/batch/create",
      { inputs: [{ label: "No name", type: "string", fieldType: "text", groupName: "contactinformation" }] },
      "inputs[0].name",
    ],
    ["/crm/v3/properties/contacts/batch/read", { inputs: [{}] }, "inputs[0].name"],
    ["/automation/v4/flows/batch/read", { inputs: [{ type: "FLOW_ID" }] }, "inputs[0].flowId"],
  ])("batch %s with an input missing a required field is 400, not 207", async (route, body, field) => {
    expectRefusal(await api(sb, "POST", route, body), field);
  });

  it.each(Object.keys(flow).filter((k) => k !== "type"))("flow create without %s", async (field) => {
    const { [field as keyof typeof flow]: _left, ...rest } = flow;
    expectRefusal(await api(sb, "POST", "/automation/v4/flows", rest), field);
  });

  it("flow PUT keeps flowType, objectTypeId and dataSources", async () => {
    const created = (await api(sb, "POST", "/automation/v4/flows", { ...flow, dataSources: [{ type: "ASSOCIATION" }] }))
      .body;
    const { flowType: _f, objectTypeId: _o, dataSources: _d, ...rest } = flow;
    const replaced = await api(sb, "PUT", `/automation/v4/flows/${created.id}`, {
      ...rest,
      isEnabled: true,
      revisionId: created.revisionId,
    });
    expect(replaced.status).toBe(200);
    expect(replaced.body).toMatchObject({
      flowType: "WORKFLOW",
      objectTypeId: "0-3",
      dataSources: [{ type: "ASSOCIATION" }],
      isEnabled: true,
    });
  });
});

describe("search", () => {
  const search = (body: unknown) => api(sb, "POST", "/crm/v3/objects/contacts/search", body);
  const byEmail = (value: string) => ({
    filterGroups: [{ filters: [{ propertyName: "email", operator: "EQ", value }] }],
  });

  it("indexes writes after a delay: a new record, then an edit, reach search late", async () => {
    const id = (
      await api(sb, "POST", "/crm/v3/objects/contacts", {
        properties: { email: "late@example.test", firstname: "Early" },
      })
    ).body.id;
    expect((await search(byEmail("late@example.test"))).body.total).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect((await search(byEmail("late@example.test"))).body.total).toBe(1);
    await api(sb, "PATCH", `/crm/v3/objects/contacts/${id}`, { properties: { firstname: "Later" } });
    const stale = await search({ ...byEmail("late@example.test"), properties: ["firstname"] });
    expect(stale.body.results[0].properties.firstname).toBe("Early");
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(
      (await search({ ...byEmail("late@example.test"), properties: ["firstname"] })).body.results[0].properties
        .firstname,
    ).toBe("Later");
  });

  it("matches tokens, not substrings", () => {
    expect(containsToken("jo.doe@bigco.test", "*@bigco.test")).toBe(true);
    expect(containsToken("Acme Cloud Inc", "cloud")).toBe(true);
    expect(containsToken("Acme Cloudy", "cloud")).toBe(false);
    expect(containsToken("Acme Cloudy", "cloud*")).toBe(true);
    expect(matchesQuery(["Jo", "Doe", "jo.doe@bigco.test"], "jo bigco")).toBe(true);
    expect(matchesQuery(["Jo", "Doe"], "oe")).toBe(false);
  });
});
