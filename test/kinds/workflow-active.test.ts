/**
 * A workflow switched off is a dangerous change in every review: in preview (the blueprint would switch it off) and
 * in drift (someone switched it off in n8n, read live → blueprint), routing or automations stop silently.
 */
import { describe, expect, it } from "vitest";
import { workflowKind } from "../../src/kinds/workflow";
import { Changes } from "../../src/words/changes";

function activeChange(key: string, was: boolean, now: boolean) {
  const changes = new Changes();
  const base = { key, definition: { name: key, nodes: [], connections: {} }, tag: "revstack" };
  workflowKind.words.extra?.(
    { ...base, active: was } as never,
    { ...base, active: now } as never,
    changes.in("automations"),
  );
  return changes.list;
}

describe("a workflow's activation", () => {
  it.each([
    ["routing", "no new lead is routed to an owner"],
    ["sla-timers", "no SLA is checked and no lead is reassigned or escalated"],
    ["automation-signup", "its automation does not fire"],
  ])("%s switched on or off is dangerous, saying what stops", (key, stops) => {
    for (const [was, now] of [
      [true, false],
      [false, true],
    ]) {
      const [change] = activeChange(key, was, now);
      expect(change.message).toBe(
        `Workflow '${key}' now ${now ? "active" : "inactive"} (was ${was ? "active" : "inactive"})`,
      );
      expect(change.danger).toBe(`while it is inactive, ${stops}`);
    }
  });

  it("an unchanged activation is no change", () => {
    expect(activeChange("routing", true, true)).toEqual([]);
  });
});
