import { describe, expect, it } from "vitest";
import { api, clientSandbox, failure } from "./helpers";

/** Custom object schemas as HubSpot publishes them, driven through HubSpot's official client. */
const t = clientSandbox();

const subscription = {
  name: "subscription",
  labels: { singular: "Subscription", plural: "Subscriptions" },
  primaryDisplayProperty: "plan",
  secondaryDisplayProperties: ["seats"],
  searchableProperties: ["plan"],
  requiredProperties: ["plan"],
  associatedObjects: ["CONTACT", "COMPANY"],
  properties: [
    { name: "plan", label: "Plan", type: "string", fieldType: "text" },
    { name: "seats", label: "Seats", type: "number", fieldType: "number" },
    {
      name: "tier",
      label: "Tier",
      type: "enumeration",
      fieldType: "select",
      options: [
        { label: "Gold", value: "gold", hidden: false, displayOrder: 0 },
        { label: "Silver", value: "silver", hidden: false, displayOrder: 1 },
      ],
    },
  ],
} as any;

describe("custom object schemas through @hubspot/api-client", () => {
  it("creates a schema whose records, properties and search work like any object's", async () => {
    const schema = await t.client.crm.schemas.coreApi.create(subscription);
    const type = schema.objectTypeId!;
    expect(type).toMatch(/^2-\d+$/);
    expect(schema.fullyQualifiedName).toBe(`p${t.sb.portalId}_subscription`);
    expect(schema.labels).toEqual({ singular: "Subscription", plural: "Subscriptions" });
    expect(schema.requiredProperties).toEqual(["plan"]);
    expect(schema.properties.map((p) => p.name)).toEqual(
      expect.arrayContaining(["plan", "seats", "tier", "hs_object_id", "hs_createdate"]),
    );
    expect(schema.associations.map((a) => [a.fromObjectTypeId, a.toObjectTypeId])).toEqual([
      [type, "0-1"],
      [type, "0-2"],
    ]);
    // Named by objectTypeId, fully qualified name or the short p_ form, as HubSpot accepts.
    for (const name of [type, schema.fullyQualifiedName!, "p_subscription"])
      expect((await t.client.crm.schemas.coreApi.getById(name)).id).toBe(schema.id);

    const record = await t.client.crm.objects.basicApi.create(type, {
      properties: { plan: "Scale", seats: "40", tier: "gold" },
    } as any);
    expect(record.properties).toMatchObject({ plan: "Scale", seats: "40", hs_object_id: record.id });
    const read = await t.client.crm.objects.basicApi.getById("p_subscription", record.id);
    expect(Object.keys(read.properties).sort()).toEqual(["hs_createdate", "hs_lastmodifieddate", "hs_object_id"]);
    // The schema's required property and its options hold as for any object.
    expect(
      (await failure(t.client.crm.objects.basicApi.create(type, { properties: { seats: "1" } } as any))).code,
    ).toBe(400);
    expect(
      (
        await failure(
          t.client.crm.objects.basicApi.update(type, record.id, {
            properties: { tier: "bronze" },
          } as any),
        )
      ).code,
    ).toBe(400);
    const props = await t.client.crm.properties.coreApi.getAll(type);
    expect(props.results.find((p) => p.name === "tier")?.options.map((o) => o.value)).toEqual(["gold", "silver"]);
    const search = await api(t.sb, "POST", `/crm/objects/2026-09/${type}/search`, { query: "scale" });
    expect(search.body.results.map((r: { id: string }) => r.id)).toEqual([record.id]);
  });

  it("refuses a schema whose required or display properties it does not define, and leaves nothing behind", async () => {
    const bad = { ...subscription, name: "project", requiredProperties: ["budget"] };
    const refused = await failure(t.client.crm.schemas.coreApi.create(bad));
    expect(refused.code).toBe(400);
    expect(JSON.stringify(refused.body)).toContain("budget");
    expect((await t.client.crm.schemas.coreApi.getAll()).results.map((s) => s.name)).not.toContain("project");
    const again = await t.client.crm.schemas.coreApi.create({ ...bad, requiredProperties: ["plan"] });
    expect(again.name).toBe("project");
    expect(
      (await failure(t.client.crm.schemas.coreApi.create({ ...subscription, labels: { singular: "X" } }))).code,
    ).toBe(400);
    expect((await failure(t.client.crm.schemas.coreApi.create(subscription))).code).toBe(409);
  });

  it("updates labels and display properties, and adds and removes associations", async () => {
    const created = await t.client.crm.schemas.coreApi.create({
      ...subscription,
      name: "location",
      associatedObjects: [],
    });
    const patched = await t.client.crm.schemas.coreApi.update(created.objectTypeId!, {
      labels: { singular: "Site", plural: "Sites" },
      secondaryDisplayProperties: ["seats", "tier"],
    });
    expect(patched.labels).toEqual({ singular: "Site", plural: "Sites" });
    expect(patched.secondaryDisplayProperties).toEqual(["seats", "tier"]);
    expect(
      (await failure(t.client.crm.schemas.coreApi.update(created.objectTypeId!, { primaryDisplayProperty: "nope" })))
        .code,
    ).toBe(400);
    const association = await t.client.crm.schemas.coreApi.createAssociation(created.objectTypeId!, {
      fromObjectTypeId: created.objectTypeId!,
      toObjectTypeId: "0-3",
      name: "location_to_deal",
    });
    expect(association).toMatchObject({ toObjectTypeId: "0-3", name: "location_to_deal" });
    expect((await t.client.crm.schemas.coreApi.getById(created.objectTypeId!)).associations).toHaveLength(1);
    await t.client.crm.schemas.coreApi.archiveAssociation(created.objectTypeId!, association.id);
    expect((await t.client.crm.schemas.coreApi.getById(created.objectTypeId!)).associations).toEqual([]);
  });

  it("deletes a schema only once its records are gone; its name is taken until it is purged", async () => {
    const schema = await t.client.crm.schemas.coreApi.create({ ...subscription, name: "asset", associatedObjects: [] });
    const type = schema.objectTypeId!;
    const record = await t.client.crm.objects.basicApi.create(type, { properties: { plan: "x" } } as any);
    const refused = await failure(t.client.crm.schemas.coreApi.archive(type));
    expect(refused.code).toBe(400);
    expect(refused.body.message).toContain("1 existing records");
    await t.client.crm.objects.basicApi.archive(type, record.id);
    await t.client.crm.schemas.coreApi.archive(type);
    expect((await failure(t.client.crm.schemas.coreApi.getById(type))).code).toBe(404);
    expect((await t.client.crm.schemas.coreApi.getAll(true)).results.map((s) => s.name)).toContain("asset");
    expect((await failure(t.client.crm.schemas.coreApi.create({ ...subscription, name: "asset" }))).code).toBe(409);
    await t.client.crm.schemas.coreApi.archive(type, true);
    expect((await t.client.crm.schemas.coreApi.create({ ...subscription, name: "asset" })).objectTypeId).not.toBe(type);
  });

  it("keeps pipelines for a custom object at HubSpot's pipeline paths, its records moving through their stages", async () => {
    const schema = await t.client.crm.schemas.coreApi.create({
      ...subscription,
      name: "renewal",
      associatedObjects: [],
    });
    const type = schema.objectTypeId!;
    const stage = (label: string, displayOrder: number) => ({ label, displayOrder, metadata: {} });
    const created = await api(t.sb, "POST", "/crm/pipelines/2026-09/p_renewal", {
      label: "Renewals",
      displayOrder: 0,
      stages: [stage("Due", 0), stage("Renewed", 1)],
    });
    expect(created.status).toBe(201);
    // No deal probability and no ticket state: a custom object's stage keeps the metadata it was given.
    expect(created.body.stages.map((s: { metadata: object }) => s.metadata)).toEqual([{}, {}]);
    // The same pipelines by objectTypeId and fully qualified name, through the official client too.
    for (const name of [type, schema.fullyQualifiedName!])
      expect((await t.client.crm.pipelines.pipelinesApi.getAll(name)).results.map((p) => p.label)).toEqual([
        "Renewals",
      ]);
    const [due, renewed] = created.body.stages.map((s: { id: string }) => s.id);
    const record = await t.client.crm.objects.basicApi.create(type, {
      properties: { plan: "Scale", hs_pipeline: created.body.id, hs_pipeline_stage: due },
    } as any);
    const moved = await t.client.crm.objects.basicApi.update(type, record.id, {
      properties: { hs_pipeline_stage: renewed },
    } as any);
    expect(moved.properties[`hs_v2_date_entered_${renewed}`]).toBeTruthy();
    // A stage of another pipeline, or of no pipeline, is refused as for tickets.
    const stray = await failure(
      t.client.crm.objects.basicApi.update(type, record.id, { properties: { hs_pipeline_stage: "closedwon" } } as any),
    );
    expect(stray.code).toBe(400);
    // HubSpot deletes what it is told unless the caller asks it to check; asked, it names the records in the stage.
    const path = `/crm/pipelines/2026-09/${type}/${created.body.id}`;
    const refused = await api(t.sb, "DELETE", `${path}?validateReferencesBeforeDelete=true`);
    expect(refused.status).toBe(400);
    expect(refused.body.subCategory).toBe("PipelineError.STAGE_ID_IN_USE");
    expect(refused.body.message).toContain(record.id);
    // An object type the portal does not have has no pipelines.
    expect((await api(t.sb, "GET", "/crm/pipelines/2026-09/p_nothing")).status).toBe(400);
    expect((await api(t.sb, "GET", "/crm/pipelines/2026-09/contacts")).status).toBe(400);
  });

  it("serves the same schemas at HubSpot's 2026-09 paths", async () => {
    const listed = await api(t.sb, "GET", "/crm-object-schemas/2026-09/schemas");
    expect(listed.status).toBe(200);
    const names = listed.body.results.map((s: { name: string }) => s.name);
    expect(names).toEqual(expect.arrayContaining(["subscription", "project"]));
    const batch = await api(t.sb, "POST", "/crm-object-schemas/2026-09/schemas/batch/read", {
      inputs: ["p_subscription", "p_nothing"],
    });
    expect(batch.body.results.map((s: { name: string }) => s.name)).toEqual(["subscription"]);
  });
});
