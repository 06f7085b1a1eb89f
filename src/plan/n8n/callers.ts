import { SIGNATURE_HEADER, TIMESTAMP_HEADER } from "../../webhook-signature";
import { deleteRows, insertRow, readRows, type DataTableColumn } from "./data-table";
import type { N8nTarget } from "./nodes";
import { code, ifTrue, trim } from "./nodes";
import type { NodeSpec, WorkflowBuilder } from "./workflow-builder";

/**
 * Who may call a compiled workflow, checked before it does anything (docs/webhooks.md):
 * - a holder of the stack's secret (`revstack:webhookSecret`) on `<path>`, by a signature of its request
 *   (`X-Revstack-Signature`, HMAC-SHA-256 of method + path + body + `X-Revstack-Timestamp`, see
 *   src/webhook-signature.ts);
 * - HubSpot on `<path>/hubspot` (when `hubspot:clientSecret` is set), by its v3 signature;
 * - n8n itself, for the hand-overs between revstack's own workflows (SLA timers, breach listeners, notifications),
 *   by the same signature as secret holders, with a secret revstack generates and only n8n holds.
 * Callers sign rather than present a secret because n8n stores every request's headers with its execution: a
 * signature is good for one request within five minutes, so what n8n stores is useless to whoever reads it. Each
 * signature is recomputed in a Crypto node holding the secret as an n8n credential, compared in constant time, and
 * refused (401, no details) when wrong, stale or replayed. No workflow definition, state file, log or execution
 * carries a secret.
 */
/** The largest request body a public webhook reads (HubSpot sends at most 100 events of a few hundred bytes). */
export const MAX_BODY_BYTES = 64 * 1024;
/** HubSpot's rule: a signature whose timestamp is older than this is refused. */
export const SIGNATURE_MAX_AGE_MS = 5 * 60_000;

/** Signatures older than the oldest a request may carry are deleted when the remembered row's id is a multiple. */
const FORGET_EVERY = 20;

type Cred = { id: string; name: string };

/** The credentials the webhooks check callers with (n8n Crypto credentials created by the provider). */
export interface Callers {
  /** HMAC secret = revstack:webhookSecret (generated when unset: then no one holds it). */
  secret: Cred;
  /** HMAC secret = a secret generated for n8n's calls to itself. */
  internal: Cred;
  /** crypto (HMAC secret = hubspot:clientSecret), when the stack sets it. */
  hubspot?: Cred;
}

/**
 * What a public entry accepts: a contact, named by `contactId` or HubSpot's `objectId`, and nothing else; with
 * `batch` (the routing webhook), also HubSpot's batched delivery of up to that many contact events, each checked as
 * one would be, given on as `body.leads`. The request's one signature covers every event of it.
 */
const requestRuntime = (batch: number) => String.raw`
const MAX = ${MAX_BODY_BYTES};
const MAX_EVENTS = ${batch};
// reroute: true asks routing to decide again for a lead it routed before (./routing-log.ts); eventId names the
// event, so an automation recognises it delivered again (./event-log.ts), as HubSpot's events name theirs.
const FIELDS = ["contactId", "objectId", "eventId", "reroute"];
// The fields of a HubSpot webhook subscription event (developers.hubspot.com, webhooks API).
const EVENT_FIELDS = ["eventId", "subscriptionId", "portalId", "appId", "occurredAt", "subscriptionType", "attemptNumber",
  "objectId", "objectTypeId", "changeSource", "changeFlag", "propertyName", "propertyValue", "sourceId", "isSensitive"];
function check(j) {
  const refuse = (status, reason) => ({ valid: false, status, reason });
  if (!(j.size <= MAX)) return refuse(413, "the request body is over " + MAX + " bytes");
  let body = j.body;
  if (Array.isArray(body)) {
    if (body.length === 0 || body.length > MAX_EVENTS)
      return refuse(422, MAX_EVENTS === 1 ? "send one contact event per request (got " + body.length + ")" : "send 1 to " + MAX_EVENTS + " contact events per request (got " + body.length + ")");
    const events = body.map((e, i) => event(e, body.length > 1 ? "event " + i + ": " : ""));
    const bad = events.find((e) => !e.valid);
    if (bad) return bad;
    if (events.length > 1) return { valid: true, via: j.via, body: { leads: events.map((e) => e.body) } };
    body = body[0];
  } else {
    if (!body || typeof body !== "object") return refuse(400, "the body must be a JSON object: {\"contactId\": \"<id>\"}");
    const unknown = Object.keys(body).filter((k) => !FIELDS.includes(k));
    if (unknown.length) return refuse(400, "unknown fields: " + unknown.join(", ") + " (accepted: contactId, eventId, reroute)");
  }
  return one(body, j.via);
}
function event(e, which) {
  const refuse = (status, reason) => ({ valid: false, status, reason: which + reason });
  if (!e || typeof e !== "object" || Array.isArray(e)) return refuse(400, "the event is not a JSON object");
  const unknown = Object.keys(e).filter((k) => !EVENT_FIELDS.includes(k));
  if (unknown.length) return refuse(400, "unknown fields: " + unknown.join(", "));
  if (!String(e.subscriptionType || "").startsWith("contact.")) return refuse(422, "only contact events are accepted");
  const checked = one(e);
  return checked.valid ? checked : refuse(checked.status, checked.reason);
}
function one(body, via) {
  const refuse = (status, reason) => ({ valid: false, status, reason });
  const id = body.contactId ?? body.objectId;
  if (id === undefined || id === null || id === "") return refuse(400, "contactId is missing");
  if (!/^[0-9]{1,20}$/.test(String(id))) return refuse(400, "contactId must be a number (HubSpot's record id)");
  if (body.reroute !== undefined && typeof body.reroute !== "boolean") return refuse(400, "reroute must be true or false");
  const event = body.eventId;
  if (event !== undefined && !/^[A-Za-z0-9._:-]{1,100}$/.test(String(event))) return refuse(400, "eventId must be up to 100 letters, digits or . _ : -");
  return { valid: true, via, body: { contactId: String(id), ...(event !== undefined && { eventId: String(event) }), ...(body.reroute === true && { reroute: true }) } };
}
`;

