import { describe, expect, it } from "vitest";
import { api, clientSandbox, failure } from "./helpers";

/** Association labels as HubSpot publishes them (associations v4 schema), through HubSpot's official client. */
const t = clientSandbox();
const labels = () => t.client.crm.associations.v4.schema.definitionsApi;

describe("association labels through @hubspot/api-client", () => {
  it("lists HubSpot's own types, then creates a paired label with one type id per direction", async () => {
    const before = await labels().getAll("contacts", "companies");
    expect(before.results.map((r) => [r.category, r.typeId, r.label])).toEqual([
      ["HUBSPOT_DEFINED", 279, null],
      ["HUBSPOT_DEFINED", 1, "Primary"],
    ]);
    const made = await labels().create("contacts", "companies", {
      name: "billing_contact",
      label: "Billing contact",
      inverseLabel: "Billed company",
    });
    expect(made.results.map((r) => [r.category, r.label])).toEqual([
      ["USER_DEFINED", "Billing contact"],
      ["USER_DEFINED", "Billed company"],
    ]);
    const [forward, back] = made.results.map((r) => r.typeId);
    expect((await labels().getAll("0-1", "0-2")).results.at(-1)).toMatchObject({
      typeId: forward,
      label: "Billing contact",
    });
    expect((await labels().getAll("companies", "contacts")).results.at(-1)).toMatchObject({
      typeId: back,
      label: "Billed company",
    });
    // The same name again between the same two objects, either way round, is a conflict.
    expect(
      (await failure(labels().create("companies", "contacts", { name: "billing_contact", label: "X" }))).code,
    ).toBe(409);
    await labels().update("contacts", "companies", {
      associationTypeId: forward,
      label: "Pays invoices",
      inverseLabel: "Invoiced company",
    });
    expect((await labels().getAll("companies", "contacts")).results.at(-1)?.label).toBe("Invoiced company");
    await labels().remove("contacts", "companies", forward);
    expect((await labels().getAll("contacts", "companies")).results).toHaveLength(2);
    expect((await labels().getAll("companies", "contacts")).results).toHaveLength(2);
  });

  it("labels records' associations, and does not stop a label in use from being deleted (HubSpot does not)", async () => {
    const made = await labels().create("deals", "contacts", { name: "decision_maker", label: "Decision maker" });
    const typeId = made.results[0].typeId;
    const contact = await t.client.crm.contacts.basicApi.create({ properties: { email: "dm@example.test" } } as any);
    const deal = await api(t.sb, "POST", "/crm/objects/2026-09/deals", {
      properties: { dealname: "Labelled" },
      associations: [
        { to: { id: contact.id }, types: [{ associationCategory: "USER_DEFINED", associationTypeId: typeId }] },
      ],
    });
    expect(deal.status).toBe(201);
    const read = await api(t.sb, "GET", `/crm/objects/2026-09/deals/${deal.body.id}?associations=contacts`);
    expect(read.body.associations.contacts.results).toEqual([{ id: contact.id, type: "decision_maker" }]);
    // A label from another pair is not a deal-to-contact type.
    const other = await labels().create("contacts", "companies", { name: "reseller", label: "Reseller" });
    const refused = await api(t.sb, "POST", "/crm/objects/2026-09/deals", {
      properties: { dealname: "Wrong" },
      associations: [
        {
          to: { id: contact.id },
          types: [{ associationCategory: "USER_DEFINED", associationTypeId: other.results[0].typeId }],
        },
      ],
    });
    expect(refused.status).toBe(400);
    await labels().remove("deals", "contacts", typeId);
    expect((await labels().getAll("deals", "contacts")).results.map((r) => r.typeId)).not.toContain(typeId);
  });

  it("serves labels between custom and standard objects at HubSpot's 2026-09 paths", async () => {
    const schema = await t.client.crm.schemas.coreApi.create({
      name: "project",
      labels: { singular: "Project", plural: "Projects" },
      requiredProperties: [],
      associatedObjects: ["COMPANY"],
      properties: [{ name: "title", label: "Title", type: "string", fieldType: "text" } as any],
    });
    const made = await api(t.sb, "POST", `/crm/associations/2026-09/${schema.objectTypeId}/companies/labels`, {
      name: "sponsor",
      label: "Sponsor",
    });
    expect(made.status).toBe(200);
    const listed = await api(t.sb, "GET", "/crm/associations/2026-09/p_project/0-2/labels");
    expect(listed.body.results).toEqual([
      { category: "USER_DEFINED", typeId: made.body.results[0].typeId, label: "Sponsor" },
    ]);
    expect((await api(t.sb, "GET", "/crm/associations/2026-09/p_nothing/0-2/labels")).status).toBe(400);
  });
});
