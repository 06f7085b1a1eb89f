import { code, type N8nTarget } from "./nodes";
import { signedPost } from "./callers";
import type { WorkflowBuilder } from "./workflow-builder";

/**
 * Starts the SLA timers of one execution's decisions (`decisions`: an n8n expression for a list of them) with one
 * signed call into the SLA timers workflow, whatever their number: a batch of 100 leads is one call and one waiting
 * execution there, not 100 competing for n8n's cores. A lead routed before keeps the timer its first delivery
 * started, and an unrouted lead has none, so neither is sent; nothing is called when no lead needs a timer.
 * Each timer carries only what the breach check reads. Returns the first node, to connect into.
 */
export function addSlaTimersStart(
  wf: WorkflowBuilder,
  target: N8nTarget,
  slaPath: string,
  decisions: string,
  column: number,
  row = 0,
): string {
  const timers = wf.add(
    code(
      "SLA timers to start",
      `const timers = ${decisions}.filter((d) => d && !d.alreadyRouted && !d.unrouted && d.sla)` +
        `.map((d) => ({ contactId: d.contactId, ownerId: d.ownerId, owner: d.owner, rule: d.rule, sla: d.sla }));\n` +
        `return timers.length ? [{ json: { timers } }] : [];\n`,
    ),
    column,
    row,
  );
  const start = wf.addChain(signedPost(target, "Start the SLA timers", slaPath, "$json"), column + 1, row);
  wf.connect(timers, start.first);
  return timers;
}
