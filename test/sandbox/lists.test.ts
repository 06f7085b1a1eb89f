import { describe, expect, it } from "vitest";
import { api, clientSandbox, failure } from "./helpers";

/** Lists (segments) as HubSpot publishes them, through HubSpot's official client. */
const t = clientSandbox();
const lists = () => t.client.crm.lists.listsApi;
const members = () => t.client.crm.lists.membershipsApi;

/** HubSpot's shape: an OR branch at the root holding one AND branch of the filters. */
const allOf = (...filters: object[]): any => ({
  filterBranchType: "OR",
  filterBranchOperator: "OR",
  filters: [],
  filterBranches: [{ filterBranchType: "AND", filterBranchOperator: "AND", filterBranches: [], filters }],
});

const enterprise = allOf(
  {
    filterType: "PROPERTY",
    property: "hubspotscore",
    operation: {
      operationType: "NUMBER",
      operator: "IS_GREATER_THAN_OR_EQUAL_TO",
      value: 1000,
      includeObjectsWithNoValueSet: false,
    },
  },
  {
    filterType: "PROPERTY",
    property: "country",
    operation: {
      operationType: "MULTISTRING",
      operator: "IS_EQUAL_TO",
      values: ["Germany", "France"],
      includeObjectsWithNoValueSet: false,
    },
  },
);

const contact = async (properties: Record<string, string>) =>
  (await t.client.crm.contacts.basicApi.create({ properties } as any)).id;

