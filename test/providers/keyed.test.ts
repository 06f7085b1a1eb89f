import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Sandbox } from "../../src/sandbox";
import * as property from "../../providers/property";
import type { PropertyInputs } from "../../providers/property";
import * as group from "../../providers/property-group";
import type { PropertyGroupInputs } from "../../providers/property-group";
import { UNKNOWN } from "../../providers/shared/diff";
import * as user from "../../providers/user";
import type { UserInputs, UserOutputs } from "../../providers/user";
import { api, faults, newProcess, resetStats, sandbox, settings, stats } from "./helpers";

let sb: Sandbox;
let n = 0;
// The demo sales team's roles and teams are what the user tests assign.
beforeAll(async () => (sb = await sandbox({ demoPeople: true })));
afterAll(() => sb.stop());
beforeEach(newProcess);

const groupInputs = (over: Partial<PropertyGroupInputs> = {}): PropertyGroupInputs => ({
  key: `g${++n}`,
  objectType: "contacts",
  name: `revstack_g${n}`,
  label: "Attribution",
  displayOrder: 0,
  ...over,
});

async function withGroup(): Promise<PropertyGroupInputs> {
  const g = groupInputs();
  await group.create(settings(sb), g);
  return g;
}

const propertyInputs = (groupName: string, over: Partial<PropertyInputs> = {}): PropertyInputs => ({
  key: `p${++n}`,
  objectType: "contacts",
  name: `lead_source_${n}`,
  label: "Lead source",
  type: "enumeration",
  fieldType: "select",
  groupName,
  description: "",
  options: [
    { value: "demo_request", label: "Demo request", displayOrder: 0, hidden: false },
    { value: "ebook", label: "eBook", displayOrder: 1, hidden: false },
  ],
  ...over,
});

describe("PropertyGroup provider", () => {
  it("creates, reads back without drift, sees a hand edit, updates and deletes", async () => {
    const g = groupInputs();
    const { id, outs } = await group.create(settings(sb), g);
    expect(id).toBe(`contacts/${g.name}`);
    expect(await group.diff(id, (await group.read(settings(sb), id, outs)).props!, g)).toEqual({ changes: false });
    await api(sb, "PATCH", `/crm/properties/2026-09/contacts/groups/${g.name}`, { label: "Renamed by hand" });
    newProcess();
    const drifted = (await group.read(settings(sb), id, outs)).props as PropertyGroupInputs;
    expect(drifted.label).toBe("Renamed by hand");
    expect(await group.diff(id, drifted, g)).toEqual({ changes: true });
    expect((await group.update(settings(sb), id, drifted, g)).outs).toEqual(g);
    await group.delete(settings(sb), id, g);
    newProcess();
    expect(await group.read(settings(sb), id, g)).toEqual({});
  });

  it("replaces (deleting first) when the name changes", async () => {
    const g = groupInputs();
    expect(await group.diff("x", g, { ...g, name: "other" })).toEqual({
      changes: true,
      replaces: ["name"],
      deleteBeforeReplace: true,
    });
    expect(await group.diff("x", g, { ...g, label: UNKNOWN })).toEqual({ changes: true });
  });
});

