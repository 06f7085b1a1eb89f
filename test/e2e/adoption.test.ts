/**
 * Adopting a portal built by hand, through the real engine: one property of every type × field type HubSpot allows
 * (options with descriptions and hidden ones, unique values, form fields, display hints, a calculation), custom
 * groups, a HubSpot default property customized, hand-made pipelines with deals, users. `revstack export` →
 * apply with `revstack:adopt` makes no writes and changes nothing; the preview says "adopt", never "create";
 * removing a default group and property from the blueprint releases them (no writes, still in HubSpot).
 */
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import YAML from "yaml";
import { register } from "../../src/cli/commands/export";
import { reviewDigest } from "../../src/review/engine/review";
import type { Sandbox } from "../../src/sandbox";
import { api, resetStats, sandbox, stats } from "../providers/helpers";
import { runCommands, withEnv } from "../review/cli";
import { pulumiBinDir } from "../support/engine";
import { adoptingStack } from "../support/portal";

const opt = (value: string, label: string, extra: Record<string, unknown> = {}) => ({
  value,
  label,
  hidden: false,
  ...extra,
});

/** One property per type × field type, as a team makes them in HubSpot's settings. */
const PROPERTIES: Array<Record<string, unknown>> = [
  { name: "notes_text", type: "string", fieldType: "text", hasUniqueValue: true },
  { name: "notes_long", type: "string", fieldType: "textarea", description: "Long notes", formField: true },
  { name: "notes_rich", type: "string", fieldType: "html", hidden: true },
  { name: "direct_line", type: "string", fieldType: "phonenumber", dataSensitivity: "sensitive" },
  { name: "contract_file", type: "string", fieldType: "file" },
  { name: "seats", type: "number", fieldType: "number", numberDisplayHint: "formatted", displayOrder: 3 },
  { name: "arr", type: "number", fieldType: "number", numberDisplayHint: "currency", showCurrencySymbol: true },
  { name: "arr_per_seat", type: "number", fieldType: "calculation_equation", calculationFormula: "arr / seats" },
  { name: "renewal_day", type: "date", fieldType: "date" },
  { name: "last_call_at", type: "datetime", fieldType: "date" },
  { name: "office_phone", type: "phone_number", fieldType: "phonenumber" },
  { name: "is_partner", type: "bool", fieldType: "booleancheckbox", options: [opt("true", "Yes"), opt("false", "No")] },
  {
    name: "services_sold",
    type: "enumeration",
    fieldType: "checkbox",
    options: [
      opt("seo", "SEO", { description: "Search" }),
      opt("content", "Content"),
      opt("ads", "Ads", { hidden: true }),
    ],
  },
  { name: "region", type: "enumeration", fieldType: "radio", options: [opt("emea", "EMEA"), opt("amer", "Americas")] },
  { name: "tier", type: "enumeration", fieldType: "select", options: [opt("gold", "Gold"), opt("silver", "Silver")] },
  {
    name: "gdpr_ok",
    type: "enumeration",
    fieldType: "booleancheckbox",
    options: [opt("yes", "Agreed"), opt("no", "Refused")],
  },
];

let sb: Sandbox;
let dir: string;
const dealIds: string[] = [];

/** Every property definition and record value the portal holds, without timestamps (reads do not change them). */
async function snapshot(): Promise<unknown> {
  const strip = (value: unknown): unknown =>
    JSON.parse(JSON.stringify(value, (k, v) => (/^(createdAt|updatedAt)$/.test(k) ? undefined : v)));
  const get = async (route: string) => strip((await api(sb, "GET", route)).results);
  const names = ["dealname", "dealstage", "pipeline", ...PROPERTIES.map((p) => p.name as string)].join(",");
  return {
    pipelines: await get("/crm/v3/pipelines/deals"),
    groups: await get("/crm/v3/properties/deals/groups"),
    properties: await get("/crm/v3/properties/deals"),
    contactProperties: await get("/crm/v3/properties/contacts"),
    users: await get("/settings/v3/users"),
    lists: strip((await api(sb, "POST", "/crm/v3/lists/search", {})).lists),
    deals: await get(`/crm/v3/objects/deals?limit=100&properties=${names}`),
  };
}

