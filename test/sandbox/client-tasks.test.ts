import { describe, expect, it } from "vitest";
import { api, clientSandbox, failure } from "./helpers";

// The demo sales team's users, owners and teams are what these tests work with.
const t = clientSandbox({ demoPeople: true });

const owner = async (email: string) => (await t.client.crm.owners.ownersApi.getPage(email)).results[0].id;
const toDeal = (id: string) => ({
  to: { id },
  types: [{ associationCategory: "HUBSPOT_DEFINED" as any, associationTypeId: 216 }],
});

describe("tasks through @hubspot/api-client", () => {
  it("creates a task for a deal's owner, associated with the deal; reads, updates, lists and searches it", async () => {
    const jonas = await owner("jonas.weber@demo.revstack.test");
    const deal = await t.client.crm.deals.basicApi.create({
      properties: { dealname: "ACME", hubspot_owner_id: jonas },
    });
    const task = await t.client.crm.objects.tasks.basicApi.create({
      properties: {
        hs_task_subject: "Prepare demo",
        hs_task_body: "Confirm attendees",
        hs_timestamp: "2026-12-01T09:00:00.000Z",
        hs_task_priority: "HIGH",
        hs_task_status: "NOT_STARTED",
        hubspot_owner_id: jonas,
      },
      associations: [toDeal(deal.id)],
    });
    expect(task.properties).toMatchObject({
      hs_task_subject: "Prepare demo",
      hs_task_priority: "HIGH",
      hubspot_owner_id: jonas,
      hs_object_id: task.id,
    });

    const read = await t.client.crm.objects.tasks.basicApi.getById(
      task.id,
      ["hs_task_subject", "hs_timestamp", "hubspot_owner_id"],
      undefined,
      ["deals"],
    );
    expect(read.properties).toEqual({
      hs_task_subject: "Prepare demo",
      hs_timestamp: "2026-12-01T09:00:00.000Z",
      hubspot_owner_id: jonas,
      hs_object_id: task.id,
    });
    expect(read.associations?.deals.results).toEqual([{ id: deal.id, type: "task_to_deal" }]);

    const done = await t.client.crm.objects.tasks.basicApi.update(task.id, {
      properties: { hs_task_status: "COMPLETED" },
    });
    expect(done.properties.hs_task_status).toBe("COMPLETED");
    const page = await t.client.crm.objects.tasks.basicApi.getPage(10, undefined, ["hs_task_status"], undefined, [
      "deals",
    ]);
    expect(page.results.map((r) => [r.id, r.properties.hs_task_status, r.associations?.deals.results[0].id])).toEqual([
      [task.id, "COMPLETED", deal.id],
    ]);
    const found = await t.client.crm.objects.tasks.searchApi.doSearch({
      filterGroups: [{ filters: [{ propertyName: "hubspot_owner_id", operator: "EQ" as any, value: jonas }] }],
      properties: ["hs_task_subject"],
      limit: 10,
      after: "0",
      sorts: [],
    });
    expect(found.results.map((r) => r.properties.hs_task_subject)).toEqual(["Prepare demo"]);
    // The tasks spec names the same objects by type id.
    expect(
      (await api(t.sb, "GET", `/crm/v3/objects/0-27/${task.id}?properties=hs_task_status`)).body.properties
        .hs_task_status,
    ).toBe("COMPLETED");
    await t.client.crm.objects.tasks.basicApi.archive(task.id);
    expect((await failure(t.client.crm.objects.tasks.basicApi.getById(task.id))).code).toBe(404);
  });

  it("creates, reads and updates tasks in batches", async () => {
    const inputs = ["Call back", "Send quote"].map((hs_task_subject) => ({
      properties: { hs_task_subject, hs_timestamp: "2026-12-02T00:00:00Z" },
      associations: [],
    }));
    const created = await t.client.crm.objects.tasks.batchApi.create({ inputs });
    expect(created.results.map((r) => r.properties.hs_task_subject).sort()).toEqual(["Call back", "Send quote"]);
    const ids = created.results.map((r) => r.id);
    await t.client.crm.objects.tasks.batchApi.update({
      inputs: ids.map((id) => ({ id, properties: { hs_task_priority: "LOW" } })),
    });
    const read = await t.client.crm.objects.tasks.batchApi.read({
      inputs: ids.map((id) => ({ id })),
      properties: ["hs_task_priority"],
      propertiesWithHistory: [],
    });
    expect(read.results.map((r) => r.properties.hs_task_priority)).toEqual(["LOW", "LOW"]);
  });

  it("requires a due date, a live owner and known values; associations only to records that exist", async () => {
    const noDue = await failure(
      t.client.crm.objects.tasks.basicApi.create({ properties: { hs_task_subject: "X" }, associations: [] }),
    );
    expect(noDue.code).toBe(400);
    expect(noDue.body.errors[0]).toMatchObject({ code: "REQUIRED_PROPERTY", in: "hs_timestamp" });
    const due = { hs_task_subject: "X", hs_timestamp: "2026-12-01T00:00:00Z" };
    const noOwner = await failure(
      t.client.crm.objects.tasks.basicApi.create({ properties: { ...due, hubspot_owner_id: "42" }, associations: [] }),
    );
    expect(noOwner.body.errors[0]).toMatchObject({ code: "INVALID_OWNER_ID", in: "hubspot_owner_id" });
    const priority = await failure(
      t.client.crm.objects.tasks.basicApi.create({
        properties: { ...due, hs_task_priority: "high" },
        associations: [],
      }),
    );
    expect(priority.body.errors[0]).toMatchObject({ code: "INVALID_OPTION", in: "hs_task_priority" });
    const missingDeal = await failure(
      t.client.crm.objects.tasks.basicApi.create({ properties: due, associations: [toDeal("999999")] }),
    );
    expect(missingDeal.code).toBe(400);
    expect(missingDeal.body.message).toContain("deals 999999 does not exist");

    const task = await t.client.crm.objects.tasks.basicApi.create({ properties: due, associations: [] });
    const cleared = await failure(
      t.client.crm.objects.tasks.basicApi.update(task.id, { properties: { hs_timestamp: "" } }),
    );
    expect(cleared.body.errors[0]).toMatchObject({ code: "REQUIRED_PROPERTY", in: "hs_timestamp" });
  });
});
