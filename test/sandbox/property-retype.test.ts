import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Sandbox } from "../../src/sandbox";
import { api, sandbox } from "../providers/helpers";

describe("sandbox: a property's type changes while records hold values", () => {
  let sb: Sandbox;
  beforeAll(async () => (sb = await sandbox()));
  afterAll(() => sb.stop());

  it("applies the change, keeps values that fit the new type and clears the others (the worst case HubSpot's docs allow)", async () => {
    await api(sb, "POST", "/crm/v3/properties/contacts", {
      name: "budget_note",
      label: "Budget note",
      type: "string",
      fieldType: "text",
      groupName: "contactinformation",
    });
    const fits = await api(sb, "POST", "/crm/v3/objects/contacts", {
      properties: { email: "a@x.test", budget_note: "42" },
    });
    const unfit = await api(sb, "POST", "/crm/v3/objects/contacts", {
      properties: { email: "b@x.test", budget_note: "about 5k" },
    });
    const changed = await api(sb, "PATCH", "/crm/v3/properties/contacts/budget_note", {
      type: "number",
      fieldType: "number",
    });
    expect(changed.type).toBe("number");
    const read = async (id: string) =>
      (await api(sb, "GET", `/crm/v3/objects/contacts/${id}?properties=budget_note`)).properties.budget_note;
    expect(await read(fits.id)).toBe("42");
    expect(await read(unfit.id)).toBeFalsy();
  });
});