beforeAll(async () => {
  sb = await sandbox({ tier: 250 });
  dir = await mkdtemp(path.join(tmpdir(), "revstack-adoption-"));
  await api(sb, "POST", "/crm/v3/properties/deals/groups", {
    name: "deal_facts",
    label: "Deal facts",
    displayOrder: 0,
  });
  await api(sb, "POST", "/crm/v3/properties/deals/groups", {
    name: "deal_extras",
    label: "Deal extras",
    displayOrder: 1,
  });
  for (const [i, p] of PROPERTIES.entries()) {
    const res = await api(sb, "POST", "/crm/v3/properties/deals", {
      label: `Label of ${p.name}`,
      groupName: i % 2 ? "deal_facts" : "deal_extras",
      ...p,
    });
    expect(res.status ?? 201, JSON.stringify(res)).not.toBe("error");
  }
  // A HubSpot default customized: an option added to the default lead status (it stays HubSpot's).
  const status = await api(sb, "GET", "/crm/v3/properties/contacts/hs_lead_status");
  await api(sb, "PATCH", "/crm/v3/properties/contacts/hs_lead_status", {
    options: [...status.options, opt("NURTURE", "Nurture", { displayOrder: 99 })],
  });
  // HubSpot's default deal pipeline customized by hand: a default stage renamed (it keeps its id).
  await api(sb, "PATCH", "/crm/v3/pipelines/deals/default/stages/appointmentscheduled", {
    label: "First meeting",
    metadata: { probability: "0.2" },
  });
  for (const label of ["Partner deals", "Renewals"]) {
    await api(sb, "POST", "/crm/v3/pipelines/deals", {
      label,
      displayOrder: label === "Renewals" ? 2 : 1,
      stages: [
        { label: "Open", displayOrder: 0, metadata: { probability: "0.3" } },
        { label: "Won", displayOrder: 1, metadata: { probability: "1.0" } },
        { label: "Lost", displayOrder: 2, metadata: { probability: "0.0" } },
      ],
    });
  }
  const partner = (await api(sb, "GET", "/crm/v3/pipelines/deals")).results.find(
    (p: { label: string }) => p.label === "Partner deals",
  );
  await api(sb, "POST", "/settings/v3/users", {
    email: "hand.made@portal.test",
    firstName: "Hand",
    lastName: "Made",
    sendWelcomeEmail: false,
  });
  // Lists made by hand: a dynamic list the condition language can say, a manual list, and one it cannot say.
  const filters = (...branches: unknown[]) => ({ filterBranchType: "OR", filters: [], filterBranches: branches });
  const and = (...list: unknown[]) => ({ filterBranchType: "AND", filterBranches: [], filters: list });
  const lifecycle = (operator: string, values: string[]) => ({
    filterType: "PROPERTY",
    property: "lifecyclestage",
    operation: { operationType: "ENUMERATION", operator, values },
  });
  await api(sb, "POST", "/crm/v3/lists", {
    name: "Hot leads",
    objectTypeId: "0-1",
    processingType: "DYNAMIC",
    filterBranch: filters(and(lifecycle("IS_ANY_OF", ["lead", "marketingqualifiedlead"]))),
  });
  await api(sb, "POST", "/crm/v3/lists", { name: "VIP guests", objectTypeId: "0-1", processingType: "MANUAL" });
  await api(sb, "POST", "/crm/v3/lists", {
    name: "Nested by hand",
    objectTypeId: "0-1",
    processingType: "DYNAMIC",
    filterBranch: filters({
      filterBranchType: "AND",
      filters: [],
      filterBranches: [{ ...and(lifecycle("IS_ANY_OF", ["lead"])), filterBranchType: "NOT_ANY" }],
    }),
  });
  for (let i = 0; i < 3; i++) {
    const deal = await api(sb, "POST", "/crm/v3/objects/deals", {
      properties: {
        dealname: `Deal ${i}`,
        pipeline: partner.id,
        dealstage: partner.stages[0].id,
        services_sold: "seo;content",
        region: "emea",
        tier: "gold",
        is_partner: "true",
        gdpr_ok: "yes",
        seats: "12",
        arr: "1200",
        notes_text: `unique-${i}`,
        office_phone: "+1 555 0100",
        renewal_day: "2027-01-01",
        last_call_at: "2026-11-01T10:00:00.000Z",
      },
    });
    dealIds.push(deal.id);
  }
});

