/**
 * `revstack plan` on real git history: the fixture blueprint is committed, the working tree is edited,
 * and the plan must say what changed, section by section, in the user's words. HubSpot objects (pipelines, stages,
 * groups, properties, users, teams) read as `preview` words them, through their kinds: "created", "deleted",
 * "position", one line per field; what the blueprint adds beyond them (routing, SLAs, capacity…) in its own words.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scoped, type Change } from "../../src/words/change";
import { planBlueprint } from "../../src/review/plan";
import { Doc, edited, FIXTURE, TempRepo } from "./git-repo";

let repo: TempRepo;

beforeAll(() => {
  repo = new TempRepo();
  repo.commit("blueprint", { "blueprint.yaml": FIXTURE });
});
afterAll(() => repo.remove());

/** The plan of the committed fixture against the working tree after `edit`. */
async function plan(edit: (doc: Doc) => void): Promise<Change[]> {
  const file = repo.write("blueprint.yaml", edited(edit));
  const outcome = await planBlueprint(file);
  expect(outcome.diagnostics.map((d) => `${d.line}:${d.column} ${d.message}`)).toEqual([]);
  return outcome.review!.changes;
}

const messages = (changes: Change[]) => changes.map(scoped);
const dangerOf = (changes: Change[], message: string) => changes.find((c) => c.message === message)?.danger;
const stage = (doc: Doc, key: string) => doc.pipelines["new-business"].stages.find((s: Doc) => s.key === key);
const owner = (doc: Doc, email: string) => doc.owners.find((o: Doc) => o.email === email);
const rule = (doc: Doc, key: string) => doc.routing.find((r: Doc) => r.key === key);
const NB = "Pipeline 'New Business' (new-business): ";
const ENTERED: Record<string, string> = {
  demo: "Demo Scheduled",
  discovery: "Discovery",
  lost: "Closed Lost",
  proposal: "Proposal Sent",
  won: "Closed Won",
};

