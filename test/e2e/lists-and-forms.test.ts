// Lists and forms end to end with the real engine and the sandbox on 127.0.0.1, one stack for every case:
// create, no change = no call, update in place, drift in words, adoption with zero writes, release, and a delete
// refused before the first write with what uses the list counted; a form field taken off refused with the contacts counted.
import { readFile, rm, writeFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Sandbox } from "../../src/sandbox";
import { reviewDigest } from "../../src/review/engine/review";
import type { EngineStack } from "../support/engine";
import { editableBlueprint, sandboxStack } from "../support/portal";
import { api, resetStats, sandbox, stats } from "../providers/helpers";

const L = "/crm/lists/2026-09";

interface LiveList {
  listId: string;
  name: string;
  processingType: string;
  filterBranch?: unknown;
  size: number;
}

async function list(sb: Sandbox, name: string): Promise<LiveList> {
  return (await api(sb, "GET", `${L}/object-type-id/0-1/name/${encodeURIComponent(name)}?includeFilters=true`)).list;
}

const listNames = async (sb: Sandbox): Promise<string[]> =>
  (await api(sb, "POST", `${L}/search`, {})).lists.map((l: LiveList) => l.name).sort();

/** HubSpot's filter branches: an OR root holding one AND branch of these filters. */
const oneAnd = (...filters: unknown[]) => ({
  filterBranchType: "OR",
  filters: [],
  filterBranches: [{ filterBranchType: "AND", filterBranches: [], filters }],
});

const property = (name: string, operation: object) => ({ filterType: "PROPERTY", property: name, operation });

const ANY_OF_SQL = oneAnd(
  property("lifecyclestage", { operationType: "ENUMERATION", operator: "IS_ANY_OF", values: ["salesqualifiedlead"] }),
);

const F = "/marketing/forms/2026-09-beta";

interface LiveForm {
  id: string;
  archived: boolean;
  fieldGroups: Array<{ fields: Array<{ name: string; fieldType: string; label: string; required: boolean }> }>;
  configuration: { postSubmitAction: unknown; lifecycleStages?: unknown };
}

async function form(sb: Sandbox, name: string): Promise<LiveForm> {
  const found = (await api(sb, "GET", F)).results.find((f: { name: string }) => f.name === name);
  if (!found) throw new Error(`no form ${name}`);
  return found;
}

/** `company*`: each field's property, starred when required. */
const fieldsOf = (f: LiveForm): string[] =>
  f.fieldGroups.flatMap((g) => g.fields.map((x) => x.name + (x.required ? "*" : "")));

const CONTACT_SALES = `
forms:
  contact-sales:
    name: Contact sales
    fields:
      - { property: email, label: Work email, required: true }
      - { property: firstname, label: First name }
      - { property: company }
      - { property: phone, label: Phone }
    submit: { message: "Thanks, we'll call you." }
    lifecycleStage: salesqualifiedlead
`;

/** A form as HubSpot's editor makes it: one required email field, a thank-you message. */
const handMadeForm = (name: string) => ({
  name,
  formType: "hubspot",
  fieldGroups: [
    {
      groupType: "default_group",
      richTextType: "text",
      fields: [
        {
          objectTypeId: "0-1",
          name: "email",
          label: "Email",
          fieldType: "email",
          required: true,
          hidden: false,
          dependentFields: [],
          validation: { useDefaultBlockList: false, blockedEmailDomains: [] },
        },
      ],
    },
  ],
  configuration: {
    language: "en",
    postSubmitAction: { type: "thank_you", value: "Thanks for submitting the form." },
    createNewContactForNewEmail: true,
    editable: true,
    allowLinkToResetKnownValues: false,
    prePopulateKnownValues: true,
    cloneable: true,
    notifyContactOwner: false,
    recaptchaEnabled: false,
    archivable: true,
    notifyRecipients: [],
  },
  displayOptions: { renderRawHtml: false, theme: "default_style", submitButtonText: "Subscribe", style: {} },
  legalConsentOptions: { type: "none" },
});

