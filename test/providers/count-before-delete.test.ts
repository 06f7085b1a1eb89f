import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Sandbox } from "../../src/sandbox";
import * as property from "../../providers/property";
import type { PropertyInputs } from "../../providers/property";
import * as group from "../../providers/property-group";
import { api } from "../sandbox/helpers";
import { newProcess, resetStats, sandbox, settings, stats } from "./helpers";

/**
 * revstack counts before it deletes, on a sandbox that (like HubSpot) does not refuse: deleting a property that
 * records hold values in, or removing options records hold, stops before the first write, with the counts.
 */
let sb: Sandbox;
let n = 0;
beforeAll(async () => {
  sb = await sandbox();
  await group.create(settings(sb), {
    key: "g",
    objectType: "contacts",
    name: "revstack_counting",
    label: "Counting",
    displayOrder: 0,
  });
});
afterAll(() => sb.stop());
beforeEach(newProcess);

const inputs = (over: Partial<PropertyInputs> = {}): PropertyInputs => ({
  key: `p${++n}`,
  objectType: "contacts",
  name: `counted_${n}`,
  label: "Counted",
  type: "enumeration",
  fieldType: "select",
  groupName: "revstack_counting",
  description: "",
  options: [
    { value: "a", label: "A", displayOrder: 0, hidden: false },
    { value: "b", label: "B", displayOrder: 1, hidden: false },
  ],
  ...over,
});

const contactWith = (name: string, value: string) =>
  api(sb, "POST", "/crm/objects/2026-09/contacts", {
    properties: { email: `${name}-${value.replace(/;/g, "-")}-${++n}@count.test`, [name]: value },
  });

describe("counting before a property loses values", () => {
  it("the sandbox, like HubSpot, deletes a property that holds values when asked", async () => {
    const p = inputs();
    await property.create(settings(sb), p);
    await contactWith(p.name, "a");
    expect((await api(sb, "DELETE", `/crm/properties/2026-09/contacts/${p.name}`)).status).toBe(204);
  });

  it("deleting a property records hold values in stops before any write, with the count", async () => {
    const p = inputs();
    const { id, outs } = await property.create(settings(sb), p);
    await contactWith(p.name, "a");
    await contactWith(p.name, "b");
    await resetStats(sb);
    await expect(property.delete(settings(sb), id, outs)).rejects.toThrow(
      new RegExp(
        `Property "${p.name}" \\(contacts\\) still holds a value on 2 contact record\\(s\\).*Nothing was changed`,
      ),
    );
    expect((await stats(sb)).writes).toBe(0);
    expect((await api(sb, "GET", `/crm/properties/2026-09/contacts/${p.name}`)).status).toBe(200);
  });

  it("a property nobody holds a value in is deleted", async () => {
    const p = inputs();
    const { id, outs } = await property.create(settings(sb), p);
    await property.delete(settings(sb), id, outs);
    expect((await api(sb, "GET", `/crm/properties/2026-09/contacts/${p.name}`)).status).toBe(404);
  });

  it("removing options records hold stops before any write, with the count per option", async () => {
    const p = inputs();
    const { id, outs } = await property.create(settings(sb), p);
    await contactWith(p.name, "b");
    const next = { ...p, options: [p.options![0]] };
    await resetStats(sb);
    await expect(property.update(settings(sb), id, outs as PropertyInputs, next)).rejects.toThrow(
      /would lose options records still hold: "b" on 1 contact record\(s\)\. Hide them instead.*Nothing was changed/,
    );
    expect((await stats(sb)).writes).toBe(0);
    // An option nobody holds goes.
    const unheld = { ...p, options: [p.options![1]] };
    await property.update(settings(sb), id, outs as PropertyInputs, unheld);
    const live = (await api(sb, "GET", `/crm/properties/2026-09/contacts/${p.name}`)).body;
    expect(live.options.map((o: { value: string }) => o.value)).toEqual(["b"]);
  });

  it("counts an option held among others in a multiple-checkbox property", async () => {
    const p = inputs({ fieldType: "checkbox" });
    const { id, outs } = await property.create(settings(sb), p);
    await contactWith(p.name, "a;b");
    await expect(
      property.update(settings(sb), id, outs as PropertyInputs, { ...p, options: [p.options![0]] }),
    ).rejects.toThrow(/"b" on 1 contact record\(s\)/);
  });
});
