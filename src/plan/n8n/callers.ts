import type { N8nTarget } from "./nodes";
import { code, ifTrue, postJson, trim } from "./nodes";
import type { NodeSpec, WorkflowBuilder } from "./workflow-builder";

/**
 * Who may call a compiled workflow, checked before it does anything (docs/webhooks.md):
 * - a caller holding the stack's secret (`revstack:webhookSecret`, header `X-Revstack-Secret`) on `<path>`: n8n's
 *   own header authentication refuses anyone else (403) before the workflow runs;
 * - HubSpot on `<path>/hubspot` (when `hubspot:clientSecret` is set): its v3 signature is recomputed with the app's
 *   client secret in a Crypto node, compared in constant time, and refused (401) when stale, replayed or wrong;
 * - n8n itself, for the hand-overs between revstack's own workflows (SLA timers, breach listeners,
 *   notifications): header `X-Revstack-Internal` with a secret revstack generates and only n8n holds.
 * Every secret is an n8n credential: no workflow definition, state file or log carries one.
 */
export const SECRET_HEADER = "X-Revstack-Secret";
export const INTERNAL_HEADER = "X-Revstack-Internal";
/** The largest request body a public webhook reads (HubSpot sends at most 100 events of a few hundred bytes). */
export const MAX_BODY_BYTES = 64 * 1024;
/** HubSpot's rule: a signature whose timestamp is older than this is refused. */
export const SIGNATURE_MAX_AGE_MS = 5 * 60_000;

type Cred = { id: string; name: string };

/** The credentials the webhooks check callers with (created by the provider from the stack's config). */
export interface Callers {
  /** httpHeaderAuth: X-Revstack-Secret = revstack:webhookSecret (generated when unset: then no one holds it). */
  secret: Cred;
  /** httpHeaderAuth: X-Revstack-Internal = a secret generated for n8n's calls to itself. */
  internal: Cred;
  /** crypto (HMAC secret = hubspot:clientSecret), when the stack sets it. */
  hubspot?: Cred;
}

/** What a public entry accepts: a contact, named by `contactId` or HubSpot's `objectId`, and nothing else. */
const REQUEST_RUNTIME = String.raw`
const MAX = ${MAX_BODY_BYTES};
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
    if (body.length !== 1) return refuse(422, "send one contact event per request (got " + body.length + ")");
    body = body[0];
    if (!body || typeof body !== "object" || Array.isArray(body)) return refuse(400, "the event is not a JSON object");
    const unknown = Object.keys(body).filter((k) => !EVENT_FIELDS.includes(k));
    if (unknown.length) return refuse(400, "unknown fields: " + unknown.join(", "));
    if (!String(body.subscriptionType || "").startsWith("contact.")) return refuse(422, "only contact events are accepted");
  } else {
    if (!body || typeof body !== "object") return refuse(400, "the body must be a JSON object: {\"contactId\": \"<id>\"}");
    const unknown = Object.keys(body).filter((k) => !FIELDS.includes(k));
    if (unknown.length) return refuse(400, "unknown fields: " + unknown.join(", ") + " (accepted: contactId, eventId, reroute)");
  }
  const id = body.contactId ?? body.objectId;
  if (id === undefined || id === null || id === "") return refuse(400, "contactId is missing");
  if (!/^[0-9]{1,20}$/.test(String(id))) return refuse(400, "contactId must be a number (HubSpot's record id)");
  if (body.reroute !== undefined && typeof body.reroute !== "boolean") return refuse(400, "reroute must be true or false");
  const event = body.eventId;
  if (event !== undefined && !/^[A-Za-z0-9._:-]{1,100}$/.test(String(event))) return refuse(400, "eventId must be up to 100 letters, digits or . _ : -");
  return { valid: true, via: j.via, body: { contactId: String(id), ...(event !== undefined && { eventId: String(event) }), ...(body.reroute === true && { reroute: true }) } };
}
`;

/** From a secret holder: n8n has checked the header; the body is as n8n parsed it. */
const FROM_SECRET_HOLDER = String.raw`${REQUEST_RUNTIME}
const j = $input.first().json;
const size = Number((j.headers || {})["content-length"] ?? JSON.stringify(j.body ?? "").length);
return [{ json: check({ via: "secret", body: j.body, size }) }];
`;

/**
 * The text HubSpot signs: method + URI as called + raw body + timestamp. n8n's webhook node gives the raw body as
 * binary (option rawBody) and `webhookUrl`, the production URL from n8n's WEBHOOK_URL: it must be the public URL
 * HubSpot calls. Stale or future timestamps are marked here, before any hashing.
 */
const SIGNED_TEXT = String.raw`
const item = $input.first();
const h = item.json.headers || {};
const raw = item.binary && item.binary.data ? (await this.helpers.getBinaryDataBuffer(0, "data")).toString("utf8") : "";
const q = item.json.query || {};
const query = Object.keys(q).map((k) => encodeURIComponent(k) + "=" + encodeURIComponent(String(q[k]))).join("&");
const uri = item.json.webhookUrl + (query ? "?" + query : "");
const timestamp = String(h["x-hubspot-request-timestamp"] || "");
const age = Date.now() - Number(timestamp);
const fresh = /^[0-9]{10,16}$/.test(timestamp) && age <= ${SIGNATURE_MAX_AGE_MS} && age >= -60000;
let body = null;
try { body = raw ? JSON.parse(raw) : null; } catch { body = undefined; }
return [{ json: { fresh, timestamp, signature: String(h["x-hubspot-signature-v3"] || ""), text: "POST" + uri + raw + timestamp, body, size: Buffer.byteLength(raw) } }];
`;