describe("Property provider", () => {
  it("creates an enumeration and reads it back in the blueprint's shape without drift", async () => {
    const p = propertyInputs((await withGroup()).name);
    const { id, outs } = await property.create(settings(sb), p);
    newProcess();
    const read = await property.read(settings(sb), id, outs);
    expect(read.props).toEqual(p);
    expect(await property.diff(id, read.props!, p)).toEqual({ changes: false });
  });

  it("sees reordered and relabelled options as drift and puts them back with one PATCH", async () => {
    const p = propertyInputs((await withGroup()).name);
    const { id, outs } = await property.create(settings(sb), p);
    await api(sb, "PATCH", `/crm/properties/2026-09/contacts/${p.name}`, {
      options: [
        { value: "ebook", label: "E-book", displayOrder: 0, hidden: false },
        { value: "demo_request", label: "Demo request", displayOrder: 1, hidden: false },
      ],
    });
    newProcess();
    const drifted = (await property.read(settings(sb), id, outs)).props as PropertyInputs;
    expect(drifted.options.map((o) => o.label)).toEqual(["E-book", "Demo request"]);
    expect((await property.diff(id, drifted, p)).changes).toBe(true);
    await resetStats(sb);
    await property.update(settings(sb), id, drifted, p);
    expect((await stats(sb)).writes).toBe(1);
    newProcess();
    expect((await property.read(settings(sb), id, outs)).props).toEqual(p);
  });

  it("refuses a property that exists already unless revstack:adopt is set, then adopts and corrects it", async () => {
    const g = await withGroup();
    const p = propertyInputs(g.name);
    await api(sb, "POST", "/crm/properties/2026-09/contacts", {
      name: p.name,
      label: "Old label",
      type: "string",
      fieldType: "text",
      groupName: g.name,
    });
    await expect(property.create(settings(sb), p)).rejects.toThrow(
      /Property "lead_source_\d+" \(contacts\) already exists.*revstack:adoptObjects/,
    );
    const { outs } = await property.create(settings(sb, { "revstack:adopt": "true" }), p);
    expect(outs).toEqual(p);
    const live = await api(sb, "GET", `/crm/properties/2026-09/contacts/${p.name}`);
    expect(live).toMatchObject({ label: "Lead source", type: "enumeration" });
  });

  it("reports an adopted property whose correction failed as created, so the next run updates it", async () => {
    const g = await withGroup();
    const p = propertyInputs(g.name, { groupName: "no_such_group" });
    await api(sb, "POST", "/crm/properties/2026-09/contacts", {
      name: p.name,
      label: "Old",
      type: "string",
      fieldType: "text",
      groupName: g.name,
    });
    const err = await property.create(settings(sb, { "revstack:adopt": "true" }), p).catch((e) => e);
    expect(err).toMatchObject({ id: `contacts/${p.name}`, properties: p });
    expect(err.message).toMatch(/Property group no_such_group does not exist/);
  });

  it("reads a property archived in HubSpot by hand as gone, and says how to restore it instead of a bare 409", async () => {
    const p = propertyInputs((await withGroup()).name);
    const { id, outs } = await property.create(settings(sb), p);
    await api(sb, "DELETE", `/crm/properties/2026-09/contacts/${p.name}`);
    expect(await api(sb, "GET", `/crm/properties/2026-09/contacts/${p.name}?archived=true`)).toMatchObject({
      name: p.name,
      archived: true,
    });
    newProcess();
    // Refresh: gone from HubSpot's live properties, so drift.
    expect(await property.read(settings(sb), id, outs)).toEqual({});
    // Apply after the refresh: HubSpot refuses the name (409 "already exists and is archived").
    await expect(property.create(settings(sb), p)).rejects.toThrow(
      `Property "${p.name}" (contacts) was archived (deleted) in HubSpot, and HubSpot's API cannot restore it. ` +
        "Restore it in HubSpot (Settings → Properties → Archived properties), then apply again with " +
        "`pulumi config set revstack:adopt true` so this stack takes it back; or rename the property in the blueprint.",
    );
    // Apply without a refresh, with a change to make: the PATCH finds no live property.
    await expect(property.update(settings(sb), id, outs, { ...p, label: "Source" })).rejects.toThrow(
      /^Property "lead_source_\d+" \(contacts\) was archived \(deleted\) in HubSpot.*Archived properties\), then apply again; or rename/,
    );
    // Nothing was written meanwhile: the property is still archived only.
    expect(
      (await api(sb, "GET", "/crm/properties/2026-09/contacts")).results.map((l: { name: string }) => l.name),
    ).not.toContain(p.name);
  });

  it("creates exactly one property when writes fail ambiguously or with 5xx", async () => {
    const g = await withGroup();
    const many = Array.from({ length: 8 }, () =>
      propertyInputs(g.name, { type: "string", fieldType: "text", options: [] }),
    );
    await faults(sb, { ambiguousWrite: 0.4, error5xx: 0.2, seed: 7 });
    await resetStats(sb);
    try {
      for (const p of many) await property.create(settings(sb), p);
    } finally {
      await faults(sb, {});
    }
    // The faults did strike: lost or failed creates were followed by a look-up by name.
    expect((await stats(sb)).byRoute["GET /crm/properties/2026-09/{objectType}"]).toBeGreaterThan(0);
    const live = (await api(sb, "GET", "/crm/properties/2026-09/contacts")).results.map(
      (p: { name: string }) => p.name,
    );
    for (const p of many) expect(live.filter((name: string) => name === p.name)).toHaveLength(1);
  });
});

