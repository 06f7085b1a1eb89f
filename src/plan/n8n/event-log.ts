import type { Blueprint } from "../../blueprint/model";
import { code, failExecution, ifTrue, scheduleNode, type N8nTarget } from "./nodes";
import { automationLogTable } from "./automation-log";
import { insertRow, readRows, updateRows } from "./data-table";
import { sendNotification } from "./notify";
import type { NodeSpec, WorkflowBuilder } from "./workflow-builder";

/** Tries of one event's actions (the first and the retries) before the people named are told it failed. */
export const EVENT_ATTEMPTS = 5;

/**
 * How long an attempt may go without finishing an action before it is taken for lost (n8n stopped under it) and
 * the event is tried again: longer than the rate-limit waits of one CRM call (./rate-limits.ts), plus the action's
 * own wait. A failed execution does not wait for it: it leaves its events due at once (addRetryOnFailure).
 */
export const ACTION_LEASE_MS = 15 * 60_000;

/** The node that claims an event (fireOnce): a workflow that has it writes to the automation log. */
export const CLAIM = "Claim the event";

/** The lowest row id among the claims of the input item's event: the claim that acts. */
const firstClaim = (name: string, table: string) =>
  readRows(name, table, [{ keyName: "event", condition: "eq", keyValue: "={{ $json.event }}" }], ["id", "ASC"], 1);

/** Code: `first`, each event's first claim (its row), from the claims read (any order). */
const FIRST_CLAIMS = [
  `const first = {};`,
  `for (const r of $input.all().map((i) => i.json)) if (r.id !== undefined && !(first[r.event]?.id <= r.id)) first[r.event] = r;`,
].join("\n");
const FIRST = "First claim of the event";
const FIRES = "Fires once";
const RETRIED = "Events tried again";

/**
 * The events an execution acts on, as an n8n expression for their items: those it claimed (a poll, a call), or
 * those it takes up again (addRetries). `last` is the node they leave the event log from.
 */
export const eventsToActOn = (last: string) =>
  last === FIRES ? `($('${FIRES}').isExecuted ? $('${FIRES}') : $('${RETRIED}'))` : `$('${last}')`;

/** The claim row of the item an action acts on, as the nodes after "Prepare the actions" read it. */
const CLAIM_OF_ITEM = "$('Prepare the actions').item.json.claim";

/**
 * The key of the notification a notify action (number `n`) sends for the item's event, as an n8n expression:
 * `<automation>|<event id>|<n>`, the same in every attempt (no attempt number, no time), so the notifications
 * workflow sends a retry's only to the targets that did not take it yet (./automation-log.ts).
 */
export const notificationKey = (automationKey: string, n: number) =>
  `${JSON.stringify(`${automationKey}|`)} + $('Prepare the actions').item.json.event + ${JSON.stringify(`|${n}`)}`;

/**
 * Claim → read the first claim of each event → keep the records whose claim is that first one. `records` is the
 * Code node whose items carry `event`, the event's id within the automation (see ./runtime/events.js); the nodes
 * go in columns from `column`. Each record goes on carrying its claim's row id (`claim`) and how many actions are
 * done (`done`), when `leaseMs` says how long an attempt may take (./automations.ts). Returns the last node and the
 * next free column.
 */
export function fireOnce(
  wf: WorkflowBuilder,
  bp: Blueprint,
  automationKey: string,
  records: string,
  column: number,
  leaseMs?: number,
) {
  const table = automationLogTable(bp).name;
  // Without a lease (a notice that is sent once, not tried again), the claim records no outcome.
  const outcome = leaseMs !== undefined && {
    automation: `={{ ${JSON.stringify(automationKey)} }}`,
    record: "={{ JSON.stringify($json) }}",
    state: "={{ 'acting' }}",
    done: "={{ 0 }}",
    attempts: "={{ 1 }}",
    due: `={{ Date.now() + ${leaseMs} }}`,
    execution: "={{ $execution.id }}",
  };
  const claim = wf.add(
    insertRow(CLAIM, table, {
      event: `={{ ${JSON.stringify(`${automationKey}|`)} + $json.event }}`,
      at: "={{ Date.now() }}",
      ...outcome,
    }),
    column,
  );
  const first = wf.add(firstClaim(FIRST, table), column + 1);
  const fires = wf.add(
    code(
      FIRES,
      [
        FIRST_CLAIMS,
        `const claims = $('${CLAIM}').all().map((i) => i.json);`,
        // Claims pair one to one, in order, with the records they were inserted for.
        `return $('${records}').all().flatMap((item, i) => claims[i] && first[claims[i].event]?.id === claims[i].id ? [{ json: { ...item.json, claim: claims[i].id, done: 0 } }] : []);`,
        ``,
      ].join("\n"),
    ),
    column + 2,
  );
  wf.chain(records, claim, first, fires);
  return { last: fires, column: column + 3 };
}

