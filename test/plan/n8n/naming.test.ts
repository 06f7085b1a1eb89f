import { fakeCallers } from "../../support/compile";
// One naming scheme for managed workflows: n8n's name is "revstack <blueprint>: <resource key>", the key that
// `pulumi preview` shows as workflow.<key>. Renaming from the old names is an in-place update of the same resource.
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { loadBlueprint } from "../../../src/blueprint";
import { compileN8n } from "../../../src/plan/n8n";
import { diff } from "../../../providers/workflow";

const base = async () => (await loadBlueprint(path.resolve(__dirname, "../../../blueprints/base.yaml"))).blueprint!;

/** Compiles base.yaml with its keys standing in for CRM ids (the names do not depend on them). */
async function compiled() {
  const bp = await base();
  const pipelines = Object.fromEntries(
    Object.entries(bp.pipelines).map(([key, p]) => [
      key,
      { id: key, stages: Object.fromEntries(p.stages.map((s) => [s.key, s.key])) },
    ]),
  );
  return compileN8n(bp, {
    crmBaseUrl: "http://127.0.0.1:1",
    crmCredential: { id: "c1", name: "crm" },
    callers: fakeCallers,
    n8nBaseUrl: "http://127.0.0.1:2",
    crmIds: { pipelines },
  });
}

describe("workflow names", () => {
  it("every compiled workflow is named after its resource key", async () => {
    const all = await compiled();
    expect(all.length).toBeGreaterThan(3);
    for (const w of all) expect(w.definition.name).toBe(`revstack acme-base: ${w.key}`);
    expect(all.map((w) => w.key)).toEqual(
      expect.arrayContaining(["routing", "sla-timers", "automation-stalled-deal-nudge"]),
    );
  });

  it("a workflow stored under its old name is updated in place, never replaced", async () => {
    const routing = (await compiled()).find((w) => w.key === "routing")!;
    const news = { key: routing.key, definition: routing.definition, active: true, tag: "managed-by-revstack" };
    const olds = {
      ...news,
      definition: { ...routing.definition, name: "revstack acme-base: lead routing" },
      tagged: true,
      versionId: "v1",
    };
    const result = await diff("wf-1", olds, news);
    expect(result).toEqual({ changes: true });
    expect(result.replaces ?? []).toEqual([]);
    expect(result.deleteBeforeReplace).toBeUndefined();
  });
});
