/**
 * The preview/drift renderer against `pulumi preview --json` captured from REAL engine runs against the sandbox
 * (test/review/capture-engine-json.ts): the blueprint test/review/fixtures/plan-base.yaml applied, then edited
 * by hand in the portal (drift), repaired (no drift), and edited in the blueprint (preview).
 */
import { readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { scoped } from "../../src/words/change";
import type { PreviewDigest } from "../../src/review/engine/digest";
import { manualSteps } from "../../src/review/engine/manual";
import { reviewDigest } from "../../src/review/engine/review";
import { renderJson, renderMarkdown, renderText } from "../../src/review/render";
import { loadBlueprint } from "../../src/blueprint";
import { TOKEN } from "../providers/helpers";

const dir = join(__dirname, "fixtures/engine");
const digest = (name: string): PreviewDigest => JSON.parse(readFileSync(join(dir, `${name}.json`), "utf8"));
const review = (name: string, mode: "preview" | "drift") =>
  reviewDigest(digest(name), { title: `revstack ${mode} --stack capture`, mode });
/** Teams are created by the blueprint now: only roles remain a manual step. */
const ROLES =
  /^The portal has no role "SDR Manager", role "SDR", .*HubSpot's API cannot create roles: create them in HubSpot \(Settings › Users & Teams › Roles\)/;

describe("captured engine JSON", () => {
  it("holds no token, only the engine's [secret] mask", () => {
    for (const file of readdirSync(dir)) {
      const text = readFileSync(join(dir, file), "utf8");
      expect(text).not.toContain(TOKEN);
      expect(JSON.parse(text).config["hubspot:token"]).toBe("[secret]");
    }
  });
});

describe("revstack preview rendering", () => {
  it("a first apply: every pipeline, stage, group, property, owner and team created, and nothing of the plumbing", () => {
    const r = review("preview-create", "preview");
    expect(r.changes.every((c) => c.action === "add")).toBe(true);
    const count = (section: string) => r.changes.filter((c) => c.section === section).length;
    expect([count("pipelines"), count("properties"), count("owners"), count("teams")]).toEqual([9, 16, 5, 2]);
    expect(scoped(r.changes[0])).toBe(
      "Pipeline 'New Business' (new-business): Pipeline 'New Business' created: for deals with stages Discovery, Demo Scheduled, Proposal Sent, Closed Won, Closed Lost",
    );
    expect(r.changes.map(scoped)).toContain(
      "Pipeline 'New Business' (new-business): Stage 'Demo Scheduled' created: probability 30%",
    );
    expect(r.changes.map(scoped)).toContain(
      "Contact properties: Property 'Lead source' (lead_source) created: enumeration in group revstack_attribution",
    );
    expect(r.changes.map(scoped)).toContain("Owner maria@acme.test created: SDR Manager");
    expect(r.changes.map(scoped)).toContain(
      "Team 'Inbound SDR' (inbound-sdr) created: members maria@acme.test, sam@acme.test",
    );
    expect(r.manual).toEqual([]);
    const text = renderText(r) + renderMarkdown(r) + renderJson(r);
    for (const noise of [
      "__provider",
      "pulumi:pulumi:Stack",
      "revstack:index:Blueprint",
      "urn:pulumi",
      "04da6b54",
      "exports.handler",
    ]) {
      expect(text).not.toContain(noise);
    }
  });

  it("a blueprint edit: renames, probability, positions, options, and the dangerous deletes first", () => {
    const r = review("preview-edit", "preview");
    expect(r.changes.filter((c) => c.danger).map(scoped)).toEqual([
      "Pipeline 'New Business' (new-business): Stage 'Proposal Sent' retired: its deals move to 'Demo Scheduled'",
      "Deal properties: Property 'Loss reason' (loss_reason) deleted",
      "Deal properties: Property 'Entered Proposal Sent (New Business)' (revstack_entered_new_business_proposal) deleted",
    ]);
    expect(r.changes.filter((c) => !c.danger).map(scoped)).toEqual([
      "Pipeline 'Customer Support' (support): Pipeline 'Support' renamed to 'Customer Support'",
      "Pipeline 'New Business' (new-business): Stage 'Demo Scheduled' renamed to 'Demo Booked'",
      "Pipeline 'New Business' (new-business): Stage 'Demo Booked' probability 30% → 40%",
      "Pipeline 'New Business' (new-business): Stage 'Closed Won' position 4 → 3",
      "Pipeline 'New Business' (new-business): Stage 'Closed Lost' position 5 → 4",
      "Pipeline 'New Business' (new-business): Stage 'Security Review' created: probability 70%",
      "Property groups: Group 'Qualification' (revstack_qualification) for deals deleted",
      "Contact properties: Property 'Lead source' (lead_source) option 'Partner' (partner) added",
      "Deal properties: Property 'Entered Demo Scheduled (New Business)' (revstack_entered_new_business_demo) renamed to 'Entered Demo Booked (New Business)'",
      "Deal properties: Property 'Entered Security Review (New Business)' (revstack_entered_new_business_security) created: datetime in group revstack_instrumentation",
    ]);
    expect(r.manual).toEqual([expect.stringMatching(ROLES)]);
    expect(r.notes).toEqual([
      expect.stringMatching(/^n8n:baseUrl is not set: 3 routing rule\(s\) and 2 automation\(s\) were not applied/),
    ]);
  });

  it("lists lifecycle and reporting as manual steps, from the stack's blueprint", async () => {
    const { blueprint } = await loadBlueprint(join(__dirname, "fixtures/plan-base.yaml"));
    expect(manualSteps(blueprint!)).toEqual([
      "Lifecycle stages (Lead, MQL, SQL, Customer), and the marketingqualifiedlead → salesqualifiedlead handoff settings: HubSpot's API cannot set them; check them in HubSpot (Settings › Objects › Contacts › Lifecycle stage)",
      "Reporting: 3 metrics on 1 dashboard: HubSpot has no public reports API; build the dashboards in HubSpot, or compute them with `revstack report`",
    ]);
    const md = renderMarkdown(
      reviewDigest(digest("no-drift"), { title: "t", mode: "preview", manual: manualSteps(blueprint!) }),
    );
    expect(md).toContain("#### Manual steps (no API: do these by hand)\n\n- [ ] The portal has no role");
    expect(md).toContain("- [ ] Reporting: 3 metrics on 1 dashboard");
  });
});

describe("revstack drift rendering", () => {
  it("hand edits in the portal read live → blueprint; a pipeline deleted by hand is missing", () => {
    const r = review("drift", "drift");
    expect(r.changes.map(scoped)).toEqual([
      "Pipeline 'New Business' (new-business): Stage 'Added by hand' (added in HubSpot, not in the blueprint) removed",
      "Pipeline 'Support' (support): Pipeline 'Support' is missing in the live system: it will be created again",
      "Pipeline 'New Business' (new-business): Stage 'Disco' renamed to 'Discovery'",
      "Pipeline 'New Business' (new-business): Stage 'Demo Scheduled' probability 50% → 30%",
      "Pipeline 'Support' (support): Stage 'New' is missing in the live system: it will be created again",
      "Pipeline 'Support' (support): Stage 'Resolved' is missing in the live system: it will be created again",
      "Contact properties: Property 'Lead source' (lead_source) option 'eBook' (ebook) added",
      "Deal properties: Property 'Why we lost' (loss_reason) renamed to 'Loss reason'",
      "Team 'SDR (inbound)' (inbound-sdr) renamed to 'Inbound SDR'",
    ]);
    expect(r.changes[0].danger).toMatch(/stage someone added by hand is deleted/);
    expect(r.notes?.[0]).toBe(
      "Each change reads live value → blueprint value; `revstack drift --fix` applies the blueprint.",
    );
  });

  it("after a repair: no drift, even though the refresh read every resource", () => {
    const d = digest("no-drift");
    expect(d.steps!.filter((s) => s.op === "refresh").length).toBeGreaterThan(15);
    const r = reviewDigest(d, { title: "revstack drift --stack capture", mode: "drift" });
    expect(r.changes).toEqual([]);
    expect(renderText(r).split("\n")[1]).toBe("No drift: the live system matches the blueprint.");
  });
});

describe("secrets", () => {
  it("are masked wherever they appear in a resource's inputs, also for a resource type the renderer does not know", () => {
    const secretStep = (inputs: Record<string, unknown>, outputs: Record<string, unknown>) => ({
      op: "update",
      urn: "urn:pulumi:s::revstack::revstack:index:Blueprint$pulumi-nodejs:dynamic/acme:Widget::widget.routing",
      oldState: { urn: "u", type: "pulumi-nodejs:dynamic/acme:Widget", outputs },
      newState: { urn: "u", type: "pulumi-nodejs:dynamic/acme:Widget", inputs },
    });
    const d: PreviewDigest = {
      steps: [
        secretStep(
          {
            name: "routing",
            apiKey: "n8n-key-NEW",
            headers: { "4dabf18193072939515e22adb298388d": "1c4e", value: "x" },
            active: true,
          },
          { name: "routing", apiKey: "n8n-key-OLD", headers: "plain", active: false },
        ),
      ],
    };
    const text = renderText(reviewDigest(d, { title: "t", mode: "preview" }));
    expect(text).toContain("Widget 'routing' active false → true");
    expect(text).toContain("Widget 'routing' headers plain → [secret]");
    expect(text).not.toMatch(/n8n-key|1c4e/);
  });
});

describe("adoption and release in the review", () => {
  const step = (op: string, type: string, props: Record<string, unknown>, parent?: string) => ({
    op,
    urn: `urn:pulumi:s::revstack::revstack:index:Blueprint$pulumi-nodejs:dynamic/hubspot:${type}::${String(props.key ?? props.name)}`,
    [op === "delete" ? "oldState" : "newState"]: {
      urn: "",
      type: `pulumi-nodejs:dynamic/hubspot:${type}`,
      parent,
      [op === "delete" ? "outputs" : "inputs"]: props,
    },
  });
  const pipelineUrn =
    "urn:pulumi:s::revstack::revstack:index:Blueprint$pulumi-nodejs:dynamic/hubspot:Pipeline::renewals";

  it("a create the provider found in HubSpot reads as adopt, with what adoption changes; its stages follow the pipeline", () => {
    const r = reviewDigest(
      {
        steps: [
          step("create", "Pipeline", {
            key: "renewals",
            label: "Renewals",
            objectType: "deals",
            displayOrder: 1,
            stages: [],
            adopting: { id: "9", changes: [] },
          }),
          step(
            "create",
            "PipelineStage",
            { key: "open", label: "Open", objectType: "deals", displayOrder: 0, probability: 0.3 },
            pipelineUrn,
          ),
          step("create", "Property", {
            key: "deals-tier",
            name: "tier",
            objectType: "deals",
            label: "Tier",
            type: "enumeration",
            adopting: { id: "deals/tier", changes: ["label"] },
          }),
          step("create", "Property", {
            key: "deals-fresh",
            name: "fresh",
            objectType: "deals",
            label: "Fresh",
            type: "string",
            groupName: "deal_facts",
          }),
        ],
      } as unknown as PreviewDigest,
      { title: "revstack preview", mode: "preview" },
    );
    expect(r.changes.map((c) => [c.action, c.message])).toEqual([
      ["adopt", "Pipeline 'Renewals' exists in HubSpot and will be adopted (taken over as it is: nothing is written)"],
      ["adopt", "Stage 'Open' exists in HubSpot and will be adopted (taken over as it is: nothing is written)"],
      ["add", "Property 'Fresh' (fresh) created: string in group deal_facts"],
      [
        "adopt",
        "Property 'Tier' (tier) exists in HubSpot and will be adopted (taken over as it is; adoption changes label to the blueprint's)",
      ],
    ]);
    expect(renderText(r, { color: false }).split("\n")[1]).toBe("4 changes, 3 to adopt");
  });

  it("a HubSpot default leaving the blueprint reads as released, not deleted, and is not dangerous", () => {
    const r = reviewDigest(
      {
        steps: [
          step("delete", "Property", {
            key: "contacts-hs_lead_status",
            name: "hs_lead_status",
            objectType: "contacts",
            label: "Lead Status",
            hubspotDefined: true,
          }),
          step("delete", "PropertyGroup", {
            key: "contacts-contactinformation",
            name: "contactinformation",
            objectType: "contacts",
            label: "Contact information",
          }),
          step("delete", "Property", { key: "contacts-mine", name: "mine", objectType: "contacts", label: "Mine" }),
        ],
      } as unknown as PreviewDigest,
      { title: "revstack preview", mode: "preview" },
    );
    expect(r.changes.map((c) => [c.action, c.danger !== undefined])).toEqual([
      ["release", false],
      ["release", false],
      ["remove", true],
    ]);
    expect(r.changes.find((c) => c.message.includes("hs_lead_status"))?.message).toBe(
      "Property 'Lead Status' (hs_lead_status) is HubSpot's own: it is released (stays in HubSpot as it is, no longer managed)",
    );
  });
});
