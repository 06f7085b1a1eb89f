import { describe, expect, it } from "vitest";
import { api, clientSandbox, failure } from "./helpers";

const t = clientSandbox();

const tier = {
  name: "customer_tier",
  label: "Customer tier",
  type: "enumeration" as any,
  fieldType: "select" as any,
  groupName: "revops",
  options: [
    { label: "Gold", value: "gold", displayOrder: 0, hidden: false },
    { label: "Silver", value: "silver", displayOrder: 1, hidden: false },
  ],
};

describe("properties and groups through @hubspot/api-client", () => {
  it("creates, reads, updates and archives a group", async () => {
    const groups = t.client.crm.properties.groupsApi;
    const group = await groups.create("deals", { name: "revops", label: "RevOps", displayOrder: 3 });
    expect(group).toEqual({ name: "revops", label: "RevOps", displayOrder: 3, archived: false });
    expect((await failure(groups.create("deals", { name: "revops", label: "Again" }))).code).toBe(409);
    expect((await groups.getByName("deals", "revops")).label).toBe("RevOps");
    expect((await groups.update("deals", "revops", { label: "Revenue operations" })).label).toBe("Revenue operations");
    expect((await groups.getAll("deals")).results.map((g) => g.name)).toEqual([
      "dealinformation",
      "analyticsinformation",
      "revops",
    ]);
    await groups.create("deals", { name: "scratch", label: "Scratch" });
    await groups.archive("deals", "scratch");
    expect((await failure(groups.getByName("deals", "scratch"))).code).toBe(404);
  });

  it("creates, reads, updates and archives a property with HubSpot's archive semantics", async () => {
    const core = t.client.crm.properties.coreApi;
    const created = await core.create("deals", tier);
    expect(created.name).toBe("customer_tier");
    expect(created.createdAt).toBeInstanceOf(Date);
    expect(created.options.map((o) => o.value)).toEqual(["gold", "silver"]);
    const dup = await failure(core.create("deals", tier));
    expect(dup.code).toBe(409);
    expect(dup.body.category).toBe("CONFLICT");
    const updated = await core.update("deals", "customer_tier", {
      label: "Tier",
      options: [...tier.options, { label: "Bronze", value: "bronze", displayOrder: 2, hidden: false }],
    });
    expect(updated.options).toHaveLength(3);
    expect((await core.getByName("deals", "customer_tier")).label).toBe("Tier");
    await core.archive("deals", "customer_tier");
    expect((await failure(core.getByName("deals", "customer_tier"))).code).toBe(404);
    const archived = await core.getByName("deals", "customer_tier", true);
    expect(archived.archived).toBe(true);
    expect(archived.archivedAt).toBeInstanceOf(Date);
    expect((await core.getAll("deals")).results.some((p) => p.name === "customer_tier")).toBe(false);
    expect((await core.getAll("deals", true)).results.map((p) => p.name)).toEqual(["customer_tier"]);
  });

  it("refuses bad definitions and HubSpot's own properties", async () => {
    const core = t.client.crm.properties.coreApi;
    const upper = await failure(
      core.create("contacts", {
        name: "Bad",
        label: "Bad",
        type: "string" as any,
        fieldType: "text" as any,
        groupName: "contactinformation",
      }),
    );
    expect(upper.code).toBe(400);
    const noGroup = await failure(
      core.create("contacts", {
        name: "x",
        label: "X",
        type: "string" as any,
        fieldType: "text" as any,
        groupName: "nope",
      }),
    );
    expect(noGroup.body.errors[0].in).toBe("groupName");
    const builtIn = await failure(core.archive("deals", "dealname"));
    expect(builtIn.code).toBe(400);
  });

  it("keeps option labels unique, checked on the whole list a write leaves (so a swap in one PATCH is fine)", async () => {
    const core = t.client.crm.properties.coreApi;
    const option = (value: string, label: string, displayOrder: number) => ({
      value,
      label,
      displayOrder,
      hidden: false,
    });
    await core.create("tickets", { ...tier, name: "swap_tier", groupName: "ticketinformation" });
    const twice = await failure(
      core.update("tickets", "swap_tier", { options: [option("gold", "Gold", 0), option("silver", "Gold", 1)] }),
    );
    expect(twice.code).toBe(400);
    expect(twice.body.message).toBe('Invalid input: option label "Gold" is used twice; option labels must be unique');
    const onCreate = await failure(
      core.create("tickets", {
        ...tier,
        name: "other_tier",
        groupName: "ticketinformation",
        options: [option("a", "Same", 0), option("b", "Same", 1)],
      }),
    );
    expect(onCreate.code).toBe(400);
    const swapped = await core.update("tickets", "swap_tier", {
      options: [option("gold", "Silver", 0), option("silver", "Gold", 1)],
    });
    expect(swapped.options.map((o) => `${o.value}:${o.label}`)).toEqual(["gold:Silver", "silver:Gold"]);
  });

  it("batch creates, reads and archives", async () => {
    const batch = t.client.crm.properties.batchApi;
    const mk = (name: string) => ({
      name,
      label: name,
      type: "string" as any,
      fieldType: "text" as any,
      groupName: "contactinformation",
    });
    const created = await batch.create("contacts", { inputs: [mk("region"), mk("segment")] });
    expect(created.status).toBe("COMPLETE");
    expect(created.results.map((p) => p.name)).toEqual(["region", "segment"]);
    expect(created.completedAt).toBeInstanceOf(Date);
    const partial = await api(t.sb, "POST", "/crm/v3/properties/contacts/batch/create", {
      inputs: [mk("territory"), mk("region")],
    });
    expect(partial.status).toBe(207);
    expect(partial.body.numErrors).toBe(1);
    expect(partial.body.errors[0]).toMatchObject({ status: "error", category: "CONFLICT" });
    const read = await batch.read("contacts", { archived: false, inputs: [{ name: "region" }, { name: "email" }] });
    expect(read.results.map((p) => p.name)).toEqual(["region", "email"]);
    await batch.archive("contacts", { inputs: [{ name: "region" }, { name: "never_existed" }, { name: "region" }] });
    expect((await failure(t.client.crm.properties.coreApi.getByName("contacts", "region"))).code).toBe(404);
  });
});
