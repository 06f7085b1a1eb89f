import type { Blueprint, Scope } from "../../blueprint/model";
import { scopeValue } from "../../blueprint/scope";
import { code, ifTrue, type N8nTarget } from "./nodes";
import { respond } from "./callers";
import { fireOnce } from "./event-log";
import { sendNotification } from "./notify";
import { notifiesUnrouted, unroutedNotice } from "./unrouted";
import { answerOf } from "./rate-limits";
import type { WorkflowBuilder } from "./workflow-builder";

/** The lead's value of the scope property, as text ("" when it has none); `lead` is an expression of the lead. */
const unitValue = (scope: Scope, lead: string) =>
  `String((${lead}.properties || {})[${JSON.stringify(scope.property)}] ?? "")`;

/** An expression: the lead (`{ id, properties }`) is the unit's, compared as HubSpot compares text. */
export const inUnit = (scope: Scope, lead: string) =>
  `${unitValue(scope, lead)}.toLowerCase() === ${JSON.stringify(scopeValue(scope.value))}`;

/** An expression: why the unit's routing leaves the lead (another unit's, or none). */
export function notThisUnit(scope: Scope, lead: string): string {
  const [value, ours, property] = [
    unitValue(scope, lead),
    JSON.stringify(String(scope.value)),
    JSON.stringify(scope.property),
  ];
  return (
    `(${value} === "" ? "lead " + ${lead}.id + " has no " + ${property} + ", and this stack routes only business unit " + ` +
    `${ours} + "'s leads: set its " + ${property} + " and send it again" : "lead " + ${lead}.id + " belongs to business ` +
    `unit " + ${value} + ", not this stack's " + ${ours} + ": left for that unit's routing")`
  );
}

/**
 * A business unit's routing webhook routes only its unit's leads (the blueprint's `scope`): a lead whose scope
 * property holds another value, or none, is answered with why and left as it is (no owner, no routing log row, no
 * SLA timer), so the same lead posted to every unit's webhook (a HubSpot subscription per stack) is routed once, by
 * its own unit, and a lead given its unit later is routed when it is sent again (or swept). Nothing is written, so a
 * re-delivery gets the same answer; a lead with no unit at all is told of, once (tellOfNoUnit).
 *
 * Connects `read` (the last node of the CRM call `lead`, whose answer is the lead) to the check; returns the node
 * whose output 0 carries an in-unit lead on, or `read` itself for a stack without a scope.
 */
export function addUnitCheck(
  wf: WorkflowBuilder,
  bp: Blueprint,
  target: N8nTarget,
  read: string,
  lead: string,
  column: number,
): string {
  if (!bp.scope) return read;
  const answered = answerOf(lead);
  const check = wf.add(ifTrue("In this unit?", inUnit(bp.scope, answered)), column);
  const answer = wf.add(
    respond(
      "Answer: not this unit's lead",
      200,
      `{ acknowledged: true, leadId: ${answered}.id, routed: false, reason: ${notThisUnit(bp.scope, answered)} }`,
    ),
    column + 1,
    1,
  );
  wf.connect(read, check).connect(check, answer, 1);
  if (notifiesUnrouted(bp)) tellOfNoUnit(wf, bp, bp.scope, target, answer, answered, column + 2);
  return check;
}

/** The node the routing workflow's answers to out-of-unit leads (one lead, and a batch) lead to when it tells of them. */
export const NO_UNIT = "The leads without a unit";

/**
 * A lead with no value for the scope property is no unit's: no scoped stack routes it, so none may leave it unseen.
 * After the answer (to one lead, or to HubSpot's batch: ./routing-batch.ts), the people the blueprint names for
 * unrouted leads (./unrouted.ts) are told which lead and why, once per lead: the notice is claimed in the
 * automation log (./event-log.ts) by the lead's id, so a re-delivery, or the same lead posted again, tells nobody
 * twice. The lead is not routed and nothing else is written. A lead of another unit stays silent: it is that unit's
 * stack's to route.
 */
function tellOfNoUnit(
  wf: WorkflowBuilder,
  bp: Blueprint,
  scope: Scope,
  target: N8nTarget,
  answer: string,
  lead: string,
  column: number,
) {
  const leads = `($('Sort the leads').isExecuted ? ${answerOf("Read the leads")}.results || [] : [${lead}])`;
  const none = wf.add(
    code(
      NO_UNIT,
      `return ${leads}.filter((l) => ${unitValue(scope, "l")} === "").map((l) => ` +
        `({ json: { event: "no-unit:" + l.id, contactId: String(l.id), reason: ${notThisUnit(scope, "l")} } }));\n`,
    ),
    column,
    1,
  );
  const once = fireOnce(wf, bp, "routing", none, column + 1);
  const notice = wf.add(
    code(
      "Who hears of the leads without a unit",
      `${unroutedNotice(bp)}\nreturn $input.all().map((i) => ({ json: notice({ contactId: i.json.contactId, ` +
        `unrouted: i.json.reason, considered: [], logged: false }) }));\n`,
    ),
    once.column,
    1,
  );
  // A notification that cannot be sent must not fail the execution: the caller has its answer already.
  const chain = sendNotification(bp, target, "Tell them of the leads without a unit", "$json");
  const send = wf.addChain(
    [...chain.slice(0, -1), { ...chain[chain.length - 1], onError: "continueRegularOutput" as const }],
    once.column + 1,
    1,
  );
  wf.chain(answer, none).chain(once.last, notice, send.first);
}