describe("lists and forms with the real engine", { timeout: 300_000 }, () => {
  let sb: Sandbox;
  let engine: EngineStack;
  let dir: string;
  let blueprint: string;
  const edit = async (from: string | RegExp, to: string) =>
    writeFile(blueprint, (await readFile(blueprint, "utf8")).replace(from, to));
  const words = async (mode: "preview" | "drift", refresh = false) => {
    const { digest } = await engine.previewJson({ refresh });
    return reviewDigest(digest, { title: mode, mode }).changes.map((c) => c.message);
  };

  beforeAll(async () => {
    sb = await sandbox();
    ({ dir, file: blueprint } = await editableBlueprint("lists-and-forms.yaml"));
    engine = await sandboxStack("lists-forms", sb, blueprint);
  });

  afterAll(async () => {
    await engine?.dispose();
    await sb?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it("creates a dynamic list with HubSpot's filter branches and a manual list; a second up makes no call", async () => {
    // stack + blueprint component + property + 2 lists
    expect(await engine.up()).toEqual({ create: 5 });
    const icp = await list(sb, "Enterprise ICP");
    expect(icp.processingType).toBe("DYNAMIC");
    expect(icp.filterBranch).toEqual(
      oneAnd(
        property("employee_count", { operationType: "NUMBER", operator: "IS_GREATER_THAN_OR_EQUAL_TO", value: 1000 }),
        property("lifecyclestage", {
          operationType: "ENUMERATION",
          operator: "IS_ANY_OF",
          values: ["salesqualifiedlead", "opportunity"],
        }),
      ),
    );
    expect((await list(sb, "Event invitees")).processingType).toBe("MANUAL");
    await api(sb, "POST", "/crm/objects/2026-09/contacts", {
      properties: { email: "big@acme.test", employee_count: "5000", lifecyclestage: "opportunity" },
    });
    expect((await list(sb, "Enterprise ICP")).size).toBe(1);
    await resetStats(sb);
    expect(await engine.up()).toEqual({});
    expect((await stats(sb)).writes).toBe(0);
  });

  it("renames a list and changes its filters in place (same id), worded in the blueprint's terms", async () => {
    const before = await list(sb, "Enterprise ICP");
    await edit("name: Enterprise ICP", "name: Enterprise accounts");
    await edit("op: gte, value: 1000", "op: gte, value: 500");
    expect(await words("preview")).toEqual(
      expect.arrayContaining([
        "List 'Enterprise accounts' (enterprise-icp) name 'Enterprise ICP' → 'Enterprise accounts'",
        "List 'Enterprise accounts' (enterprise-icp) filters employee_count gte 1000 and lifecyclestage in " +
          "[salesqualifiedlead, opportunity] → employee_count gte 500 and lifecyclestage in [salesqualifiedlead, opportunity]",
      ]),
    );
    expect(await engine.up()).toEqual({ update: 1 });
    const after = await list(sb, "Enterprise accounts");
    expect(after.listId).toBe(before.listId);
    expect(JSON.stringify(after.filterBranch)).toContain('"value":500');
  });

  it("shows filters changed by hand as drift, and up --refresh puts the blueprint's back", async () => {
    const icp = await list(sb, "Enterprise accounts");
    await api(sb, "PUT", `${L}/${icp.listId}/update-list-filters`, { filterBranch: ANY_OF_SQL });
    expect((await words("drift", true)).join("\n")).toMatch(
      /filters lifecyclestage eq salesqualifiedlead → employee_count gte 500 and lifecyclestage in \[salesqualifiedlead, opportunity\]/,
    );
    await engine.up({ refresh: true });
    expect(JSON.stringify((await list(sb, "Enterprise accounts")).filterBranch)).toContain('"value":500');
    expect(await engine.preview({ refresh: true })).toEqual({});
  });

  it("adopts a list made by hand with no write, and releases it (left in HubSpot) when it leaves the blueprint", async () => {
    await api(sb, "POST", L, {
      name: "SQLs by hand",
      objectTypeId: "0-1",
      processingType: "DYNAMIC",
      filterBranch: ANY_OF_SQL,
    });
    await edit(
      "lists:\n",
      "lists:\n  sqls:\n    name: SQLs by hand\n    when: { all: [{ property: lifecyclestage, op: eq, value: salesqualifiedlead }] }\n",
    );
    await engine.stack.setConfig("revstack:adoptObjects", { value: JSON.stringify(["list:contacts/SQLs by hand"]) });
    await resetStats(sb);
    expect(await engine.up()).toEqual({ create: 1 });
    expect((await stats(sb)).writes).toBe(0);
    await edit(/  sqls:\n.*\n.*\n/, "");
    expect(await engine.up()).toEqual({ delete: 1 });
    expect(await listNames(sb)).toContain("SQLs by hand");
  });

  it("creates a form whose fields follow their properties' types; a second up makes no call", async () => {
    await writeFile(blueprint, (await readFile(blueprint, "utf8")) + CONTACT_SALES);
    expect(await engine.up()).toEqual({ create: 1 });
    const made = await form(sb, "Contact sales");
    expect(made.fieldGroups.map((g) => g.fields.map((f) => [f.name, f.fieldType, f.label, f.required]))).toEqual([
      [["email", "email", "Work email", true]],
      [["firstname", "single_line_text", "First name", false]],
      [["company", "single_line_text", "Company Name", false]],
      [["phone", "phone", "Phone", false]],
    ]);
    expect(made.configuration.postSubmitAction).toEqual({ type: "thank_you", value: "Thanks, we'll call you." });
    expect(made.configuration.lifecycleStages).toEqual([{ objectTypeId: "0-1", value: "salesqualifiedlead" }]);
    await resetStats(sb);
    expect(await engine.up()).toEqual({});
    expect((await stats(sb)).writes).toBe(0);
  });

  it("adds a field and makes one required in place, worded as the visitor sees the form", async () => {
    const before = await form(sb, "Contact sales");
    await edit(
      "      - { property: phone, label: Phone }\n",
      "      - { property: phone, label: Phone }\n      - { property: jobtitle, label: Job title }\n",
    );
    await edit("{ property: company }", "{ property: company, label: Company, required: true }");
    expect(await words("preview")).toEqual(
      expect.arrayContaining([
        "Form 'Contact sales': field Job title added",
        "Form 'Contact sales': field company label (the property's) → 'Company'",
        "Form 'Contact sales': field Company now required",
      ]),
    );
    expect(await engine.up()).toEqual({ update: 1 });
    const after = await form(sb, "Contact sales");
    expect(after.id).toBe(before.id);
    expect(fieldsOf(after)).toEqual(["email*", "firstname", "company*", "phone", "jobtitle"]);
  });

  it("shows a field changed by hand as drift, and up --refresh puts the blueprint's back", async () => {
    const live = await form(sb, "Contact sales");
    const groups = live.fieldGroups.map((g) => ({
      ...g,
      fields: g.fields.map((f) => (f.name === "email" ? { ...f, required: false } : f)),
    }));
    await api(sb, "PATCH", `${F}/${live.id}`, { fieldGroups: groups });
    expect(await words("drift", true)).toContain("Form 'Contact sales': field Work email now required");
    await engine.up({ refresh: true });
    expect(fieldsOf(await form(sb, "Contact sales"))[0]).toBe("email*");
    expect(await engine.preview({ refresh: true })).toEqual({});
  });

  it("refuses to take off a field contacts hold values of, before the first write, with the count", async () => {
    await api(sb, "POST", "/crm/objects/2026-09/contacts", {
      properties: { email: "call@acme.test", phone: "555-0100" },
    });
    await edit("      - { property: phone, label: Phone }\n", "");
    await edit("label: Employee count", "label: Employees");
    await resetStats(sb);
    expect(await engine.failedUp()).toMatch(
      /Form "Contact sales" would stop collecting phone \(1 contact holds a value of it\): counted as contacts holding a value of the field's property/,
    );
    expect((await stats(sb)).writes).toBe(0);
    expect(fieldsOf(await form(sb, "Contact sales"))).toContain("phone");
    // Retired on purpose: the field goes, the contact keeps its phone.
    await edit("    lifecycleStage:", "    retiredFields: [phone]\n    lifecycleStage:");
    expect(await engine.up()).toEqual({ update: 2 });
    expect(fieldsOf(await form(sb, "Contact sales"))).not.toContain("phone");
  });

  it("adopts a form made by hand with no write, and releases it (left in HubSpot) when it leaves the blueprint", async () => {
    await api(sb, "POST", F, handMadeForm("Newsletter"));
    await edit(
      "forms:\n",
      "forms:\n  newsletter:\n    name: Newsletter\n    fields: [{ property: email, label: Email, required: true }]\n",
    );
    await engine.stack.setConfig("revstack:adoptObjects", { value: JSON.stringify(["form:Newsletter"]) });
    await resetStats(sb);
    expect(await engine.up()).toEqual({ create: 1 });
    expect((await stats(sb)).writes).toBe(0);
    await edit(/  newsletter:\n.*\n.*\n/, "");
    expect(await engine.up()).toEqual({ delete: 1 });
    expect((await form(sb, "Newsletter")).archived).toBe(false);
  });

  it("refuses to delete a form contacts hold values of, before the first write, with the counts", async () => {
    const before = await readFile(blueprint, "utf8");
    // Contact sales goes; a new form and a property edit would be written first, were nothing counted.
    await edit(
      /  contact-sales:\n(?: {4}.*\n)+/,
      "  webinar:\n    name: Webinar\n    fields: [{ property: jobtitle }]\n    submit: { message: See you there }\n",
    );
    await edit("type: number", "type: number\n      description: counted");
    await resetStats(sb);
    try {
      expect(await engine.failedUp()).toMatch(
        /Form "Contact sales" would be deleted while it collects email \(\d+ contacts? holds? a value of it\).*counted as contacts holding a value/,
      );
      expect((await stats(sb)).writes).toBe(0);
      expect((await form(sb, "Contact sales")).archived).toBe(false);
    } finally {
      await writeFile(blueprint, before);
    }
  });

  it("refuses to delete a list another list filters on, before the first write, with the count", async () => {
    const icp = await list(sb, "Enterprise accounts");
    await api(sb, "POST", L, {
      name: "ICP in the US",
      objectTypeId: "0-1",
      processingType: "DYNAMIC",
      filterBranch: oneAnd({ filterType: "IN_LIST", listId: icp.listId, operator: "IN_LIST" }),
    });
    await edit(/  enterprise-icp:\n(?: {4}.*\n)+/, "");
    await edit("type: number", "type: number\n      description: counted");
    await resetStats(sb);
    const failure = await engine.failedUp();
    expect(failure).toMatch(/List "Enterprise accounts" \(contacts\) is used by 1 list \(ICP in the US\)/);
    expect((await stats(sb)).writes).toBe(0);
    expect(await listNames(sb)).toContain("Enterprise accounts");
  });
});