/** How a caller's signature is read and checked: HubSpot's v3, or revstack's own (src/webhook-signature.ts). */
interface Scheme {
  /** The request headers carrying the timestamp (ms) and the signature, lowercase as n8n gives them. */
  timestamp: string;
  signature: string;
  /** Code giving `uri`, the URI part of the signed text, from the webhook's `item`. */
  uri: string;
  encoding: "base64" | "hex";
}

/**
 * HubSpot signs the URI as it called it: n8n's `webhookUrl` is the production URL from n8n's WEBHOOK_URL, so that
 * must be the public URL HubSpot calls.
 */
const HUBSPOT: Scheme = {
  timestamp: "x-hubspot-request-timestamp",
  signature: "x-hubspot-signature-v3",
  uri: String.raw`const q = item.json.query || {};
const query = Object.keys(q).map((k) => encodeURIComponent(k) + "=" + encodeURIComponent(String(q[k]))).join("&");
const uri = item.json.webhookUrl + (query ? "?" + query : "");`,
  encoding: "base64",
};

/** revstack's callers sign the path n8n serves, whatever proxy or WEBHOOK_URL is in front of it. */
const revstack = (path: string): Scheme => ({
  timestamp: TIMESTAMP_HEADER.toLowerCase(),
  signature: SIGNATURE_HEADER.toLowerCase(),
  uri: `const uri = ${JSON.stringify(`/webhook/${path}`)};`,
  encoding: "hex",
});

/**
 * The signed text: method + URI + raw body (n8n's webhook option rawBody gives it as binary) + timestamp. Stale or
 * future timestamps are marked here, before any hashing.
 */
const signedText = (scheme: Scheme, via?: string) => String.raw`
const item = $input.first();
const h = item.json.headers || {};
const raw = item.binary && item.binary.data ? (await this.helpers.getBinaryDataBuffer(0, "data")).toString("utf8") : "";
${scheme.uri}
const timestamp = String(h["${scheme.timestamp}"] || "");
const age = Date.now() - Number(timestamp);
const fresh = /^[0-9]{10,16}$/.test(timestamp) && age <= ${SIGNATURE_MAX_AGE_MS} && age >= -60000;
let body = null;
try { body = raw ? JSON.parse(raw) : null; } catch { body = undefined; }
return [{ json: { ${via ? `via: "${via}", ` : ""}fresh, timestamp, signature: String(h["${scheme.signature}"] || ""), text: "POST" + uri + raw + timestamp, body, size: Buffer.byteLength(raw) } }];
`;

/** Constant-time comparison of the signature; a public entry then checks the request, an internal one passes it on. */
const signedBy = (batch?: number) => String.raw`${batch ? requestRuntime(batch) : ""}
const j = $input.first().json;
const a = String(j.expected || ""), b = String(j.signature || "");
let diff = a.length ^ b.length;
for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ (i < b.length ? b.charCodeAt(i) : 0);
const signed = j.fresh === true && a.length > 0 && diff === 0;
return [{ json: { signed, signature: b, ${batch ? "...check({ via: j.via, body: j.body, size: j.size })" : "body: j.body"} } }];
`;

/**
 * The blueprint's accepted signatures, in an n8n data table: n8n's database gives each insert the next id one at a
 * time, so of two requests with the same signature exactly one sees its own row first (a replay, even one
 * overlapping the original, is refused). Rows older than a signature's life are deleted as new ones arrive.
 */
