/**
 * How a caller signs a call to a revstack webhook (docs/webhooks.md), for scripts and servers in Node:
 * `require("revstack/webhook-signature").signWebhookCall(secret, url, body)` gives the two headers to send.
 *
 * The caller never sends the secret: n8n stores every request's headers with its execution, so a secret sent as a
 * header would sit in n8n's database. It sends an HMAC-SHA-256 of the request instead, like HubSpot's v3 signature,
 * good for five minutes and for one request only: what n8n stores is useless to whoever reads it.
 */
import { createHmac } from "node:crypto";

export const TIMESTAMP_HEADER = "X-Revstack-Timestamp";
export const SIGNATURE_HEADER = "X-Revstack-Signature";

/** The text signed: the method, the URL's path as n8n serves it (`/webhook/…`), the raw body, the timestamp (ms). */
export const signedText = (path: string, body: string, timestamp: string) => `POST${path}${body}${timestamp}`;

/** The headers that authenticate a POST of `body` (the exact bytes sent) to `url` with the stack's secret. */
export function signWebhookCall(secret: string, url: string, body: string, now = Date.now()): Record<string, string> {
  const timestamp = String(now);
  const text = signedText(new URL(url).pathname, body, timestamp);
  return {
    [TIMESTAMP_HEADER]: timestamp,
    [SIGNATURE_HEADER]: createHmac("sha256", secret).update(text, "utf8").digest("hex"),
  };
}