/** Records on an event's claim row that `done` of its actions are done (all of them: `last`). */
export function markDone(bp: Blueprint, name: string, done: number, last: boolean, leaseMs: number): NodeSpec {
  return updateRows(
    name,
    automationLogTable(bp).name,
    [{ keyName: "id", condition: "eq", keyValue: `={{ ${CLAIM_OF_ITEM} }}` }],
    {
      done: `={{ ${done} }}`,
      state: `={{ ${JSON.stringify(last ? "done" : "acting")} }}`,
      due: `={{ Date.now() + ${leaseMs} }}`,
    },
  );
}

/** An event the automation's conditions do not hold for is done: nothing to try again. */
export function markSkipped(bp: Blueprint, name: string): NodeSpec {
  return updateRows(
    name,
    automationLogTable(bp).name,
    [{ keyName: "id", condition: "eq", keyValue: "={{ $json.claim }}" }],
    {
      state: "={{ 'done' }}",
    },
  );
}

/**
 * When an execution of the automation fails, whatever failed (a CRM call refused or past its retry budget, a CRM
 * call whose connection failed, a notification or webhook not taken, a Code node's error or timeout, the automation
 * log itself), the events it claimed and did not finish are due at once: the next retry run (addRetries) takes each
 * up from its first undone action, within the bound of `EVENT_ATTEMPTS`, rather than when its lease runs out.
 *
 * Why n8n's Error Trigger, in the automation's own workflow: n8n runs it, as an execution of its own, once any
 * execution of a workflow that holds one fails (and no other error workflow is set in the workflow's settings,
 * which revstack writes without one), with the failed execution's id; every claim records the id of the execution
 * acting on it (fireOnce, addRetries), so one data-table update finds them. It needs no workflow id at compile time.
 * A node's own error output (`onError: "continueErrorOutput"`) cannot do this for every node: a node that throws
 * rather than handing out error items (a Code node whose task runner is lost, say) passes its input items on to
 * its regular output, which would act on the wrong items. A failure before any claim finds nothing to update: its
 * events were not claimed, the next poll sees them. An execution that never ends (n8n stopped under it) is left to
 * the lease.
 */
export function addRetryOnFailure(wf: WorkflowBuilder, bp: Blueprint, row: number): void {
  const failed = wf.add(
    { name: "When an execution fails", type: "n8n-nodes-base.errorTrigger", typeVersion: 1, parameters: {} },
    0,
    row,
  );
  const leave = wf.add(dueNow(bp, "Leave its events to try again", "acting"), 1, row);
  // A retry run's claims of next attempts it did not record yet are lost at once, not when their lease runs out
  // (addLostAttempts). Its own branch: the update above answers no item when it finds no row.
  const attempts = wf.add(dueNow(bp, "Leave its next attempts to others", "attempt"), 1, row + 1);
  wf.connect(failed, leave).connect(failed, attempts);
}

/** The failed execution's rows in `state` (what n8n hands the Error Trigger), due now. */
const dueNow = (bp: Blueprint, name: string, state: string): NodeSpec =>
  updateRows(
    name,
    automationLogTable(bp).name,
    [
      // A trigger's error (at activation, say) names no execution: it claimed nothing, and matches no row.
      { keyName: "execution", condition: "eq", keyValue: '={{ $json.execution ? $json.execution.id : "none" }}' },
      { keyName: "state", condition: "eq", keyValue: state },
    ],
    { due: "={{ Date.now() }}" },
  );

/**
 * An action that fails without a CRM answer to read (a notification not delivered, a webhook's target refusing or
 * unreachable): `action` (its node, added with `failsOver`) sends its failed items to its error output, below the
 * items that succeeded, so n8n's v1 order runs this branch only once they have gone on through the automation's
 * actions (and been marked done). The execution then stops with the reason, and its failure leaves the failed
 * events due at once (addRetryOnFailure; an action marked done is not repeated).
 */
export function addActionFailure(wf: WorkflowBuilder, action: string, column: number): void {
  const failed = `$('${action}').first(1).json`;
  const why = `={{ ${JSON.stringify(`${action} failed: `)} + ${failureReason(failed)} }}`;
  wf.connect(action, wf.add(failExecution(`${action}: failed`, why), column, ACTION_FAILURE_ROW), 1);
}

/** The nodes of an action addActionFailure handles: the failed items leave the last one by its error output. */
export const failsOver = (specs: NodeSpec[]): NodeSpec[] =>
  specs.map((spec, i) => (i === specs.length - 1 ? { ...spec, onError: "continueErrorOutput" } : spec));

/** Below the row every action runs on: n8n's v1 order runs a node's lower children after its upper ones. */
const ACTION_FAILURE_ROW = 3;