export const SIGNATURES = " accepted signatures";
export const SIGNATURE_COLUMNS: DataTableColumn[] = [
  { name: "signature", type: "string" },
  { name: "at", type: "number" },
];
const signaturesTable = (blueprint: string) => `revstack ${blueprint}${SIGNATURES}`;

/** A Respond to Webhook node answering `status` with the JSON an expression gives. */
export function respond(name: string, status: number | string, body: string): NodeSpec {
  return {
    name,
    type: "n8n-nodes-base.respondToWebhook",
    typeVersion: 1.1,
    parameters: {
      respondWith: "json",
      responseBody: `={{ JSON.stringify(${body}) }}`,
      options: { responseCode: status },
    },
  };
}

function entryWebhook(name: string, path: string): NodeSpec {
  return {
    name,
    type: "n8n-nodes-base.webhook",
    typeVersion: 2,
    parameters: { httpMethod: "POST", path, responseMode: "responseNode", options: { rawBody: true } },
  };
}

/** The paths a public entry serves: `<path>` for secret holders, `<path>/hubspot` when HubSpot is configured. */
export function publicPaths(path: string, callers: Callers): string[] {
  return callers.hubspot ? [path, `${path}/hubspot`] : [path];
}

/**
 * A webhook and the check of its caller's signature, at `row` of the canvas: right and fresh, then never used
 * before (nor spoiled). Returns the If node whose output 0 carries the check's item for a signed request; every
 * other request has been answered 401.
 */
function signedEntry(
  wf: WorkflowBuilder,
  blueprint: string,
  name: string,
  path: string,
  how: { scheme: Scheme; credential: Cred; via?: string; label: string; batch?: number },
  row: number,
): string {
  const l = how.label;
  const table = signaturesTable(blueprint);
  const checked = `$('Check the signature${l}').first().json`;
  const remember = insertRow(`Remember the signature${l}`, table, {
    signature: `={{ ${checked}.signature }}`,
    at: "={{ Date.now() }}",
  });
  const firstUse = readRows(
    `First use of the signature${l}`,
    table,
    [{ keyName: "signature", condition: "eq", keyValue: `={{ ${checked}.signature }}` }],
    ["id", "ASC"],
    1,
  );
  const forget = deleteRows(`Forget old signatures${l}`, table, [
    { keyName: "at", condition: "lt", keyValue: `={{ Date.now() - ${SIGNATURE_MAX_AGE_MS + 60_000} }}` },
  ]);
  const once = `return [{ json: { ...${checked}, signed: $input.first().json.id === $('Remember the signature${l}').first().json.id } }];\n`;
  const nodes = [
    wf.add(entryWebhook(name, path), 0, row),
    wf.add(code(`Signed text${l}`, signedText(how.scheme, how.via)), 1, row),
    wf.add(signature(`Signature${l}`, how.credential, how.scheme.encoding), 2, row),
    wf.add(code(`Check the signature${l}`, signedBy(how.via !== undefined ? (how.batch ?? 1) : undefined)), 3, row),
  ];
  const right = wf.add(ifTrue(`Right signature${l}?`, "$json.signed === true"), 4, row);
  // The signature this request should have carried is in its stored execution (the Crypto node's output): it is
  // marked used now, so whoever reads it there cannot send it.
  const spoil = wf.add(
    insertRow(`Spoil the right signature${l}`, table, {
      signature: `={{ $('Signature${l}').first().json.expected }}`,
      at: "={{ Date.now() }}",
    }),
    5,
    row + 1,
  );
  const unauthorized = wf.add(respond(`Unauthorized${l}`, 401, "{}"), 6, row + 1);
  const replayCheck = [
    wf.add(remember, 5, row),
    wf.add(firstUse, 6, row),
    wf.add(code(`Not replayed${l}`, once), 7, row),
  ];
  const signed = wf.add(ifTrue(`Signed${l}?`, "$json.signed === true"), 8, row);
  // Old signatures are deleted by one request in FORGET_EVERY, not each: a delete is a write to n8n's database,
  // which under a burst waits behind every other execution's writes (bench/routing.ts profiles it).
  const sweep = wf.add(ifTrue(`Time to forget${l}?`, `$json.id % ${FORGET_EVERY} === 0`), 6, row + 2);
  wf.chain(...nodes, right)
    .connect(right, spoil, 1)
    .connect(spoil, unauthorized)
    .connect(right, replayCheck[0], 0)
    .chain(...replayCheck, signed)
    .connect(signed, unauthorized, 1)
    .connect(replayCheck[0], sweep, 0)
    .connect(sweep, wf.add({ ...forget, onError: "continueRegularOutput" }, 7, row + 2), 0);
  return signed;
}

