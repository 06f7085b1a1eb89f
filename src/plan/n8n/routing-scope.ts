import type { Blueprint } from "../../blueprint/model";
import { scopeValue } from "../../blueprint/scope";
import { ifTrue } from "./nodes";
import { respond } from "./callers";
import { answerOf } from "./rate-limits";
import type { WorkflowBuilder } from "./workflow-builder";

/**
 * A business unit's routing webhook routes only its unit's leads (the blueprint's `scope`): a lead whose scope
 * property holds another value, or none, is answered with why and left as it is (no owner, no routing log row, no
 * SLA timer), so the same lead posted to every unit's webhook (a HubSpot subscription per stack) is routed once, by
 * its own unit, and a lead given its unit later is routed when it is sent again (or swept). Nothing is written, so a
 * re-delivery gets the same answer. Values compare as HubSpot compares text, case-insensitively.
 *
 * Connects `read` (the node whose answer is the lead) to the check; returns the node whose output 0 carries an
 * in-unit lead on, or `read` itself for a stack without a scope.
 */
export function addUnitCheck(wf: WorkflowBuilder, bp: Blueprint, read: string, lead: string, column: number): string {
  const scope = bp.scope;
  if (!scope) return read;
  const value = `String((${answerOf(lead)}.properties || {})[${JSON.stringify(scope.property)}] ?? "")`;
  const check = wf.add(
    ifTrue("In this unit?", `${value}.toLowerCase() === ${JSON.stringify(scopeValue(scope.value))}`),
    column,
  );
  const id = `${answerOf(lead)}.id`;
  const ours = JSON.stringify(String(scope.value));
  const property = JSON.stringify(scope.property);
  const reason =
    `(${value} === "" ? "lead " + ${id} + " has no " + ${property} + ", and this stack routes only business unit " + ` +
    `${ours} + "'s leads: set its " + ${property} + " and send it again" : "lead " + ${id} + " belongs to business ` +
    `unit " + ${value} + ", not this stack's " + ${ours} + ": left for that unit's routing")`;
  const answer = wf.add(
    respond(
      "Answer: not this unit's lead",
      200,
      `{ acknowledged: true, leadId: ${id}, routed: false, reason: ${reason} }`,
    ),
    column + 1,
    1,
  );
  wf.connect(read, check).connect(check, answer, 1);
  return check;
}