describe("User provider", () => {
  const userInputs = (over: Partial<UserInputs> = {}): UserInputs => {
    const email = `owner${++n}@acme.test`;
    return { key: email, email, firstName: "Sam", lastName: "Lee", role: "Sales Rep", ...over };
  };

  it("provisions a user with the portal's role matched by name, and no team (the Team resource owns members)", async () => {
    const u = userInputs({ role: "sales rep" });
    const { id, outs } = await user.create(settings(sb), u);
    const live = await api(sb, "GET", `/settings/users/2026-03/${id}`);
    expect(live).toMatchObject({ email: u.email, roleId: "203", firstName: "Sam" });
    expect(live.primaryTeamId).toBeUndefined();
    expect(outs).toMatchObject({ hubspotId: id, roleId: "203", unmatched: [] });
    newProcess();
    expect(await user.diff(id, (await user.read(settings(sb), id, outs)).props!, u)).toEqual({ changes: false });
  });

  it("lists a role the portal lacks as unmatched, and does not call that drift", async () => {
    const u = userInputs({ role: "SDR Manager" });
    const { id, outs } = await user.create(settings(sb), u);
    expect(outs.unmatched).toEqual(['role "SDR Manager"']);
    newProcess();
    expect(await user.diff(id, (await user.read(settings(sb), id, outs)).props!, u)).toEqual({ changes: false });
  });

  it("sees a changed role as drift and sets it back, leaving the team alone; replaces on a new email; reads {} once deleted", async () => {
    const u = userInputs();
    const { id, outs } = await user.create(settings(sb), u);
    await api(sb, "PUT", `/settings/users/2026-03/${id}`, { roleId: "204", primaryTeamId: "102" });
    newProcess();
    const drifted = (await user.read(settings(sb), id, outs as UserOutputs)).props as UserOutputs;
    expect(drifted.role).toBe("Support Agent");
    expect(await user.diff(id, drifted, u)).toEqual({ changes: true });
    expect((await user.update(settings(sb), id, drifted, u)).outs).toMatchObject({ roleId: "203" });
    expect((await api(sb, "GET", `/settings/users/2026-03/${id}`)).primaryTeamId).toBe("102");
    expect(await user.diff(id, drifted, { ...u, email: "new@acme.test" })).toEqual({
      changes: true,
      replaces: ["email"],
      deleteBeforeReplace: true,
    });
    await user.delete(settings(sb), id, outs as UserOutputs);
    newProcess();
    expect(await user.read(settings(sb), id, outs as UserOutputs)).toEqual({});
  });

  it("throws on read when HubSpot fails, rather than forgetting the user", async () => {
    const { id, outs } = await user.create(settings(sb), userInputs());
    await faults(sb, { error5xx: 1 });
    newProcess();
    try {
      await expect(user.read(settings(sb), id, outs as UserOutputs)).rejects.toThrow(/failed with 5\d\d/);
    } finally {
      await faults(sb, {});
    }
  });
});