/** Constant-time comparison, then replay: a signature is accepted once within its five minutes; then the request. */
const SIGNED_BY_HUBSPOT = String.raw`${REQUEST_RUNTIME}
const j = $input.first().json;
const a = String(j.expected || ""), b = String(j.signature || "");
let diff = a.length ^ b.length;
for (let i = 0; i < a.length; i++) diff |= a.charCodeAt(i) ^ (i < b.length ? b.charCodeAt(i) : 0);
const state = $getWorkflowStaticData("global");
const seen = (state.hubspotSignatures = state.hubspotSignatures || {});
const now = Date.now();
for (const [sig, at] of Object.entries(seen)) if (at < now - ${SIGNATURE_MAX_AGE_MS} - 60000) delete seen[sig];
const signed = j.fresh === true && a.length > 0 && diff === 0 && !(b in seen);
if (signed) seen[b] = now;
return [{ json: { signed, ...check({ via: "hubspot", body: j.body, size: j.size }) } }];
`;

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

function entryWebhook(name: string, path: string, auth?: Cred, mode = "responseNode"): NodeSpec {
  return {
    name,
    type: "n8n-nodes-base.webhook",
    typeVersion: 2,
    parameters: {
      httpMethod: "POST",
      path,
      responseMode: mode,
      ...(auth && { authentication: "headerAuth" }),
      options: mode === "responseNode" && !auth ? { rawBody: true } : {},
    },
    ...(auth && { credentials: { httpHeaderAuth: auth } }),
  };
}

/** The paths a public entry serves: `<path>` for secret holders, `<path>/hubspot` when HubSpot is configured. */
export function publicPaths(path: string, callers: Callers): string[] {
  return callers.hubspot ? [path, `${path}/hubspot`] : [path];
}

/**
 * The public entry of a workflow: both webhooks, HubSpot's signature check, and the request check. Returns the
 * node ("Well-formed?") whose output 0 carries `{ via, body: { contactId } }` for a verified, well-formed request
 * (`via`: "secret" or "hubspot"; not "caller", a name n8n's expressions refuse); every other
 * request has been answered (401, or 4xx with the reason) and goes no further. The workflow must answer the
 * accepted request with a `respond` node (its webhooks are in `responseNode` mode).
 */
export function publicEntry(wf: WorkflowBuilder, name: string, path: string, callers: Callers): string {
  const fromSecret = wf.add(entryWebhook(name, path, callers.secret), 0, 0);
  const check = wf.add(code("Check the request", FROM_SECRET_HOLDER), 1, 0);
  const valid = wf.add(ifTrue("Well-formed?", "$json.valid === true"), 5, 0);
  const refuse = wf.add(respond("Refuse the request", "={{ $json.status }}", "{ error: $json.reason }"), 6, 1);
  wf.chain(fromSecret, check, valid).connect(valid, refuse, 1);
  if (callers.hubspot) {
    const fromHubspot = wf.add(entryWebhook(`${name} (HubSpot)`, `${path}/hubspot`), 0, 1);
    const text = wf.add(code("Signed text", SIGNED_TEXT), 1, 1);
    const hmac = wf.add(hubspotSignature(callers.hubspot), 2, 1);
    const compare = wf.add(code("Signed by HubSpot?", SIGNED_BY_HUBSPOT), 3, 1);
    const signed = wf.add(ifTrue("Signed?", "$json.signed === true"), 3, 2);
    const unauthorized = wf.add(respond("Unauthorized", 401, "{}"), 4, 2);
    wf.chain(fromHubspot, text, hmac, compare, signed).connect(signed, valid, 0).connect(signed, unauthorized, 1);
  }
  return valid;
}

/** HMAC-SHA-256 of the signed text with the app's client secret (n8n's Crypto credential), base64: HubSpot's v3. */
function hubspotSignature(credential: Cred): NodeSpec {
  return {
    name: "HubSpot's signature",
    type: "n8n-nodes-base.crypto",
    typeVersion: 2,
    parameters: {
      action: "hmac",
      type: "SHA256",
      binaryData: false,
      value: "={{ $json.text }}",
      dataPropertyName: "expected",
      encoding: "base64",
    },
    credentials: { crypto: credential },
  };
}

/** A webhook only revstack's own workflows call (by default it answers at once: the caller does not wait). */
export const internalEntry = (
  name: string,
  path: string,
  callers: Callers,
  mode: "onReceived" | "responseNode" = "onReceived",
): NodeSpec => entryWebhook(name, path, callers.internal, mode);

/** A POST to one of revstack's internal webhooks, authenticated with the internal credential. */
export const internalPost = (target: N8nTarget, name: string, path: string, body: string): NodeSpec =>
  postJson(name, `${trim(target.n8nBaseUrl)}/webhook/${path}`, body, target.callers.internal);
