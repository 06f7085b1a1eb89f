import type { Blueprint } from "../../blueprint/model";
import { deleteRows, readRows } from "./data-table";
import { automationLogTable } from "./automation-log";
import { CLAIM } from "./event-log";
import { ifTrue, scheduleNode, type N8nTarget } from "./nodes";
import { routingLogTable } from "./routing-log";
import type { WorkflowBuilder } from "./workflow-builder";

/** How long the logs keep rows by default: a quarter of routing history for `revstack routing log`. */
export const DEFAULT_RETENTION_DAYS = 90;
/**
 * The shortest retention a stack may set: a row must outlive every re-delivery it recognises, and HubSpot retries a
 * webhook for up to a day. A lead delivered again after its row is pruned is routed again.
 */
export const MIN_RETENTION_DAYS = 2;
const EVERY_MINUTES = 60;
const DAY_MS = 86_400_000;

/*
 * Every hour, the rows older than the retention (`revstack:logRetentionDays`, default 90 days) leave the routing log,
 * the automation log and the assignment logs, so all stay bounded. Each is a further trigger of a workflow the stack has anyway (the
 * routing workflow, each automation on CRM events), like the sweep: the stack gains no resource.
 */

function hourly(wf: WorkflowBuilder, target: N8nTarget, row: number) {
  const seconds = Math.max(1, Math.round(EVERY_MINUTES * 60 * (target.timeScale ?? 1)));
  return wf.add(scheduleNode("Every hour: log upkeep", undefined, seconds), 0, row);
}

function olderThanRetention(target: N8nTarget) {
  const ms = (target.logRetentionDays ?? DEFAULT_RETENTION_DAYS) * DAY_MS;
  return { keyName: "at", condition: "lt" as const, keyValue: `={{ Date.now() - ${ms} }}` };
}

/**
 * Prunes the routing log. Its newest saved routing state and every row after it stay, whatever their age: the next
 * lead's replay starts there (./runtime/ledger.js). When the routing workflow claims notices in the automation log
 * (a lead with no business unit, ./routing-scope.ts), it prunes that log too: a stack may have no automation that
 * would.
 */
export function addRoutingLogUpkeep(wf: WorkflowBuilder, bp: Blueprint, target: N8nTarget, row: number) {
  const names = ["Newest saved routing state", "Any saved state?", "Prune the routing log"] as const;
  const hour = hourly(wf, target, row);
  pruneBeforeNewestState(wf, hour, routingLogTable(bp).name, target, row, names);
  if (wf.has(CLAIM)) pruneAutomationLog(wf, bp, target, hour, row + 1);
}

/** Deletes the automation log's rows older than the retention (any automation's: whichever runs first does it). */
function pruneAutomationLog(wf: WorkflowBuilder, bp: Blueprint, target: N8nTarget, hour: string, row: number) {
  const prune = deleteRows("Prune the automation log", automationLogTable(bp).name, [olderThanRetention(target)]);
  wf.chain(hour, wf.add(prune, 1, row));
}

/**
 * Prunes the automation log (every automation of the stack's rows: whichever runs first does the work), and the
 * automation's own assignment log when it assigns owners (`assignments`, its name: ./assignment-log.ts), as the
 * routing log is pruned.
 */
export function addAutomationLogUpkeep(
  wf: WorkflowBuilder,
  bp: Blueprint,
  target: N8nTarget,
  row: number,
  assignments?: string,
) {
  const hour = hourly(wf, target, row);
  pruneAutomationLog(wf, bp, target, hour, row);
  if (!assignments) return;
  const names = ["Newest saved assignment state", "Any saved assignment state?", "Prune the assignment log"] as const;
  pruneBeforeNewestState(wf, hour, assignments, target, row + 1, names);
}

/** Deletes the rows older than the retention before the newest row with a saved state. */
function pruneBeforeNewestState(
  wf: WorkflowBuilder,
  from: string,
  table: string,
  target: N8nTarget,
  row: number,
  [newest, any, prune]: readonly [string, string, string],
) {
  wf.chain(
    from,
    wf.add(readRows(newest, table, [{ keyName: "state", condition: "isNotEmpty" }], ["id", "DESC"], 1), 1, row),
    wf.add(ifTrue(any, "$json.id !== undefined"), 2, row),
    wf.add(
      deleteRows(prune, table, [
        { keyName: "id", condition: "lt", keyValue: "={{ $json.id }}" },
        olderThanRetention(target),
      ]),
      3,
      row,
    ),
  );
}
