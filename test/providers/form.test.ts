import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Sandbox } from "../../src/sandbox";
import * as form from "../../providers/form";
import type { FormInputs } from "../../providers/form";
import { api, newProcess, resetStats, sandbox, settings, stats } from "./helpers";

/**
 * A form's provider on the sandbox: an update keeps the rows the form's fields sit in, and deleting a form whose
 * fields contacts hold values of stops before its write, with the counts.
 */
let sb: Sandbox;
beforeAll(async () => {
  sb = await sandbox();
});
afterAll(() => sb.stop());
beforeEach(newProcess);

const F = "/marketing/forms/2026-09-beta";
const inputs = (name: string, over: Partial<FormInputs> = {}): FormInputs => ({
  key: name.toLowerCase().replace(/\W+/g, "-"),
  name,
  fields: [
    { property: "email", label: "Work email", required: true },
    { property: "firstname", label: "First name", required: false },
    { property: "company", required: false },
  ],
  submit: { message: "Thanks" },
  ...over,
});
const rows = async (id: string): Promise<string[][]> =>
  ((await api(sb, "GET", `${F}/${id}`)).fieldGroups as Array<{ fields: Array<{ name: string }> }>).map((g) =>
    g.fields.map((f) => f.name),
  );

describe("form provider", () => {
  it("keeps two fields a person put side by side in one row when the blueprint changes a label", async () => {
    const made = await form.create(settings(sb), inputs("Side by side"));
    expect(await rows(made.id)).toEqual([["email"], ["firstname"], ["company"]]);
    // Someone puts email and first name in one row in HubSpot's editor.
    const live = await api(sb, "GET", `${F}/${made.id}`);
    const [email, first, company] = live.fieldGroups;
    await api(sb, "PATCH", `${F}/${made.id}`, {
      fieldGroups: [{ ...email, fields: [...email.fields, ...first.fields] }, company],
    });
    const next = inputs("Side by side", {
      fields: [
        { property: "email", label: "Email", required: true },
        { property: "firstname", label: "First name", required: false },
        { property: "company", required: false },
        { property: "phone", required: false },
      ],
    });
    await form.update(settings(sb), made.id, made.outs, next);
    expect(await rows(made.id)).toEqual([["email", "firstname"], ["company"], ["phone"]]);
    const after = await api(sb, "GET", `${F}/${made.id}`);
    expect(after.fieldGroups[0].fields[0].label).toBe("Email");
    // A field moved before another starts a row of its own: the blueprint's order wins.
    await form.update(settings(sb), made.id, made.outs, {
      ...next,
      fields: [next.fields[1], next.fields[0], ...next.fields.slice(2)],
    });
    expect(await rows(made.id)).toEqual([["firstname"], ["email"], ["company"], ["phone"]]);
  });

  it("refuses to delete a form whose fields contacts hold values of, before the write, with the counts", async () => {
    const made = await form.create(settings(sb), inputs("Collecting"));
    const unused = await form.create(
      settings(sb),
      inputs("Unused", { fields: [{ property: "fax", required: false }] }),
    );
    await api(sb, "POST", "/crm/objects/2026-09/contacts", { properties: { email: "a@acme.test", firstname: "A" } });
    await api(sb, "POST", "/crm/objects/2026-09/contacts", { properties: { email: "b@acme.test" } });
    await resetStats(sb);
    await expect(form.delete(settings(sb), made.id, made.outs)).rejects.toThrow(
      'Form "Collecting" would be deleted while it collects email (2 contacts hold a value of it), firstname (1 contact holds a value of it): counted as contacts holding a value',
    );
    expect((await stats(sb)).writes).toBe(0);
    expect((await api(sb, "GET", `${F}/${made.id}`)).archived).toBe(false);
    // A form nobody's values came through is deleted (HubSpot archives it).
    await form.delete(settings(sb), unused.id, unused.outs);
    await expect(api(sb, "GET", `${F}/${unused.id}`)).rejects.toThrow(/404/);
  });
});
