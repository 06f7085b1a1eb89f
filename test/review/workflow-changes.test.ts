/**
 * Workflow changes in preview and drift, in words: each blueprint edit is compiled twice and handed to the review
 * as the engine hands over an update step (old outputs, new inputs). The real engine's run is in
 * test/review/preview-n8n.test.ts.
 */
import { describe, expect, it } from "vitest";
import type { Blueprint, Condition } from "../../src/blueprint/model";
import { compileN8n, type CompiledWorkflow, type N8nTarget } from "../../src/plan/n8n";
import { scoped } from "../../src/words/change";
import type { PreviewDigest } from "../../src/review/engine/digest";
import { reviewDigest } from "../../src/review/engine/review";
import { fakeCrmIds, loadValid, fakeCallers } from "../support/compile";

const target = (bp: Blueprint): N8nTarget => ({
  crmBaseUrl: "http://127.0.0.1:18080",
  crmCredential: { id: "cred-1", name: "revstack crm" },
  callers: fakeCallers,
  n8nBaseUrl: "http://127.0.0.1:5678",
  crmIds: fakeCrmIds(bp),
});

const urn = (key: string) =>
  `urn:pulumi:dev::revstack::revstack:index:Blueprint$pulumi-nodejs:dynamic/n8n:Workflow::workflow.${key}`;
const state = (w: CompiledWorkflow) => ({
  urn: urn(w.key),
  type: "pulumi-nodejs:dynamic/n8n:Workflow",
  inputs: { key: w.key, active: w.active, definition: w.definition },
});

/** The update steps the engine would report: workflows whose definition differs. */
function digestOf(before: CompiledWorkflow[], after: CompiledWorkflow[]): PreviewDigest {
  const steps = after.map((w) => {
    const old = before.find((b) => b.key === w.key)!;
    const same = JSON.stringify(old) === JSON.stringify(w);
    return {
      op: same ? "same" : "update",
      urn: urn(w.key),
      oldState: { ...state(old), outputs: { ...state(old).inputs, tagged: true, versionId: "v1" } },
      newState: state(w),
    };
  });
  return { steps };
}

const review = async (edit: (bp: Blueprint) => void) => {
  const bp = await loadValid("blueprints/base.yaml");
  const before = compileN8n(bp, target(bp));
  edit(bp);
  return reviewDigest(digestOf(before, compileN8n(bp, target(bp))), { title: "preview", mode: "preview" }).changes.map(
    scoped,
  );
};

describe("workflow changes in words", () => {
  it("one routing rule's condition and SLA: exactly that rule's change, in the words of revstack plan", async () => {
    const changes = await review((bp) => {
      const rule = bp.routing.find((r) => r.key === "enterprise-inbound")!;
      const size = rule.when!.all!.find((c) => "property" in c && c.property === "company_size") as Condition;
      size.value = 500;
      rule.sla!.firstTouch = "30m";
    });
    const subject =
      "n8n: routing and SLA timers: Workflow 'revstack acme-base: routing' nodes 'Choose the owner' and 'Choose the owners' changed:";
    expect(changes).toEqual([
      `${subject} routing rule 'enterprise-inbound' condition company_size ≥ 1000 → company_size ≥ 500`,
      `${subject} routing rule 'enterprise-inbound' SLA first touch 15m → 30m`,
    ]);
  });

  it("an owner's capacity: the owner and setting by name, in routing and in the automation that assigns", async () => {
    const changes = await review((bp) => {
      bp.owners.find((o) => o.email === "emma.johnson@acme.test")!.capacity = { newLeadsPerDay: 7 };
    });
    expect(changes.length).toBeGreaterThan(0);
    for (const c of changes) expect(c).toMatch(/changed: owner emma\.johnson@acme\.test capacity (\d+|nothing) → 7$/);
  });

  it("an automation's notify message: the action by number and what it says now", async () => {
    const changes = await review((bp) => {
      const a = bp.automations.find((x) => x.do.some((d) => d.notify))!;
      a.do.find((d) => d.notify)!.notify!.message = "New text for {{deal.dealname}}";
    });
    const subject = "n8n: automations: Workflow 'revstack acme-base: automation-sla-breach-escalation' node";
    expect(changes).toEqual([
      `${subject} 'Prepare the actions' changed: action 2 (notify) message 'First-touch SLA breached for {{contact.email}}' → 'New text for {{deal.dealname}}'`,
      `${subject} 'Read the contact' changed: now also reads dealname`,
    ]);
  });

  it("an SLA breach message: the rule whose message changed", async () => {
    const changes = await review((bp) => {
      const rule = bp.routing.find((r) => r.key === "enterprise-inbound")!;
      rule.sla!.onBreach = { ...rule.sla!.onBreach, message: "Late: {{contact.email}}" };
    });
    expect(changes).toContain(
      "n8n: routing and SLA timers: Workflow 'revstack acme-base: sla-timers' node 'Breached?' changed: SLA breach message for rule enterprise-inbound " +
        "'SLA breached: {{contact.firstname}} {{contact.lastname}} <{{contact.email}}> (routing rule {{rule}}) was not touched by {{owner}} within {{firstTouch}}, due {{dueAt}}.' → 'Late: {{contact.email}}'",
    );
  });

  it("a stage probability: nothing in n8n", async () => {
    expect(await review((bp) => (bp.pipelines["new-business"].stages[1].probability = 0.3))).toEqual([]);
  });
});
