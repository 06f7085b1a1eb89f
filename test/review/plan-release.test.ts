/**
 * `revstack plan` words a release as a release where it can know an object was adopted (the project's stack config
 * names it in revstack:adoptObjects), words a `delete:` entry as a delete from HubSpot, and otherwise says that
 * adopted objects are released, not deleted.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { scoped } from "../../src/words/change";
import { planBlueprint } from "../../src/review/plan";
import { Doc, edited, FIXTURE, TempRepo } from "./git-repo";

let repo: TempRepo;

beforeAll(() => {
  repo = new TempRepo();
  repo.commit("project", {
    "Pulumi.yaml": "name: t\nruntime: nodejs\nstackConfigDir: stacks\n",
    "stacks/Pulumi.dev.yaml":
      "config:\n  revstack:blueprint: blueprints/blueprint.yaml\n  revstack:adoptObjects:\n    - property:contacts/budget_range\n",
    "blueprints/blueprint.yaml": FIXTURE,
  });
});
afterAll(() => repo.remove());

async function plan(edit: (doc: Doc) => void) {
  const file = repo.write("blueprints/blueprint.yaml", edited(edit));
  const outcome = await planBlueprint(file);
  expect(outcome.diagnostics).toEqual([]);
  return outcome.review!;
}

const withoutBudget = (doc: Doc) => delete doc.properties.contacts.budget_range;
const withoutLossReason = (doc: Doc) => delete doc.properties.deals.loss_reason;

describe("revstack plan: release and delete of adopted objects", () => {
  it("an object a stack adopted by key is released, not deleted, and is not dangerous", async () => {
    const review = await plan(withoutBudget);
    const change = review.changes.find((c) => c.message.includes("budget_range"))!;
    expect(scoped(change)).toBe(
      "Contact properties: Property 'Budget range' (budget_range) released: this stack forgets it, HubSpot keeps it as it is",
    );
    expect(change.details).toEqual(['adopted by stack "dev"']);
    expect(change.action).toBe("release");
    expect(change.danger).toBeUndefined();
    // Its contacts group goes with it (no contact property is left in it), and no stack config names the group.
    expect(review.changes.map(scoped)).toContain(
      "Property groups: Group 'Qualification' (revstack_qualification) for contacts deleted",
    );
    expect((review.notes ?? []).join("\n")).toMatch(/an adopted object that leaves the blueprint is released/);
  });

  it("an object the plan cannot place is deleted, with a note that adopted objects are released instead", async () => {
    const review = await plan(withoutLossReason);
    const change = review.changes.find((c) => c.message.includes("loss_reason"))!;
    expect(change.message).toBe("Property 'Loss reason' (loss_reason) deleted");
    expect(change.danger).toMatch(/deletes the property/);
    expect((review.notes ?? []).join("\n")).toMatch(
      /an adopted object that leaves the blueprint is released \(the stack forgets it, HubSpot keeps it as it is\), not deleted, unless the blueprint's delete: list names it/,
    );
  });

  it("an adopted object the delete: list names is deleted from HubSpot, flagged as dangerous", async () => {
    const review = await plan((doc) => {
      withoutBudget(doc);
      doc.delete = ["property:contacts/budget_range"];
    });
    const messages = review.changes.map(scoped);
    expect(messages).toContain(
      "Contact properties: Property 'Budget range' (budget_range) deleted from HubSpot: adopted, and the blueprint's delete: list names it",
    );
    expect(review.changes.find((c) => c.message.includes("(budget_range) deleted"))?.danger).toMatch(
      /deletes the property/,
    );
    expect(messages.some((m) => /delete: list now names .*property:contacts\/budget_range/.test(m))).toBe(true);
  });
});
