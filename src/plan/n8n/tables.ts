import type { WorkflowDefinition } from "../../clients/n8n/types";
import { SIGNATURES, SIGNATURE_COLUMNS } from "./callers";
import type { DataTableSpec } from "./data-table";
import { EVENT_LOG_COLUMNS } from "./automation-log";
import { LOG_COLUMNS } from "./routing-log";
import { ASSIGNMENT_LOG } from "./assignment-log";

/** The data tables compiled workflows keep, told apart by the end of their names (see routingLogTable, automationLogTable, assignmentLogTable, callers.ts). */
const KINDS: Array<[suffix: string, columns: DataTableSpec["columns"]]> = [
  [" routing log", LOG_COLUMNS],
  [" automation log", EVENT_LOG_COLUMNS],
  [ASSIGNMENT_LOG, LOG_COLUMNS],
  [SIGNATURES, SIGNATURE_COLUMNS],
];

/** The data tables a workflow's Data Table nodes name, so the provider can create them before the workflow runs. */
export function dataTablesOf(definition: Pick<WorkflowDefinition, "nodes">): DataTableSpec[] {
  const names = definition.nodes
    .filter((n) => n.type === "n8n-nodes-base.dataTable")
    .map((n) => String((n.parameters.dataTableId as { value?: unknown } | undefined)?.value ?? ""));
  return [...new Set(names)].flatMap((name) => {
    const kind = KINDS.find(([suffix]) => name.endsWith(suffix));
    return kind ? [{ name, columns: kind[1] }] : [];
  });
}
