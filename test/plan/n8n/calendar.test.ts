// Working calendars in a real n8n: the routing Code node compiled from a blueprint with holidays, a dated absence and
// owners in London and New York sets the hand-computed SLA due times when n8n runs it, and a lead routed through the
// applied workflows gets the due time the report's calendar code computes.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ownerCalendar, workingDue } from "../../../src/blueprint/calendar";
import { slaDuration } from "../../../src/blueprint/duration";
import { compileN8n } from "../../../src/plan/n8n";
import { code, webhook } from "../../../src/plan/n8n/nodes";
import { WorkflowBuilder } from "../../../src/plan/n8n/workflow-builder";
import { findN8nInstall } from "../../../src/runtime/n8n-install";
import { calendarBlueprint as bp, calendarCases } from "../../support/calendar-cases";
import { startHarness, type Harness } from "../../support/n8n-harness";

const install = findN8nInstall();
const skip = !install.complete && !process.env.CI;
if (skip) console.warn(`n8n calendar tests skipped: n8n ${install.version} not installed; run npm run setup:n8n`);

/**
 * A workflow that runs the compiled "Choose the owner" code as compiled (config, calendar and routing text), with
 * its last lines, which read the owners and the routing log and replay it through route(), replaced by one route() call
 * per case.
 */
function caseRunner(compiledCode: string, owners: Array<{ id: string; email: string }>) {
  const cut = compiledCode.indexOf("const owners = $('Read the owners')");
  if (cut < 0) throw new Error("the compiled routing code no longer reads the owners as this test expects");
  const driver =
    `const cases = ${JSON.stringify(calendarCases)};\n` +
    `const owners = ${JSON.stringify(owners)};\n` +
    `return [{ json: { decisions: cases.map((c) => route(config, { id: "L", properties: { case: c.lead } }, owners, {}, Date.parse(c.at))) } }];\n`;
  const wf = new WorkflowBuilder("calendar-cases");
  wf.chain(
    wf.add(webhook("Cases", "test/calendar-cases", "lastNode"), 0),
    wf.add(code("Choose the owner", compiledCode.slice(0, cut) + driver), 1),
  );
  return wf.build("calendar-test", { executionOrder: "v1" });
}

/** n8n registers an activated workflow's production webhook shortly after answering: up to 20 tries, 250 ms apart. */
async function postWhenServed(url: string): Promise<Response> {
  for (let i = 0; ; i++) {
    const res = await fetch(url, {
      method: "POST",
      body: "{}",
      headers: { "content-type": "application/json" },
      signal: AbortSignal.timeout(30_000),
    });
    if (res.status !== 404 || i >= 19) return res;
    await new Promise((ok) => setTimeout(ok, 250));
  }
}

describe.skipIf(skip)("working calendars in a real n8n", () => {
  let h: Harness;

  beforeAll(async () => {
    h = await startHarness({ owners: bp.owners.map((o) => o.email), contactProperties: [["case", "string", "text"]] });
    await h.apply(bp);
  }, 240_000);
  afterAll(async () => h?.stop());

  it("the compiled routing code sets the hand-computed SLA due times across a weekend, holidays and an absence", async () => {
    const routing = compileN8n(bp, h.target).find((w) => w.key === "routing")!;
    const compiledCode = routing.definition.nodes.find((n) => n.name === "Choose the owner")!.parameters
      .jsCode as string;
    const owners = bp.owners.map((o) => ({ id: h.ownerId(o.email)!, email: o.email }));
    const created = await h.client.createWorkflow(caseRunner(compiledCode, owners));
    await h.client.activateWorkflow(created.id);
    const res = await postWhenServed(h.client.webhookUrl("test/calendar-cases"));
    expect(res.status).toBe(200);
    const { decisions } = (await res.json()) as {
      decisions: Array<{ rule: string; owner: string; sla: { dueAt: string } }>;
    };
    expect(decisions.map((d) => [d.rule, d.owner, d.sla.dueAt])).toEqual(
      calendarCases.map((c) => [c.rule, c.owner, c.due]),
    );
  }, 60_000);

  it("a lead routed through the applied workflows is due when the report's calendar code says", async () => {
    const lead = await h.newLead({ email: "cal-lead@example.test", case: "ben-4h" });
    const before = Date.now();
    const decision = await h.routeLead(bp, lead);
    const after = Date.now();
    expect(decision).toMatchObject({ rule: "to-ben-4h", owner: "ben@x.test" });
    // n8n read the clock somewhere between the two: working time only moves the due time forward.
    const calendar = ownerCalendar(
      bp,
      bp.owners.find((o) => o.email === "ben@x.test")!,
    );
    const due = Date.parse(decision.sla.dueAt);
    expect(due).toBeGreaterThanOrEqual(workingDue(calendar, before, slaDuration("4h"))!);
    expect(due).toBeLessThanOrEqual(workingDue(calendar, after, slaDuration("4h"))!);
  }, 60_000);
});