/**
 * The public entry of a workflow: both webhooks, their signature checks, and the request check. Returns the node
 * ("Well-formed?") whose output 0 carries `{ via, body: { contactId } }` for a verified, well-formed request
 * (`via`: "secret" or "hubspot"; not "caller", a name n8n's expressions refuse); every other request has been
 * answered (401, or 4xx with the reason) and goes no further. With `batch` (> 1), a HubSpot-style array of up to
 * that many events is accepted too, as `{ via, body: { leads: [{ contactId, eventId? }, ...] } }`. The workflow must answer the accepted request with a
 * `respond` node (its webhooks are in `responseNode` mode).
 */
export function publicEntry(
  wf: WorkflowBuilder,
  blueprint: string,
  name: string,
  path: string,
  callers: Callers,
  batch = 1,
): string {
  const fromSecret = signedEntry(
    wf,
    blueprint,
    name,
    path,
    { scheme: revstack(path), credential: callers.secret, via: "secret", label: "", batch },
    0,
  );
  const valid = wf.add(ifTrue("Well-formed?", "$json.valid === true"), 9, 0);
  const refuse = wf.add(respond("Refuse the request", "={{ $json.status }}", "{ error: $json.reason }"), 10, 1);
  wf.connect(fromSecret, valid, 0).connect(valid, refuse, 1);
  if (callers.hubspot) {
    const how = { scheme: HUBSPOT, credential: callers.hubspot, via: "hubspot", label: " by HubSpot", batch };
    wf.connect(signedEntry(wf, blueprint, `${name} (HubSpot)`, `${path}/hubspot`, how, 2), valid, 0);
  }
  return valid;
}

/** HMAC-SHA-256 of the signed text with the secret an n8n Crypto credential holds, as `expected`. */
function signature(name: string, credential: Cred, encoding: Scheme["encoding"]): NodeSpec {
  return {
    name,
    type: "n8n-nodes-base.crypto",
    typeVersion: 2,
    parameters: {
      action: "hmac",
      type: "SHA256",
      binaryData: false,
      value: "={{ $json.text }}",
      dataPropertyName: "expected",
      encoding,
    },
    credentials: { crypto: credential },
  };
}

/**
 * A webhook only revstack's own workflows call, at column 0 of `row`: the signature is checked, then the request is
 * answered `202` at once (the caller does not wait), or, with `answers: "workflow"`, by the workflow's own
 * `respond` node. Returns the node to continue from; its items are `{ body }` (the request's JSON body).
 */
export function internalEntry(
  wf: WorkflowBuilder,
  blueprint: string,
  name: string,
  path: string,
  callers: Callers,
  answers: "at once" | "workflow" = "at once",
  row = 0,
): string {
  const how = { scheme: revstack(path), credential: callers.internal, label: "" };
  const signed = signedEntry(wf, blueprint, name, path, how, row);
  if (answers === "workflow") return signed;
  const accepted = wf.add(respond("Accepted", 202, "{ accepted: true }"), 9, row);
  wf.connect(signed, accepted, 0);
  return accepted;
}

/**
 * A signed POST of `body` (an n8n expression) to one of revstack's webhooks, `path` under n8n's `/webhook/`: the
 * body is fixed as text, signed with `credential` (the internal one, or the stack's secret for the routing sweep),
 * and sent as is. Three nodes, chained; returns them for the workflow to add in order.
 */
export function signedPost(
  target: N8nTarget,
  name: string,
  path: string,
  body: string,
  credential: Cred = target.callers.internal,
): NodeSpec[] {
  const text = `"POST" + ${JSON.stringify(`/webhook/${path}`)} + $json.payload + $json.timestamp`;
  const fields = [
    { id: "payload", name: "payload", value: `={{ JSON.stringify(${body}) }}`, type: "string" },
    { id: "timestamp", name: "timestamp", value: "={{ String(Date.now()) }}", type: "string" },
  ];
  return [
    {
      name: `${name}: the request`,
      type: "n8n-nodes-base.set",
      typeVersion: 3.4,
      parameters: { mode: "manual", assignments: { assignments: fields }, options: {} },
    },
    {
      ...signature(`${name}: its signature`, credential, "hex"),
      parameters: { ...signature("", credential, "hex").parameters, value: `={{ ${text} }}` },
    },
    {
      name,
      type: "n8n-nodes-base.httpRequest",
      typeVersion: 4.2,
      parameters: {
        method: "POST",
        url: `${trim(target.n8nBaseUrl)}/webhook/${path}`,
        sendHeaders: true,
        headerParameters: {
          parameters: [
            { name: TIMESTAMP_HEADER, value: "={{ $json.timestamp }}" },
            { name: SIGNATURE_HEADER, value: "={{ $json.expected }}" },
          ],
        },
        sendBody: true,
        contentType: "raw",
        rawContentType: "application/json",
        body: "={{ $json.payload }}",
        options: {},
      },
    },
  ];
}
