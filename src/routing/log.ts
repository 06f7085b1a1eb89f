import { loadBlueprint, formatDiagnostic } from "../blueprint";
import { N8nClient } from "../clients/n8n";
import { routingLogTable } from "../plan/n8n/routing-log";
import { resolve } from "node:path";
import { findProjectDir } from "../project/paths";
import { readStackConfig, stackSecret, TargetError } from "../reporting/target";
import { Router } from "./runtime";

/** A row of the routing log as n8n's API gives it (see ../plan/n8n/routing-log.ts). */
export interface LogRow {
  id: number;
  leadId: string;
  /** Empty on a row a batch recorded a decision on (the decision names its delivery's `row`). */
  lead?: string | null;
  at: number;
  reroute?: boolean | null;
  decision?: string | null;
}

interface Considered {
  rule: string;
  candidate: string;
  skipped?: string;
}

interface Decision {
  rule?: string;
  owner?: string;
  strategy?: string;
  coveringFor?: string;
  overCapacity?: boolean;
  alreadyRouted?: boolean;
  unrouted?: string;
  considered?: Considered[];
  sla?: { dueAt?: string };
}

/** The stack's blueprint name and n8n: `n8n:baseUrl` from its file, the key from N8N_API_KEY or `n8n:apiKey`. */
async function stackN8n(stack: string, cwd: string, env: NodeJS.ProcessEnv) {
  const root = findProjectDir(cwd) ?? cwd;
  const config = readStackConfig(stack, root);
  const file = config["revstack:blueprint"];
  const baseUrl = config["n8n:baseUrl"];
  if (typeof file !== "string") throw new TargetError(`stack ${stack} has no revstack:blueprint`);
  if (typeof baseUrl !== "string") throw new TargetError(`stack ${stack} has no n8n:baseUrl: it runs no routing`);
  const { blueprint, diagnostics } = await loadBlueprint(resolve(root, file));
  if (!blueprint)
    throw new TargetError(`the blueprint has errors:\n${diagnostics.map((d) => formatDiagnostic(d)).join("\n")}`);
  const apiKey = env.N8N_API_KEY || (await stackSecret("n8n:apiKey", stack, root, env, "N8N_API_KEY"));
  const client = new N8nClient({ baseUrl, apiKey });
  return { table: routingLogTable(blueprint).name, client, router: new Router(blueprint) };
}

/**
 * `revstack routing log`: the newest routing decisions, newest first, as lines of text; one lead's every
 * delivery with `lead`. Read from the routing log in n8n, where the routing workflow records each decision.
 */
export async function routingLog(
  stack: string,
  opts: { lead?: string; limit: number; cwd?: string; env?: NodeJS.ProcessEnv },
): Promise<string[]> {
  const { table, client, router } = await stackN8n(stack, opts.cwd ?? process.cwd(), opts.env ?? process.env);
  const where = opts.lead === undefined ? undefined : { column: "leadId", value: opts.lead };
  // A batch's decisions are rows of their own after its deliveries' rows: read enough for `limit` deliveries.
  const read = await client.newestRows<LogRow>(table, 2 * opts.limit, where);
  if (!read) throw new TargetError(`n8n has no "${table}": apply the stack's routing first`);
  const rows = deliveries(read).slice(0, opts.limit);
  if (rows.length === 0)
    return [opts.lead ? `lead ${opts.lead} is not in the routing log` : "the routing log is empty"];
  return rows.flatMap((row) => describeRow(row, router));
}

/** The deliveries among `rows`, in their order, each with its decision wherever it was recorded. */
export function deliveries(rows: LogRow[]): LogRow[] {
  const recorded = new Map<number, string>();
  for (const r of rows)
    if (!r.lead && r.decision) {
      const { row, ...d } = JSON.parse(r.decision) as { row: number };
      recorded.set(row, JSON.stringify(d));
    }
  return rows.filter((r) => r.lead).map((r) => ({ ...r, decision: r.decision || recorded.get(r.id) || null }));
}

/** One log row as lines of text; `router` (the stack's blueprint) says why a first touch is due when it is. */
export function describeRow(row: LogRow, router: Router): string[] {
  const when = new Date(row.at).toISOString();
  const head = `${when}  lead ${row.leadId}${row.reroute ? " (re-route asked)" : ""}`;
  if (!row.decision) return [`${head}: not decided yet (its execution is running, or failed before deciding)`];
  const d = JSON.parse(row.decision) as Decision;
  if (d.unrouted) return [`${head}: UNROUTED, ${d.unrouted}`, ...candidates(d)];
  const how = [`rule ${d.rule}`, d.strategy, d.coveringFor && `covering for ${d.coveringFor}`]
    .concat(d.overCapacity ? ["over capacity: every matching rule was full"] : [])
    .filter(Boolean)
    .join(", ");
  if (d.alreadyRouted) return [`${head} → ${d.owner} (${how}; kept: routed before)`];
  return [`${head} → ${d.owner} (${how})`, ...dueLine(d, row.at, router), ...candidates(d)];
}

/** The logged due time, and why, by the blueprint's calendar as it is now (the one routing.js counts with). */
function dueLine(d: Decision, at: number, router: Router): string[] {
  if (!d.sla?.dueAt || !d.rule || !d.owner) return [];
  const why = router.slaWhy({ rule: d.rule, owner: d.owner }, at);
  return [`    first touch due ${d.sla.dueAt}${why ? `; by the blueprint's calendar, ${why}` : ""}`];
}

function candidates(d: Decision): string[] {
  return (d.considered ?? []).map(
    (c) => `    ${c.rule}: ${c.candidate} ${c.skipped ? `skipped, ${c.skipped}` : `took the lead`}`,
  );
}
