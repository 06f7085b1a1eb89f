import { code, waitUntil, type N8nTarget } from "./nodes";
import { signedPost } from "./callers";
import type { WorkflowBuilder } from "./workflow-builder";

/** A row below the routing workflow's other branches (the batch's rows included). */
const BELOW_EVERY_BRANCH = 12;

/**
 * Starts the SLA timers of one execution's decisions (`decisions`: an n8n expression for a list of them). The
 * execution waits until the earliest of their due times, then hands them all to the SLA timers workflow with one
 * signed call, whatever their number: a batch of 100 leads is one wait and one call, not 100 competing for n8n's
 * cores. The call is made when the first is due, not when the leads are routed: the SLA timers workflow's signed
 * entry is about a third of n8n's work per routing request, and under a burst it ran beside the requests still
 * waiting for their owners (bench/routing.ts). A lead routed before keeps the timer its first delivery started, and an
 * unrouted lead has none, so neither is sent; nothing waits when no lead needs a timer. Each timer carries only
 * what the breach check reads. The nodes sit below every other branch after the answer: n8n runs the topmost branch
 * first and a wait holds the ones after it (the batch's decisions must be recorded at once). Returns the first node,
 * to connect into.
 */
export function addSlaTimersStart(
  wf: WorkflowBuilder,
  target: N8nTarget,
  slaPath: string,
  decisions: string,
  column: number,
  row = BELOW_EVERY_BRANCH,
): string {
  const timers = wf.add(
    code(
      "SLA timers to start",
      `const timers = ${decisions}.filter((d) => d && !d.alreadyRouted && !d.unrouted && d.sla)` +
        `.map((d) => ({ contactId: d.contactId, ownerId: d.ownerId, owner: d.owner, rule: d.rule, sla: d.sla }));\n` +
        `const first = Math.min(...timers.map((t) => Date.parse(t.sla.dueAt)));\n` +
        `return timers.length ? [{ json: { timers, firstDue: new Date(first).toISOString() } }] : [];\n`,
    ),
    column,
    row,
  );
  const wait = wf.add(waitUntil("Wait for the first SLA due", "={{ $json.firstDue }}"), column + 1, row);
  const start = wf.addChain(
    signedPost(target, "Start the SLA timers", slaPath, "{ timers: $json.timers }"),
    column + 2,
    row,
  );
  wf.chain(timers, wait, start.first);
  return timers;
}