describe("lists through @hubspot/api-client", () => {
  it("keeps a DYNAMIC list's members in step with its filters", async () => {
    const big = await contact({ email: "big@example.test", hubspotscore: "5000", country: "Germany" });
    const small = await contact({ email: "small@example.test", hubspotscore: "20", country: "Germany" });
    const made = await lists().create({
      name: "Enterprise ICP",
      objectTypeId: "0-1",
      processingType: "DYNAMIC",
      filterBranch: enterprise,
    });
    expect(made.list).toMatchObject({
      name: "Enterprise ICP",
      processingType: "DYNAMIC",
      objectTypeId: "0-1",
      listVersion: 1,
    });
    const id = made.list.listId;
    expect((await members().getPage(id)).results.map((m) => m.recordId)).toEqual([big]);
    await t.client.crm.contacts.basicApi.update(small, { properties: { hubspotscore: "1200" } });
    expect((await members().getPage(id)).results.map((m) => m.recordId)).toEqual([big, small]);
    expect((await members().getLists("0-1", small)).results.map((m) => m.listId)).toEqual([id]);
    // Several records' lists in one read (the official client has no call for it).
    const { body: batch } = await api(t.sb, "POST", "/crm/lists/2026-09/records/memberships/batch/read", {
      inputs: [
        { objectTypeId: "0-1", recordId: big },
        { objectTypeId: "0-1", recordId: "999999999" },
      ],
    });
    expect(batch.status).toBe("COMPLETE");
    expect(batch.results).toEqual([
      { objectTypeId: "0-1", recordId: big, recordListMemberships: [expect.objectContaining({ listId: id })] },
      { objectTypeId: "0-1", recordId: "999999999", recordListMemberships: [] },
    ]);
    // A member edited while it still matches keeps the time it joined; leaving and matching again is a new join.
    const joined = async (who: string) =>
      new Date(
        (await members().getPage(id)).results.find((m) => m.recordId === who)!.membershipTimestamp,
      ).toISOString();
    const first = await joined(small);
    await new Promise((r) => setTimeout(r, 5));
    await t.client.crm.contacts.basicApi.update(small, { properties: { firstname: "Still in" } });
    expect(await joined(small)).toBe(first);
    await t.client.crm.contacts.basicApi.update(small, { properties: { hubspotscore: "10" } });
    expect((await members().getPage(id)).results.map((m) => m.recordId)).toEqual([big]);
    await new Promise((r) => setTimeout(r, 5));
    await t.client.crm.contacts.basicApi.update(small, { properties: { hubspotscore: "2000" } });
    expect(await joined(small)).not.toBe(first);
    // Members of a DYNAMIC list follow its filters, not hands.
    expect((await failure(members().add(id, [big]))).code).toBe(400);
    const read = await lists().getById(id, true);
    expect(read.list.filterBranch).toEqual(enterprise);
    expect((await lists().getById(id)).list.filterBranch).toBeUndefined();
  });

  it("adds and removes MANUAL members, and names ids that are no records", async () => {
    const a = await contact({ email: "a@example.test" });
    const made = await lists().create({ name: "Event invitees", objectTypeId: "0-1", processingType: "MANUAL" });
    const id = made.list.listId;
    const added = await members().add(id, [a, "999999"]);
    expect(added).toMatchObject({ recordsIdsAdded: [a], recordIdsMissing: ["999999"] });
    expect((await lists().getById(id)).list.size).toBe(1);
    const removed = await members().remove(id, [a]);
    expect(removed.recordIdsRemoved).toEqual([a]);
    expect((await members().getPage(id)).results).toEqual([]);
  });

  it("refuses filters on properties the object lacks, bad operators, and lists that refer back to themselves", async () => {
    const bad = structuredClone(enterprise);
    bad.filterBranches[0].filters[0].property = "employees_count";
    const refused = await failure(
      lists().create({ name: "Bad", objectTypeId: "0-1", processingType: "DYNAMIC", filterBranch: bad }),
    );
    expect(refused.code).toBe(400);
    expect(JSON.stringify(refused.body)).toContain("employees_count");
    const op = structuredClone(enterprise);
    op.filterBranches[0].filters[0].operation.operator = "IS_BIGGER";
    expect(
      (await failure(lists().create({ name: "Bad", objectTypeId: "0-1", processingType: "DYNAMIC", filterBranch: op })))
        .code,
    ).toBe(400);
    const base = await lists().create({
      name: "Base",
      objectTypeId: "0-1",
      processingType: "DYNAMIC",
      filterBranch: enterprise,
    });
    const inBase = (listId: string) => allOf({ filterType: "IN_LIST", listId, operator: "IN_LIST" });
    const derived = await lists().create({
      name: "Derived",
      objectTypeId: "0-1",
      processingType: "DYNAMIC",
      filterBranch: inBase(base.list.listId),
    });
    expect(derived.list.size).toBe((await lists().getById(base.list.listId)).list.size);
    const loop = await failure(
      lists().updateListFilters(base.list.listId, { filterBranch: inBase(derived.list.listId) }),
    );
    expect(loop.code).toBe(400);
    expect(JSON.stringify(loop.body)).toContain("refers back");
    // Names are unique; a deleted list can be restored.
    expect((await failure(lists().create({ name: "base", objectTypeId: "0-1", processingType: "MANUAL" }))).code).toBe(
      409,
    );
    await lists().remove(derived.list.listId);
    expect((await failure(lists().getById(derived.list.listId))).code).toBe(404);
    await lists().restore(derived.list.listId);
    expect((await lists().getById(derived.list.listId)).list.name).toBe("Derived");
  });

  it("serves lists of custom objects at HubSpot's 2026-09 paths, found by name and by search", async () => {
    const schema = await t.client.crm.schemas.coreApi.create({
      name: "subscription",
      labels: { singular: "Subscription", plural: "Subscriptions" },
      requiredProperties: [],
      associatedObjects: [],
      properties: [{ name: "plan", label: "Plan", type: "string", fieldType: "text" } as any],
    });
    const record = await t.client.crm.objects.basicApi.create(schema.objectTypeId!, {
      properties: { plan: "Scale" },
    } as any);
    const filterBranch = allOf({
      filterType: "PROPERTY",
      property: "plan",
      operation: {
        operationType: "STRING",
        operator: "IS_EQUAL_TO",
        value: "scale",
        includeObjectsWithNoValueSet: false,
      },
    });
    const made = await api(t.sb, "POST", "/crm/lists/2026-09", {
      name: "Scale plans",
      objectTypeId: schema.objectTypeId,
      processingType: "SNAPSHOT",
      filterBranch,
    });
    expect(made.status).toBe(200);
    const id = made.body.list.listId;
    const page = await api(t.sb, "GET", `/crm/lists/2026-09/${id}/memberships`);
    expect(page.body.results.map((m: { recordId: string }) => m.recordId)).toEqual([record.id]);
    const found = await api(t.sb, "GET", `/crm/lists/2026-09/object-type-id/${schema.objectTypeId}/name/Scale%20plans`);
    expect(found.body.list.listId).toBe(id);
    const searched = await api(t.sb, "POST", "/crm/lists/2026-09/search", {
      query: "scale",
      processingTypes: ["SNAPSHOT"],
    });
    expect(searched.body).toMatchObject({ total: 1, hasMore: false });
    expect(searched.body.lists[0].additionalProperties.hs_list_size).toBe("1");
  });
});
