import type * as pulumi from "@pulumi/pulumi";
import { N8nClient } from "../../src/clients/n8n";
import { localApiKey } from "../../src/runtime/n8n-files";
import { watchEngine } from "./watchdog";

/**
 * What the n8n providers need from the stack configuration, held only in the provider process (set by
 * `configure` with the decrypted config), so the API key and the CRM token never reach the state file.
 */
export interface N8nSettings {
  n8n?: { baseUrl: string; apiKey: string };
  /** The CRM token the n8n credential carries (from `hubspot:token`). */
  crmToken?: string;
  /** Notification secrets the Slack and SMTP credentials carry (`revstack:slackToken`, `revstack:smtpPassword`). */
  slackToken?: string;
  smtpPassword?: string;
  /** What webhook callers present (`revstack:webhookSecret`) and HubSpot signs with (`hubspot:clientSecret`). */
  webhookSecret?: string;
  hubspotClientSecret?: string;
}

export function n8nSettingsFrom(req: pulumi.dynamic.ConfigureRequest): N8nSettings {
  watchEngine();
  const get = (key: string) => {
    const v = req.config.get(key);
    return v === undefined || v === "" ? undefined : v;
  };
  const baseUrl = get("n8n:baseUrl");
  // A local n8n's key is made on each machine: the environment or the local n8n's own file (found through
  // REVSTACK_LOCAL_N8N_DIR, which `revstack pulumi`, preview and drift set, and used only when the stack points at
  // that n8n) carries it, so a committed stack file never holds a machine's key. Read here, in the provider process,
  // it never reaches the state.
  const apiKey = get("n8n:apiKey") ?? (process.env.N8N_API_KEY || undefined) ?? localKey(baseUrl);
  return {
    n8n: baseUrl && apiKey ? { baseUrl, apiKey } : undefined,
    crmToken: get("hubspot:token"),
    slackToken: get("revstack:slackToken"),
    smtpPassword: get("revstack:smtpPassword"),
    webhookSecret: get("revstack:webhookSecret"),
    hubspotClientSecret: get("hubspot:clientSecret"),
  };
}

function localKey(baseUrl: string | undefined): string | undefined {
  const dir = process.env.REVSTACK_LOCAL_N8N_DIR;
  return baseUrl && dir ? localApiKey(dir, baseUrl) : undefined;
}

/** A client for the configured n8n; fails with the commands that fix a missing setting. */
export function n8nClient(settings: N8nSettings | undefined): N8nClient {
  if (!settings?.n8n) {
    throw new Error(
      "n8n:baseUrl and n8n:apiKey must both be set: `pulumi config set n8n:baseUrl <url>` and " +
        "`pulumi config set --secret n8n:apiKey <key>` (a local n8n started with `revstack n8n start` in the project " +
        "needs no key: `revstack pulumi`, preview and drift find it; or set the N8N_API_KEY environment variable)",
    );
  }
  return new N8nClient(settings.n8n);
}