afterAll(async () => {
  await sb?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe.skipIf(!pulumiBinDir())("adopting a portal built by hand", () => {
  it(
    "export → adopt makes no writes and changes nothing; preview says adopt; a removed default is released",
    { timeout: 600_000 },
    async () => {
      const out = path.join(dir, "portal.yaml");
      const engine = await adoptingStack("messy", sb, out);
      try {
        const exported = await withEnv(engine.cliEnv, () =>
          runCommands(
            [register],
            ["export", "--stack", "messy", "--cwd", engine.projectDir, "--out", out, "--include-defaults"],
          ),
        );
        expect(exported.code, exported.stderr).toBe(0);
        const blueprint = YAML.parse(await readFile(out, "utf8"));
        // Every field type is said as HubSpot has it.
        for (const p of PROPERTIES) {
          const declared = blueprint.properties.deals[p.name as string];
          expect(declared.type).toBe(p.type);
          expect(
            declared.fieldType ??
              {
                string: "text",
                number: "number",
                date: "date",
                datetime: "date",
                enumeration: "select",
                bool: "booleancheckbox",
                phone_number: "phonenumber",
              }[p.type as string],
          ).toBe(p.fieldType);
        }
        expect(blueprint.properties.deals.services_sold.options[0]).toEqual({
          value: "seo",
          label: "SEO",
          description: "Search",
        });
        expect(blueprint.properties.deals.notes_text.hasUniqueValue).toBe(true);
        expect(blueprint.properties.contacts.hs_lead_status.options.at(-1)).toEqual({
          value: "NURTURE",
          label: "Nurture",
        });
        // HubSpot's default pipelines under the keys blueprints use for them, each default stage under its HubSpot key
        // whatever its label says now; the pipelines made by hand under keys from their labels.
        expect(Object.keys(blueprint.pipelines).sort()).toEqual(["default", "partner-deals", "renewals", "support"]);
        expect(blueprint.pipelines.default.stages[0]).toEqual({
          key: "appointmentscheduled",
          label: "First meeting",
          probability: 0.2,
        });
        expect(blueprint.pipelines.support.stages.map((s: { key: string }) => s.key)).toEqual([
          "new",
          "waiting-on-contact",
          "waiting-on-us",
          "closed",
        ]);

        // The lists the condition language can say, as the blueprint says them; the other is left out, noted.
        expect(blueprint.lists).toEqual({
          "hot-leads": {
            name: "Hot leads",
            object: "contacts",
            type: "dynamic",
            when: { all: [{ property: "lifecyclestage", op: "in", value: ["lead", "marketingqualifiedlead"] }] },
          },
          "vip-guests": { name: "VIP guests", object: "contacts", type: "manual" },
        });
        expect(exported.stdout).toMatch(/List "Nested by hand" was not exported/);
        const before = await snapshot();
        // The preview of the adoption lists every object under "adopt", none as created.
        const preview = await engine.previewJson();
        const review = reviewDigest(preview.digest, { title: "preview", mode: "preview" });
        expect(review.changes.filter((c) => c.action !== "adopt").map((c) => `${c.scope ?? ""} ${c.message}`)).toEqual(
          [],
        );
        expect(review.changes.map((c) => c.message)).toContain(
          "Property 'Label of services_sold' (services_sold) exists in HubSpot and will be adopted (taken over as it is: nothing is written)",
        );

        await resetStats(sb);
        await engine.up();
        const adopted = await stats(sb);
        expect(adopted.writes, JSON.stringify(adopted.byRoute)).toBe(0);
        expect(await snapshot()).toEqual(before);
        expect(await engine.preview({ refresh: true })).toEqual({});

        // Releasing HubSpot's own: the default group and a default property leave the blueprint, and stay in HubSpot.
        delete blueprint.properties.contacts.hs_lead_status;
        delete blueprint.properties.groups.contactinformation;
        for (const [name, p] of Object.entries(blueprint.properties.contacts ?? {})) {
          if ((p as { group: string }).group === "contactinformation") delete blueprint.properties.contacts[name];
        }
        await writeFile(out, YAML.stringify(blueprint));
        const releasing = reviewDigest((await engine.previewJson()).digest, { title: "preview", mode: "preview" });
        expect(releasing.changes.length).toBeGreaterThan(0);
        expect(releasing.changes.every((c) => c.action === "release")).toBe(true);
        await resetStats(sb);
        await engine.up();
        expect((await stats(sb)).writes).toBe(0);
        expect((await api(sb, "GET", "/crm/v3/properties/contacts/hs_lead_status")).name).toBe("hs_lead_status");
        expect((await api(sb, "GET", "/crm/v3/properties/contacts/groups/contactinformation")).name).toBe(
          "contactinformation",
        );
        expect(await snapshot()).toEqual(before);
      } finally {
        await engine.dispose();
      }
    },
  );
});
