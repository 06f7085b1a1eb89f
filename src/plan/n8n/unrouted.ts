import type { Blueprint } from "../../blueprint/model";
import { code, type N8nTarget } from "./nodes";
import { respond } from "./callers";
import { expandTeams, sendNotification } from "./notify";
import type { WorkflowBuilder } from "./workflow-builder";

/**
 * A lead routing could not assign (every candidate away with no backup free, or not an owner in the CRM) is never
 * left silently: its row in the routing log records the reason and the candidates (`revstack routing log`), the
 * people the rule's `onUnrouted.notify` names are told (the first rule tried that names some, else the last rule's,
 * else everyone an `onUnrouted` names),
 * through the notifications workflow's authenticated internal webhook, and the caller is answered `unrouted`. The
 * lead stays without an owner: a later delivery, or the sweep when the stack runs one, routes it again.
 */
export function addUnroutedBranch(wf: WorkflowBuilder, bp: Blueprint, target: N8nTarget, from: string, column: number) {
  const decision = "$('Choose the owner').first().json";
  const answer = wf.add(
    respond(
      "Answer unrouted",
      200,
      `Object.assign({ acknowledged: true, leadId: ${decision}.contactId, unrouted: true }, ` +
        `$('Well-formed?').first().json.via === "secret" ? { reason: ${decision}.unrouted } : {})`,
    ),
    column + 4,
    1,
  );
  if (!notifiesUnrouted(bp)) {
    wf.connect(from, answer, 1);
    return;
  }
  const notice = wf.add(
    code("Who hears of it", `${unroutedNotice(bp)}\nreturn [{ json: notice(${decision}) }];\n`),
    column,
    1,
  );
  // A notification that cannot be sent must not stop the answer: the lead is in the log either way.
  const chain = sendNotification(bp, target, "Tell them the lead is unrouted", "$json");
  const post = { ...chain[chain.length - 1], onError: "continueRegularOutput" as const };
  const send = wf.addChain([...chain.slice(0, -1), post], column + 1, 1);
  wf.connect(from, notice, 1).chain(notice, send.first).chain(send.last, answer);
}

/** Who hears of leads routing could not assign, per rule: the people the rules' `onUnrouted.notify` name. */
const unroutedTargets = (bp: Blueprint) =>
  Object.fromEntries(bp.routing.flatMap((r) => (r.onUnrouted ? [[r.key, expandTeams(bp, r.onUnrouted.notify)]] : [])));

export const notifiesUnrouted = (bp: Blueprint) => Object.keys(unroutedTargets(bp)).length > 0;

/** Code defining `notice(d)`: the notification of the unrouted decision `d`, to the people it goes to. */
export function unroutedNotice(bp: Blueprint): string {
  const subject = JSON.stringify(`revstack ${bp.metadata.name}: a lead could not be routed`);
  return [
    `const notify = ${JSON.stringify(unroutedTargets(bp))};`,
    `function notice(d) {`,
    `const tried = (d.considered || []).map((c) => c.rule);`,
    `const rule = tried.find((r) => notify[r]) || ${JSON.stringify(bp.routing[bp.routing.length - 1]?.key)};`,
    // A rule that names nobody: everyone any rule names hears of it.
    `const to = notify[rule] || [...new Set(Object.values(notify).flat())];`,
    `const why = (d.considered || []).map((c) => c.candidate + (c.skipped ? " (" + c.skipped + ")" : "")).join(", ");`,
    // A lead of no business unit is not in the routing log (./routing-scope.ts): \`logged: false\`.
    `const message = "Lead " + d.contactId + " has no owner: " + d.unrouted + (why ? ". Considered: " + why : "") + (d.logged === false ? "." : ". It is in the routing log.");`,
    `return { event: "unrouted", rule, contactId: d.contactId, reason: d.unrouted, considered: d.considered, to, subject: ${subject}, message };`,
    `}`,
  ].join("\n");
}
