// @ts-check
/**
 * Exact routing under concurrency (see ../routing-log.ts): every accepted lead is a row in an n8n data table, whose
 * ids n8n's database hands out one insert at a time. A lead's decision is route() replayed over the rows before it,
 * from the newest saved state, so executions that overlap agree on every decision without sharing a lock.
 * The JSDoc blocks are the types only and are cut before the text goes into the workflow (../runtime-source.ts).
 * @typedef {ReturnType<typeof import("../routing").routingConfig>} LedgerConfig
 * @typedef {{ id: string | number, properties?: Record<string, unknown>, rule?: string }} LedgerLead
 * @typedef {{ id: string | number, email?: string, archived?: boolean }} LedgerOwner
 * @typedef {{ cursor?: Record<string, number>, credit?: Record<string, Record<string, number>>, load?: Record<string, { day: string, n: number }> }} LedgerState
 * @typedef {[leadId: string, rule: string, owner: string, ownerId: string]} Recent
 * @typedef {{ routing: LedgerState, recent: Recent[] }} Snapshot
 * @typedef {{ id: number, leadId: string, lead: string, at: number, reroute?: boolean | null, decision?: string | null, state?: string | null }} LogRow
 * @typedef {{ contactId: string, rule: string, owner: string, ownerId: string, alreadyRouted?: boolean, unrouted?: string, [k: string]: unknown }} Routed
 */

/** How many recent decisions a snapshot keeps: a lead delivered twice at once is logged twice, rows apart. */
const LEDGER_RECENT = 100;

/** How long a hole in the log's ids is waited for: on PostgreSQL, an id handed out earlier can commit later. */
const LEDGER_GAP_WAIT_MS = 5000;

/**
 * Whether the rows up to the last of `targets`, from the newest saved state before the first on, may still be
 * missing one: SQLite hands out ids one insert at a time, but PostgreSQL (queue mode) hands out ids before the
 * inserts commit, so row 7 can be read while row 6 is not visible yet. A hole after a row logged within the last few
 * seconds is waited for; an older one is an insert that failed (its id is never used).
 * @param {LogRow[]} rows
 * @param {number[]} targets
 * @param {number} now
 * @returns {boolean}
 */
function logIncomplete(rows, targets, now) {
  const first = Math.min(...targets);
  const mine = rows.filter((r) => r.id <= Math.max(...targets)).sort((a, b) => a.id - b.id);
  const saved = mine.filter((r) => r.id < first && r.state);
  const from = saved.length > 0 ? saved[saved.length - 1].id : -Infinity;
  return mine.some((r, i) => i > 0 && r.id > from && r.id - mine[i - 1].id > 1 && now - r.at < LEDGER_GAP_WAIT_MS);
}

/**
 * The decisions for log rows `targets` (one delivery's leads) and the state after each. `rows` are the newest log rows up to the last target, in any order: one
 * replay starts after the newest of them with a saved state before the first target, or at the log's start when
 * `whole` says they reach it. A lead already routed keeps its owner (`alreadyRouted`), unless its row asks to
 * re-route it.
 * @param {LedgerConfig} config
 * @param {LogRow[]} rows
 * @param {boolean} whole
 * @param {LedgerOwner[]} owners
 * @param {number[]} targets
 * @returns {Record<number, { decision: Routed, state: string }>}
 */
function replayLog(config, rows, whole, owners, targets) {
  const wanted = new Set(targets.map(Number));
  const first = Math.min(...wanted);
  const mine = rows.filter((r) => r.id <= Math.max(...wanted)).sort((a, b) => a.id - b.id);
  const saved = mine.filter((r) => r.id < first && r.state);
  const base = saved[saved.length - 1];
  if (!base && !whole) throw new Error("routing log: no saved state in the " + rows.length + " rows before row " + first);
  /** @type {Snapshot} */
  const snap = base && base.state ? JSON.parse(base.state) : { routing: {}, recent: [] };
  /** @type {Record<number, { decision: Routed, state: string }>} */
  const out = {};
  // A row a batch recorded decisions on (`lead` empty) is no delivery: it takes no turn.
  for (const row of mine.filter((r) => r.id > (base ? base.id : 0) && r.lead)) {
    const decision = replayRow(config, row, owners, snap);
    if (wanted.has(row.id)) out[row.id] = { decision, state: JSON.stringify(snap) };
  }
  const unread = [...wanted].filter((t) => !out[t]);
  if (unread.length) throw new Error("routing log rows " + unread.join(", ") + " were not read");
  return out;
}

/**
 * One row's decision, applied to the snapshot. A lead that cannot be routed leaves the state as it was.
 * @param {LedgerConfig} config
 * @param {LogRow} row
 * @param {LedgerOwner[]} owners
 * @param {Snapshot} snap
 * @returns {Routed}
 */
function replayRow(config, row, owners, snap) {
  const leadId = String(row.leadId);
  const seen = row.reroute ? undefined : snap.recent.find((r) => r[0] === leadId);
  if (seen) return { contactId: leadId, rule: seen[1], owner: seen[2], ownerId: seen[3], alreadyRouted: true };
  /** @type {LedgerLead} */
  const lead = JSON.parse(row.lead);
  const trial = JSON.parse(JSON.stringify(snap.routing));
  // A row may name the one rule that decides it: an automation's assignOwner action (../assignment-log.ts).
  const rules = lead.rule ? config.rules.filter((r) => r.key === lead.rule) : config.rules;
  /** @type {Routed} */
  let decision;
  try {
    decision = route({ ...config, rules }, lead, owners, trial, row.at);
  } catch (err) {
    const considered = err && typeof err === "object" && "considered" in err ? err.considered : [];
    return { contactId: leadId, rule: "", owner: "", ownerId: "", unrouted: String(err instanceof Error ? err.message : err), considered };
  }
  snap.routing = trial;
  snap.recent = snap.recent.filter((r) => r[0] !== leadId).concat([[leadId, decision.rule, decision.owner, decision.ownerId]]);
  if (snap.recent.length > LEDGER_RECENT) snap.recent = snap.recent.slice(-LEDGER_RECENT);
  return decision;
}