/** The reason n8n gives on an error output item (`item`: an n8n expression), as text. */
const failureReason = (item: string) =>
  `(${item}.error && typeof ${item}.error === "object" ? ${item}.error.message || JSON.stringify(${item}.error) : String(${item}.error || "no reason given"))`;

const R = {
  due: "Events to try again",
  firsts: "First claims of the events to try again",
  decide: "Try again or give up",
  claim: "Claim the next attempt",
  first: "First claim of the next attempt",
  once: "Next attempts once",
  lost: "Next attempts lost",
  count: "Count the lost attempts",
  mark: "Record the next attempt",
  retried: RETRIED,
  failed: "Events given up",
};

/**
 * The automation's second trigger, every `seconds`: its events that are due (a refused call, an attempt taken for
 * lost), oldest first, a bounded number per run. Each is claimed for its next attempt (so two
 * overlapping runs never both take it up; an attempt claimed by a run that failed or stopped before recording it
 * counts as made, addLostAttempts) and goes on, from the node returned, as a claimed event does: with its
 * record and how many actions are done;
 * after `EVENT_ATTEMPTS` it is marked failed and the people `notify` names are told, with the record named. A row
 * that lost its first claim to another (a claim inserted just before n8n stopped) is marked a duplicate.
 */
export function addRetries(
  wf: WorkflowBuilder,
  bp: Blueprint,
  target: N8nTarget,
  a: { key: string; seconds: number; leaseMs: number; notify: string[] },
  row: number,
): string {
  const table = automationLogTable(bp).name;
  const nodes = [
    wf.add(scheduleNode("Every retry interval", undefined, a.seconds), 0, row),
    wf.add(
      readRows(
        R.due,
        table,
        [
          { keyName: "automation", condition: "eq", keyValue: a.key },
          { keyName: "state", condition: "eq", keyValue: "acting" },
          { keyName: "due", condition: "lt", keyValue: "={{ Date.now() }}" },
        ],
        ["id", "ASC"],
        RETRIES_PER_RUN,
      ),
      1,
      row,
    ),
    wf.add(ifTrue("Any to try again?", "$json.id !== undefined"), 2, row),
    wf.add(firstClaim(R.firsts, table), 3, row),
    wf.add(code(R.decide, decideCode()), 4, row),
    wf.add(
      insertRow(R.claim, table, {
        event: "={{ $json.next }}",
        at: "={{ Date.now() }}",
        automation: `={{ ${JSON.stringify(a.key)} }}`,
        state: "={{ 'attempt' }}",
        // Its lease and execution, as an event's claim has them: see lostCode.
        due: `={{ Date.now() + ${a.leaseMs} }}`,
        execution: "={{ $execution.id }}",
      }),
      5,
      row,
    ),
    wf.add(firstClaim(R.first, table), 6, row),
    wf.add(code(R.once, onceCode()), 7, row),
    wf.add(
      updateRows(R.mark, table, [{ keyName: "id", condition: "eq", keyValue: "={{ $json.id }}" }], {
        state: "={{ $json.state }}",
        attempts: "={{ $json.attempts }}",
        due: `={{ Date.now() + ${a.leaseMs} }}`,
        execution: "={{ $execution.id }}",
      }),
      8,
      row,
    ),
  ];
  wf.chain(...nodes);
  addLostAttempts(wf, table, nodes[6], a.leaseMs, row - 1);
  // n8n's v1 order runs the upper branch first, to its end: the people named hear of the events given up before the
  // events tried again act (one of whose CRM calls may stop the execution); with no one to tell, the execution
  // fails last, naming them.
  const told = a.notify.length > 0;
  const retried = wf.add(
    code(
      R.retried,
      `return $('${R.once}').all().map((i) => i.json).filter((r) => r.state === "acting")` +
        `.map((r) => ({ json: { ...JSON.parse(r.record), claim: r.id, done: r.done || 0 } }));\n`,
    ),
    9,
    told ? row + 1 : row,
  );
  const failed = wf.add(code(R.failed, failedCode(bp, a.key, a.notify)), 9, told ? row : row + 1);
  wf.connect(nodes[nodes.length - 1], retried).connect(nodes[nodes.length - 1], failed);
  if (!told) {
    wf.connect(failed, wf.add(toldNoOne(a.key), 10, row + 1));
    return retried;
  }
  // A notification that cannot be sent does not undo the mark: the event stays failed in the log.
  const chain = sendNotification(bp, target, "Tell them the event failed", "$json");
  const post = { ...chain[chain.length - 1], onError: "continueRegularOutput" as const };
  const send = wf.addChain([...chain.slice(0, -1), post], 10, row);
  wf.connect(failed, send.first);
  return retried;
}

