import { failExecution, ifTrue } from "./nodes";
import type { NodeSpec, WorkflowBuilder } from "./workflow-builder";

/**
 * Tries of one CRM call that HubSpot refuses for a rate limit (or a 5xx) before the execution fails: the waits
 * between them add up to about a minute, several of HubSpot's 10-second windows. A lead still refused after that is
 * left without an owner and routed by the sweep (./routing-sweep.ts) or the caller's next delivery.
 */
export const CRM_TRIES = 8;

/** The longest wait a `Retry-After` header may ask for; HubSpot's windows are seconds long. */
const MAX_RETRY_AFTER_S = 60;

/** A header of the answer the call node returned, as a number (NaN when absent). */
const header = (name: string) => `Number(($json.headers || {})["${name}"])`;

/** HubSpot refused for a limit other than the day's (or failed on its side): another try may pass. */
const RETRYABLE = `($json.statusCode === 429 && !($json.body && $json.body.policyName === "DAILY")) || $json.statusCode >= 500`;

/**
 * The wait before try n + 1 (n = the Wait node's run index), in seconds. A full window (`Remaining` 0) has room
 * again within its `Interval-Milliseconds`: a quarter of it, then half, then all of it. Another refusal (a
 * per-second limit, a 5xx) grows the same way up to 2 s. Jittered between half and all of that, so the executions
 * one full window refused come back apart; a `Retry-After` (which HubSpot does not document, a proxy may send) is a
 * floor.
 */
export const WAIT_SECONDS =
  `Math.max(Math.min(${header("retry-after")} || 0, ${MAX_RETRY_AFTER_S}), ` +
  `($json.statusCode === 429 && ${header("x-hubspot-ratelimit-remaining")} === 0 ? ` +
  `(${header("x-hubspot-ratelimit-interval-milliseconds")} || 10000) : 2000) / 1000 ` +
  `* Math.min(1, Math.pow(2, $runIndex) / 4) * (0.5 + Math.random() / 2))`;

/**
 * Adds a CRM call that honours HubSpot's rate limits. The HTTP node returns every answer (status, headers, body);
 * an IF node lets a success through, and sends a refusal that another try may pass (a 429 other than the day's
 * limit, a 5xx) through a Wait node of `WAIT_SECONDS` back to the call, at most `CRM_TRIES` times; anything else
 * stops the execution with HubSpot's status and message. Only IF and Wait nodes: nothing on the way of a success
 * waits for n8n's task runner. n8n's own retries (a fixed wait) remain for lost connections only.
 *
 * The node named `spec.name` holds `{ statusCode, headers, body }`: later nodes read `answerOf(name)`. Its URL and
 * body read named nodes (`$('…').first()`, or `.item` through n8n's item pairing), never `$json`.
 * An automation's failed execution leaves its events to try again at once (./event-log.ts addRetryOnFailure).
 * Returns the first node (to connect into) and the last (its output 0 carries on once the call succeeded).
 */
export function addCrmCall(
  wf: WorkflowBuilder,
  spec: NodeSpec,
  column: number,
  row = 0,
): { first: string; last: string } {
  // A call tried again is given the refusal as its item: what it sends must come from a named node, not `$json`.
  if (/\$json\b/.test(JSON.stringify(spec.parameters)))
    throw new Error(`${spec.name}: a CRM call's URL and body read named nodes ($('…')), not $json`);
  const options = {
    ...(spec.parameters.options as object),
    response: { response: { fullResponse: true, neverError: true } },
  };
  const call = wf.add({ ...spec, parameters: { ...spec.parameters, options } }, column, row);
  const answered = wf.add(
    ifTrue(`${spec.name}: answered?`, "$json.statusCode >= 200 && $json.statusCode < 300"),
    column + 0.5,
    row + 1,
  );
  // This IF node runs once per refusal: its run index counts the tries before this one.
  const again = wf.add(
    ifTrue(`${spec.name}: try again?`, `(${RETRYABLE}) && $runIndex < ${CRM_TRIES - 1}`),
    column + 0.5,
    row + 2,
  );
  const wait = wf.add(
    {
      name: `${spec.name}: wait for the rate limit`,
      type: "n8n-nodes-base.wait",
      typeVersion: 1.1,
      parameters: { resume: "timeInterval", amount: `={{ ${WAIT_SECONDS} }}`, unit: "seconds" },
    },
    column + 1,
    row + 2,
  );
  const fail = wf.add(failExecution(`${spec.name}: refused`, refusal(spec.name)), column + 1, row + 3);
  wf.chain(call, answered).connect(answered, again, 1).connect(again, wait, 0).connect(wait, call);
  wf.connect(again, fail, 1);
  return { first: call, last: answered };
}

/** The error a refused call stops with: HubSpot's status and message (the refusal is the item that reaches it). */
function refusal(name: string): string {
  return (
    `={{ ${JSON.stringify(name)} + ": HubSpot answered " + $json.statusCode + ` +
    `($json.body && $json.body.message ? " " + $json.body.message : "") + ` +
    `(${RETRYABLE} ? " (${CRM_TRIES} tries)" : "") }}`
  );
}

/** A CRM call's answer body, as later nodes read it. */
export const answerOf = (callName: string) => `$('${callName}').first().json.body`;
