/**
 * `revstack plan` words a HubSpot workflow's changes step by step, through its kind (src/kinds/hubspot-workflow.ts):
 * a delay, a step added after another, a step removed, a trigger, enrollment conditions (list membership too), a rename, and switching it
 * off as a danger.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hubspotWorkflowDocs } from "../../src/kinds/hubspot-workflow.docs";
import { planBlueprint } from "../../src/review/plan";
import { scoped, type Change } from "../../src/words/change";
import { Doc, edited, TempRepo } from "./git-repo";

const BASE = hubspotWorkflowDocs.example;
let repo: TempRepo;

beforeAll(() => {
  repo = new TempRepo();
  repo.commit("blueprint", { "blueprint.yaml": BASE });
});
afterAll(() => repo.remove());

async function plan(edit: (doc: Doc) => void): Promise<Change[]> {
  const file = repo.write("blueprint.yaml", edited(edit, BASE));
  const outcome = await planBlueprint(file);
  expect(outcome.diagnostics.map((d) => `${d.line}:${d.column} ${d.message}`)).toEqual([]);
  return outcome.review!.changes;
}

const flow = (doc: Doc) => doc.hubspotWorkflows["lead-nurture"];
const W = "HubSpot workflow 'Lead nurture'";

describe("revstack plan: HubSpot workflows in words", () => {
  it("a delay, a step added after another, a step removed", async () => {
    const changes = await plan((doc) => {
      const steps = flow(doc).steps;
      steps[1].delay = "3d";
      steps.splice(1, 0, { createTask: { title: "Call the champion" } });
      steps.pop();
    });
    expect(changes.map(scoped)).toEqual(
      expect.arrayContaining([
        expect.stringContaining(`${W}: delay 2d → 3d`),
        expect.stringContaining(`${W}: action 'Create task' added after 'Set hs_priority'`),
        expect.stringContaining(`${W}: action 'Send internal email' removed`),
      ]),
    );
    expect(changes.every((c) => !c.danger)).toBe(true);
  });

  it("a trigger, a step's property value, a rename", async () => {
    const changes = await plan((doc) => {
      flow(doc).trigger = { stageEntered: { pipeline: "new-business", stage: "won" } };
      flow(doc).steps[0].setProperty.value = "low";
      flow(doc).name = "Deal nurture";
    });
    const lines = changes.map(scoped).join("\n");
    expect(lines).toContain("trigger stage entered new-business/demo → stage entered new-business/won");
    expect(lines).toContain("action 'Set hs_priority': set hs_priority to 'high' → set hs_priority to 'low'");
    expect(lines).toContain("HubSpot workflow 'Lead nurture' renamed to 'Deal nurture'");
  });

  it("enrollment conditions, a stage moved to, a task's due time and priority", async () => {
    const changes = await plan((doc) => {
      flow(doc).when = { all: [{ property: "amount", op: "gte", value: 1000 }] };
      flow(doc).steps.splice(1, 0, { moveStage: { pipeline: "new-business", stage: "won" } });
      flow(doc).steps.push({ createTask: { title: "Call", due: "2d", priority: "high" } });
    });
    const lines = changes.map(scoped).join("\n");
    expect(lines).toContain(`${W}: enrolls only when (any record) → amount gte 1000`);
    expect(lines).toContain(`${W}: action 'Move stage' added after 'Set hs_priority'`);
    expect(lines).toContain(`${W}: action 'Create task' added after 'Send internal email'`);
  });

  it("list membership in the enrollment conditions", async () => {
    const changes = await plan((doc) => {
      doc.lists = { "big-deals": { name: "Big deals", object: "deals", type: "manual" } };
      flow(doc).when = {
        all: [
          { list: "big-deals", op: "in" },
          { property: "amount", op: "gte", value: 1000 },
        ],
      };
    });
    const lines = changes.map(scoped).join("\n");
    expect(lines).toContain(`${W}: enrolls only when (any record) → in list big-deals and amount gte 1000`);
  });

  it("switching a workflow off is a danger", async () => {
    const changes = await plan((doc) => (flow(doc).enabled = false));
    const off = changes.find((c) => c.message.includes("switched off"));
    expect(off?.message).toBe(`${W} switched off (was on)`);
    expect(off?.danger).toContain("HubSpot enrolls no record in it");
  });
});