describe("revstack plan: every kind of change", () => {
  it("reports nothing when only formatting, comments and key order change", async () => {
    const changes = await plan((doc) => {
      const { pipelines, ...rest } = doc;
      for (const k of Object.keys(doc)) delete doc[k];
      Object.assign(doc, { pipelines, ...rest });
    });
    expect(changes).toEqual([]);
  });

  it("pipelines and stages: probability, label, order, closed, requires, stall timer, added", async () => {
    const changes = await plan((doc) => {
      stage(doc, "demo").probability = 0.4;
      stage(doc, "discovery").label = "Qualification";
      stage(doc, "proposal").requires = ["amount", "closedate"];
      stage(doc, "discovery").stalledAfter = "7d";
      delete stage(doc, "demo").stalledAfter;
      const stages = doc.pipelines["new-business"].stages;
      const proposal = stages.splice(2, 1)[0];
      stages.splice(0, 0, proposal);
      stages.splice(3, 0, { key: "security", label: "Security Review", probability: 0.7 });
      doc.pipelines.support.stages[1].closed = "lost";
      doc.pipelines.support.label = "Customer Support";
      doc.pipelines.renewals = {
        label: "Renewals",
        stages: [
          { key: "upcoming", label: "Upcoming", probability: 0.7 },
          { key: "renewed", label: "Renewed", probability: 1, closed: "won" },
          { key: "churned", label: "Churned", probability: 0, closed: "lost" },
        ],
      };
    });
    expect(messages(changes)).toEqual([
      "Pipeline 'Customer Support' (support): Pipeline 'Support' renamed to 'Customer Support'",
      "Pipeline 'Renewals' (renewals): Pipeline 'Renewals' created: for deals with stages Upcoming, Renewed, Churned",
      NB + "Stage 'Proposal Sent' position 3 → 1",
      NB + "Stage 'Discovery' renamed to 'Qualification'",
      NB + "Stage 'Qualification' position 1 → 2",
      NB + "Stage 'Demo Scheduled' probability 30% → 40%",
      NB + "Stage 'Demo Scheduled' position 2 → 3",
      NB + "Stage 'Security Review' created: probability 70%",
      NB + "Stage 'Closed Won' position 4 → 5",
      NB + "Stage 'Closed Lost' position 5 → 6",
      "Pipeline 'Renewals' (renewals): Stage 'Upcoming' created: probability 70%",
      "Pipeline 'Renewals' (renewals): Stage 'Renewed' created: probability 100%",
      "Pipeline 'Renewals' (renewals): Stage 'Churned' created: probability 0%",
      // The stage-entry timestamps the metrics read follow the stages (the plan applies them too).
      "Deal properties: Property 'Entered Discovery (New Business)' (revstack_entered_new_business_discovery) renamed to 'Entered Qualification (New Business)'",
      "Deal properties: Property 'Entered Security Review (New Business)' (revstack_entered_new_business_security) created: datetime in group revstack_instrumentation",
      NB + "Stage 'Proposal Sent' now requires closedate",
      NB + "Stage 'Qualification' stalled after 14d → 7d",
      NB + "Stage 'Demo Scheduled' stalled after removed (was 10d)",
      "Pipeline 'Customer Support' (support): Stage 'Resolved' now closed lost (was closed won)",
    ]);
    expect(changes.every((c) => c.danger === undefined)).toBe(true);
  });

  it("flags retired stages (moved deals), removed stages and removed pipelines as dangerous", async () => {
    const changes = await plan((doc) => {
      const nb = doc.pipelines["new-business"];
      nb.stages = nb.stages.filter((s: Doc) => s.key !== "proposal" && s.key !== "discovery");
      nb.retiredStages = [{ key: "proposal", moveTo: "demo" }];
      delete doc.pipelines.support;
    });
    expect(messages(changes)).toEqual([
      NB + "Stage 'Discovery' removed",
      NB + "Stage 'Proposal Sent' retired: its deals move to 'Demo Scheduled'",
      "Pipeline 'Support' (support): Pipeline 'Support' deleted",
      NB + "Stage 'Demo Scheduled' position 2 → 1",
      NB + "Stage 'Closed Won' position 4 → 2",
      NB + "Stage 'Closed Lost' position 5 → 3",
      "Deal properties: Property 'Entered Discovery (New Business)' (revstack_entered_new_business_discovery) deleted",
      "Deal properties: Property 'Entered Proposal Sent (New Business)' (revstack_entered_new_business_proposal) deleted",
    ]);
    expect(dangerOf(changes, "Stage 'Proposal Sent' retired: its deals move to 'Demo Scheduled'")).toMatch(
      /moves every record/,
    );
    expect(dangerOf(changes, "Stage 'Discovery' removed")).toMatch(
      /nowhere to go: add retiredStages \{ key: discovery/,
    );
    expect(dangerOf(changes, "Pipeline 'Support' deleted")).toMatch(
      /deletes the tickets pipeline and its stages; the apply stops if it still holds records/,
    );
  });

  it("properties and groups: added, removed, renamed, retyped, regrouped, options", async () => {
    const changes = await plan((doc) => {
      const contacts = doc.properties.contacts;
      contacts.lead_source.label = "Original source";
      contacts.lead_source.options = [
        { value: "demo_request", label: "Demo requested" },
        { value: "other", label: "Other" },
        { value: "partner", label: "Partner" },
      ];
      contacts.budget_range.type = "number";
      contacts.budget_range.group = "revstack_attribution";
      contacts.persona = { label: "Persona", type: "string", group: "revstack_qualification" };
      delete doc.properties.deals.loss_reason;
      doc.properties.groups.revstack_sla = { label: "SLA tracking" };
      doc.properties.groups.revstack_qualification.label = "Qualifying";
    });
    // A group no property uses is not applied, so revstack_sla shows nowhere; groups are HubSpot's, one per object type.
    expect(messages(changes)).toEqual([
      "Property groups: Group 'Qualification' (revstack_qualification) for contacts renamed to 'Qualifying'",
      "Property groups: Group 'Qualification' (revstack_qualification) for deals deleted",
      "Property groups: Group 'revstack instrumentation' (revstack_instrumentation) for contacts position 3 → 4",
      "Property groups: Group 'revstack instrumentation' (revstack_instrumentation) for deals position 3 → 4",
      "Contact properties: Property 'Budget range' (budget_range) type string → number",
      "Contact properties: Property 'Budget range' (budget_range) field type text → number",
      "Contact properties: Property 'Budget range' (budget_range) group revstack_qualification → revstack_attribution",
      "Contact properties: Property 'Lead source' (lead_source) renamed to 'Original source'",
      "Contact properties: Property 'Original source' (lead_source) option 'Partner' (partner) added",
      "Contact properties: Property 'Original source' (lead_source) option 'eBook' (ebook) removed",
      "Contact properties: Property 'Original source' (lead_source) option demo_request label 'Demo request' → 'Demo requested'",
      "Contact properties: Property 'Persona' (persona) created: string in group revstack_qualification",
      "Deal properties: Property 'Loss reason' (loss_reason) deleted",
    ]);
    expect(dangerOf(changes, "Property 'Loss reason' (loss_reason) deleted")).toMatch(/value every deal holds/);
    expect(dangerOf(changes, "Property 'Budget range' (budget_range) type string → number")).toBe(
      "changing a property's type can drop the values records already hold",
    );
    expect(dangerOf(changes, "Property 'Original source' (lead_source) option 'eBook' (ebook) removed")).toBe(
      "records that hold ebook keep it, but it can no longer be chosen",
    );
  });

  it("owners: a retired owner's records go where retiredOwners says, among the dangerous changes", async () => {
    const changes = await plan((doc) => {
      const index = doc.owners.findIndex((o: Doc) => o.email === "james@acme.test");
      for (const o of doc.owners) if (o.backup === "james@acme.test") o.backup = "lee@acme.test";
      doc.owners.splice(index, 1);
      for (const t of Object.values(doc.teams) as Doc[]) {
        if (t.weights) delete t.weights["james@acme.test"];
        if (t.manager === "james@acme.test") t.manager = "lee@acme.test";
      }
      doc.retiredOwners = [{ email: "james@acme.test", reassignTo: "lee@acme.test" }];
    });
    const retired = changes.find((c) => c.message.startsWith("Owner james@acme.test retired"))!;
    expect(retired.message).toBe(
      "Owner james@acme.test retired: their records move to lee@acme.test, then the user is removed",
    );
    expect(retired.danger).toMatch(/reassigns every contact, company, deal and ticket they own/);
  });

  it("owners: a removed owner says what pointed at them; team, capacity, backup, away, name changes", async () => {
    const changes = await plan((doc) => {
      doc.owners = doc.owners.filter((o: Doc) => o.email !== "lee@acme.test");
      delete doc.teams["enterprise-ae"].weights["lee@acme.test"];
      rule(doc, "enterprise-inbound").sla.onBreach.reassignTo = "backup";
      rule(doc, "fallback").sla.onBreach.escalateTo = "manager";
      owner(doc, "james@acme.test").backup = "enterprise-ae";
      owner(doc, "sam@acme.test").capacity.newLeadsPerDay = 20;
      owner(doc, "sam@acme.test").away = true;
      owner(doc, "sam@acme.test").lastName = "Stone-Lee";
      owner(doc, "david@acme.test").team = "inbound-sdr";
      delete doc.teams["enterprise-ae"].weights["david@acme.test"];
      owner(doc, "david@acme.test").capacity = { newLeadsPerDay: 3 };
      doc.owners.push({
        email: "nina@acme.test",
        firstName: "Nina",
        lastName: "Ross",
        role: "SDR",
        team: "inbound-sdr",
        capacity: { newLeadsPerDay: 10 },
        backup: "sam@acme.test",
      });
    });
    const removed = changes.find((c) => c.message.startsWith("Owner lee@acme.test"))!;
    expect(removed.message).toBe("Owner lee@acme.test deleted");
    expect(removed.details).toEqual([
      "routing rules: enterprise-inbound, demo-request, fallback",
      "teams: enterprise-ae",
      "owners: james@acme.test",
    ]);
    expect(removed.danger).toMatch(/still referenced by 3 routing rules, 1 team and 1 owner/);
    expect(removed.danger).toMatch(
      /the apply stops before any write, with the counts, if they still own contacts, companies, deals or tickets: say where those go with retiredOwners: \[\{ email: lee@acme.test/,
    );
    expect(messages(changes)).toEqual(
      expect.arrayContaining([
        "Owner nina@acme.test created: SDR",
        "Owner sam@acme.test is now away: their work goes to david@acme.test",
        "Owner sam@acme.test last name 'Stone' → 'Stone-Lee'",
        "Owner sam@acme.test new leads per day 25 → 20",
        "Team 'Enterprise AE' (enterprise-ae) member david@acme.test removed from the team (the user stays)",
        "Team 'Inbound SDR' (inbound-sdr) member david@acme.test added",
        "Owner david@acme.test new leads per day set to 3",
        "Owner james@acme.test backup now enterprise-ae (was lee@acme.test)",
        "Team 'Enterprise AE' (enterprise-ae) weight for lee@acme.test removed (was 1)",
        "Routing rule 'enterprise-inbound' on breach reassigns to lee@acme.test → backup",
        "Routing rule 'fallback' on breach escalates to lee@acme.test → manager",
      ]),
    );
  });

  it("teams: added, removed, renamed, manager, strategy, weights", async () => {
    const changes = await plan((doc) => {
      const ae = doc.teams["enterprise-ae"];
      ae.label = "Enterprise";
      ae.manager = "james@acme.test";
      ae.weights["james@acme.test"] = 3;
      doc.teams["inbound-sdr"].strategy = "capacity";
      doc.teams.partners = { label: "Partners", manager: "maria@acme.test" };
    });
    expect(messages(changes)).toEqual([
      "Team 'Enterprise AE' (enterprise-ae) renamed to 'Enterprise'",
      "Team 'Partners' (partners) created: no members",
      "Team 'Inbound SDR' (inbound-sdr) strategy round robin → capacity",
      "Team 'Enterprise' (enterprise-ae) manager now james@acme.test (was david@acme.test)",
      "Team 'Enterprise' (enterprise-ae) weight for james@acme.test 2 → 3",
    ]);
    repo.commit("partners team", {
      "blueprint.yaml": edited((doc) => (doc.teams.partners = { label: "Partners", manager: "maria@acme.test" })),
    });
    try {
      const removed = await plan(() => {});
      expect(messages(removed)).toEqual(["Team 'Partners' (partners) deleted"]);
      expect(removed[0].danger).toBe("deletes the team in HubSpot: its members stay users, without a team");
    } finally {
      repo.commit("back to the fixture", { "blueprint.yaml": FIXTURE });
    }
  });

  it("routing: assignment, conditions, order, SLA, added and removed rules", async () => {
    const changes = await plan((doc) => {
      rule(doc, "enterprise-inbound").assign = { team: "inbound-sdr" };
      rule(doc, "enterprise-inbound").when.all[0].value = 80;
      rule(doc, "enterprise-inbound").sla.firstTouch = "30m";
      rule(doc, "enterprise-inbound").sla.onBreach.notify = ["slack:#sales", "manager"];
      rule(doc, "demo-request").sla.businessHours = false;
      rule(doc, "demo-request").when.all.push({ property: "country", op: "eq", value: "Canada" });
      const [first, second, fallback] = doc.routing;
      doc.routing = [
        second,
        first,
        {
          key: "partner",
          when: { any: [{ property: "lead_source", op: "in", value: ["other", "ebook"] }] },
          assign: { owner: "maria@acme.test" },
        },
        fallback,
      ];
    });
    expect(messages(changes)).toEqual([
      "Routing rule 'partner' added at position 3: when lead_source in [other, ebook] → owner maria@acme.test",
      "Routing rule 'demo-request' condition added: country = Canada",
      "Routing rule 'demo-request' SLA now counts calendar time (was business hours)",
      "Routing rule 'enterprise-inbound' condition hubspotscore ≥ 70 → hubspotscore ≥ 80",
      "Routing rule 'enterprise-inbound' now assigns team inbound-sdr (was enterprise-ae)",
      "Routing rule 'enterprise-inbound' SLA first touch 15m → 30m",
      "Routing rule 'enterprise-inbound' on breach now notifies slack:#sales, manager",
      "Routing rule 'enterprise-inbound' on breach no longer notifies slack:#enterprise-leads",
      "Routing rule 'demo-request' now evaluated first (first match wins)",
    ]);
  });

  it("routing: losing the fallback is dangerous", async () => {
    const changes = await plan((doc) => {
      doc.routing = [];
      doc.reporting.metrics = doc.reporting.metrics.filter((m: Doc) => m.type !== "sla");
    });
    const lost = changes.find((c) => c.message === "Routing has no fallback rule any more")!;
    expect(lost.danger).toBe("leads that match no rule stay unassigned");
    expect(lost.details).toEqual(["'fallback' caught every lead no other rule matched"]);
    expect(messages(changes)).toContain(
      "Routing rule 'enterprise-inbound' removed: its leads go to the next rule that matches",
    );
    expect(messages(changes)).toContain("Routing rule 'fallback' removed");
  });

  it("lifecycle: stages and criteria, handoff", async () => {
    const changes = await plan((doc) => {
      const stages = doc.lifecycle.stages;
      stages[1].criteria.score.gte = 60;
      stages[2].label = "Sales qualified";
      stages[2].criteria.requires = ["budget_range", "lead_source"];
      stages.splice(3, 0, { key: "opportunity", label: "Opportunity" });
      stages.shift();
      doc.lifecycle.handoff.acceptWithin = "1d";
      doc.lifecycle.handoff.onReject.returnTo = "marketingqualifiedlead";
      doc.lifecycle.handoff.onReject.notify = ["slack:#marketing-ops"];
    });
    expect(messages(changes)).toEqual([
      "Lifecycle stage 'Opportunity' added at position 3",
      "Lifecycle stage 'Lead' removed",
      "Lifecycle stage 'MQL' score threshold 50 → 60",
      "Lifecycle stage 'SQL' renamed to 'Sales qualified'",
      "Lifecycle stage 'Sales qualified' now requires lead_source",
      "Handoff accept within 2d → 1d",
      "Handoff rejected leads return to lead → marketingqualifiedlead",
      "Handoff rejection now notifies slack:#marketing-ops",
    ]);
  });

  it("automations: added, removed, disabled, trigger and actions", async () => {
    const changes = await plan((doc) => {
      const prep = doc.automations[0];
      prep.enabled = false;
      prep.on = { stageEntered: { pipeline: "new-business", stage: "proposal" } };
      prep.do.push({ notify: { to: ["slack:#se"], message: "Prep needed" } });
      doc.automations[1] = {
        key: "stalled-nudge",
        on: { stageStalled: { pipeline: "new-business" } },
        do: [{ setProperty: { property: "lead_source", value: "other" } }],
      };
    });
    expect(messages(changes)).toEqual([
      "Automation 'stalled-nudge' added: when a record stalls in new-business → set lead_source = other",
      "Automation 'closed-lost-feedback' removed",
      "Automation 'demo-booked-prep' disabled",
      "Automation 'demo-booked-prep' trigger a record enters new-business/demo → a record enters new-business/proposal",
      "Automation 'demo-booked-prep' now also does: notify slack:#se: 'Prep needed'",
    ]);
  });

  it("reporting: metrics and dashboards", async () => {
    const changes = await plan((doc) => {
      const [conversion, sla, velocity] = doc.reporting.metrics;
      conversion.target = 0.3;
      conversion.from = "discovery";
      velocity.target = "45d";
      doc.reporting.metrics = [
        conversion,
        velocity,
        { key: "stalled", type: "stalledDeals", pipeline: "new-business", target: 5 },
      ];
      doc.reporting.dashboards[0].metrics = ["demo-to-win", "stalled"];
      doc.reporting.dashboards.push({ key: "speed", label: "Speed", metrics: ["sales-cycle"] });
      void sla;
    });
    // Without the SLA metric, the contact timestamps it measured go; the stalled metric reads the stage entries too.
    expect(messages(changes.filter((c) => c.section === "properties"))).toEqual([
      "Property groups: Group 'revstack instrumentation' (revstack_instrumentation) for contacts deleted",
      "Contact properties: Property 'Assigned at' (revstack_assigned_at) deleted",
      "Contact properties: Property 'First touch at' (revstack_first_touch_at) deleted",
      "Contact properties: Property 'Routing rule' (revstack_routing_rule) deleted",
      ...["demo", "discovery", "lost", "proposal", "won"].map(
        (key) =>
          `Deal properties: Property 'Entered ${ENTERED[key]} (New Business)' (revstack_entered_new_business_${key}) description ` +
          "'Set by revstack; measured by: demo-to-win, sales-cycle' → 'Set by revstack; measured by: demo-to-win, sales-cycle, stalled'",
      ),
    ]);
    expect(messages(changes.filter((c) => c.section !== "properties"))).toEqual([
      "Metric 'stalled' added: stalled deals in new-business, target at most 5",
      "Metric 'enterprise-first-touch' removed (was SLA compliance of rule enterprise-inbound, target 95%)",
      "Metric 'Demo → Won' (demo-to-win) now measures conversion in new-business discovery → won (was conversion in new-business demo → won)",
      "Metric 'Demo → Won' (demo-to-win) target 25% → 30%",
      "Metric 'sales-cycle' target at most 60d → at most 45d",
      "Dashboard 'Speed' added: sales-cycle",
      "Dashboard 'Funnel health' now shows stalled",
      "Dashboard 'Funnel health' no longer shows sales-cycle",
    ]);
  });

  it("blueprint settings and targets", async () => {
    const changes = await plan((doc) => {
      doc.metadata.currency = "EUR";
      doc.metadata.labels = { owner: "revops" };
      delete doc.targets.automation;
    });
    expect(messages(changes)).toEqual([
      "Blueprint currency USD → EUR",
      "Blueprint label owner set to 'revops'",
      "Blueprint automation platform removed (was n8n): routing and automations are no longer applied",
    ]);
  });
});
