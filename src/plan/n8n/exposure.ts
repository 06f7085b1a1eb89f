import type { Blueprint } from "../../blueprint/model";

/** The config keys holding the secrets callers of revstack's webhooks present (docs/webhooks.md). */
export const CALLER_SECRETS = ["revstack:webhookSecret", "hubspot:clientSecret"] as const;

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\]|::1)$/i;

/** Whether n8n's URL names this machine only (nobody else can reach its webhooks). */
export function isLoopback(url: string): boolean {
  try {
    return LOOPBACK.test(new URL(url).hostname);
  } catch {
    return false;
  }
}

/** The webhooks of a blueprint that outside callers use: routing's, and automations on `webhook`. */
export function publicWebhookCount(bp: Blueprint): number {
  return (bp.routing.length > 0 ? 1 : 0) + bp.automations.filter((a) => a.on.webhook).length;
}

/**
 * The warning for a stack whose n8n is reachable beyond this machine while no caller secret is set: its webhooks
 * then refuse every caller (revstack locks them with a secret nobody holds), so leads are not routed. Undefined
 * when there is nothing to say. `get` reads the stack's config; only the presence of the secrets is looked at.
 */
export function callerWarning(bp: Blueprint, get: (key: string) => string | undefined): string | undefined {
  const n8nUrl = get("n8n:baseUrl");
  const count = publicWebhookCount(bp);
  if (!n8nUrl || count === 0 || isLoopback(n8nUrl)) return undefined;
  if (CALLER_SECRETS.some((key) => (get(key) ?? "") !== "")) return undefined;
  return (
    `n8n at ${n8nUrl} is reachable beyond this machine, but neither revstack:webhookSecret nor hubspot:clientSecret ` +
    `is set: the ${count} public webhook(s) of this stack (routing, webhook automations) refuse every caller. ` +
    "Set `pulumi config set --secret revstack:webhookSecret <32+ random characters>` for form tools and scripts, " +
    "and `pulumi config set --secret hubspot:clientSecret <your app's client secret>` for HubSpot (docs/webhooks.md)."
  );
}