/**
 * An attempt claimed by a run that failed or stopped before "Record the next attempt" would win every later claim
 * of that attempt (lowest row id), so the event would never be tried again and would take one of each retry run's
 * places for good. Such an attempt counts as made: the event's row goes on to it, so the next run claims the one
 * after it (still `EVENT_ATTEMPTS` attempts at most, a given-up event told as before). Only the attempts count is
 * written, and only while the row still has the count this run read: a run that did record the attempt in between
 * keeps its row as it wrote it, and no two runs act on one attempt. Above the events' own branch, which n8n's v1 order
 * runs after it: an action that stops the execution does not leave a lost attempt uncounted.
 */
function addLostAttempts(wf: WorkflowBuilder, table: string, first: string, leaseMs: number, row: number): void {
  const lost = wf.add(code(R.lost, lostCode(leaseMs)), 7, row);
  const count = wf.add(
    updateRows(
      R.count,
      table,
      [
        { keyName: "id", condition: "eq", keyValue: "={{ $json.id }}" },
        { keyName: "attempts", condition: "eq", keyValue: "={{ $json.attempts - 1 }}" },
      ],
      { attempts: "={{ $json.attempts }}" },
    ),
    8,
    row,
  );
  wf.connect(first, lost).connect(lost, count);
}

/**
 * The events given up on when the blueprint names no one to tell (./automations.ts warns of it at preview): the
 * execution fails, naming each, so n8n's executions list shows it (its Error Trigger, addRetryOnFailure, finds no
 * event of it still acting). They stay failed in the automation log.
 */
const toldNoOne = (key: string): NodeSpec => ({
  ...failExecution(
    "No one to tell: fail the execution",
    `={{ $input.all().map((i) => i.json.message).join(" ") + ${JSON.stringify(` The blueprint names no one to tell of automation ${key}'s failed events.`)} }}`,
  ),
  executeOnce: true,
});

/** Events taken up per retry run: the next run takes the rest. */
const RETRIES_PER_RUN = 20;

/** Each due row: its next attempt's claim key, and what that attempt is (another try, giving up, a duplicate). */
function decideCode(): string {
  return [
    FIRST_CLAIMS,
    `return $('${R.due}').all().map((i) => i.json).filter((r) => r.id !== undefined).map((r) => {`,
    `  const attempts = (r.attempts || 1) + 1;`,
    `  const state = first[r.event]?.id !== r.id ? "duplicate" : attempts > ${EVENT_ATTEMPTS} ? "failed" : "acting";`,
    `  return { json: { ...r, attempts, state, next: r.event + "#" + attempts } };`,
    `});`,
    ``,
  ].join("\n");
}

/**
 * Code: `rows`, each due row (its item) with this run's claim of its next attempt and that attempt's first claim
 * (claims pair one to one, in order, with the rows).
 */
const ATTEMPT_CLAIMS = [
  FIRST_CLAIMS,
  `const claims = $('${R.claim}').all().map((i) => i.json);`,
  `const rows = $('${R.decide}').all().map((item, i) => ({ item, claim: claims[i], first: claims[i] && first[claims[i].event] }));`,
].join("\n");

/** The due rows whose next attempt this run claimed first. */
function onceCode(): string {
  return [
    ATTEMPT_CLAIMS,
    `return rows.filter((r) => r.claim && r.first?.id === r.claim.id).map((r) => r.item);`,
    ``,
  ].join("\n");
}

/**
 * The due rows whose next attempt another run claimed first and lost: its execution failed (addRetryOnFailure made
 * the claim due) or its lease ran out (n8n stopped under it) before it recorded the attempt. A claim from before
 * claims of attempts had a lease (no `due`) has the lease from when it was made.
 */
function lostCode(leaseMs: number): string {
  return [
    ATTEMPT_CLAIMS,
    `const lost = (c) => !((c.due ?? c.at + ${leaseMs}) > Date.now());`,
    `return rows.filter((r) => r.claim && r.first && r.first.id !== r.claim.id && lost(r.first)).map((r) => r.item);`,
    ``,
  ].join("\n");
}

/** The notification of each event given up on, naming the automation, the record and how far it got. */
function failedCode(bp: Blueprint, key: string, to: string[]): string {
  const subject = JSON.stringify(`revstack ${bp.metadata.name}: automation ${key} failed`);
  return [
    `return $('${R.once}').all().map((i) => i.json).filter((r) => r.state === "failed").map((r) => {`,
    `  const record = JSON.parse(r.record);`,
    `  const message = "Automation ${key} gave up on " + record.object + " " + record.id + " (event " + r.event.slice(${key.length + 1}) + ") after ${EVENT_ATTEMPTS} attempts, " + (r.done || 0) + " of its actions done. It is in the automation log.";`,
    `  return { json: { event: "automationFailed", automation: ${JSON.stringify(key)}, to: ${JSON.stringify(to)}, subject: ${subject}, message, record } };`,
    `});`,
    ``,
  ].join("\n");
}
