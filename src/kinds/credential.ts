/** An n8n credential the compiled workflows use (crm, slack, smtp); its secret never leaves the provider process. */
import { quote } from "../words/describe";
import type { Kind } from "./kind";
import { credentialDocs } from "./credential.docs";

export interface CredentialInputs {
  /** crm, slack, smtp: what workflows call out with; webhook, internal, hubspot-app: what webhooks check callers with. */
  key: "crm" | "slack" | "smtp" | "webhook" | "internal" | "hubspot-app";
  /** The name shown in n8n. */
  name: string;
  /** For `smtp`: the server (not secret). */
  smtp?: { host: string; port: number; secure: boolean; user?: string };
  /**
   * For `webhook` and `hubspot-app`: which secret the credential holds, as a 48-bit keyed fingerprint (never the
   * secret), set by the provider from the stack config, so rotating the secret replaces the credential.
   */
  fingerprint?: string;
}

export const credentialKind: Kind<CredentialInputs> = {
  module: "n8n",
  name: "Credential",
  docs: credentialDocs,
  // n8n never returns a credential's data, so any change is a new credential (the workflows follow its new id).
  identity: ["name", "smtp", "fingerprint"],
  fields: [{ key: "name", label: "name", format: quote }],
  outputOnly: [],
  describe: (c) => `Credential "${c.name}"`,
  words: {
    section: "automations",
    scope: () => "n8n: credentials",
    subject: (p) => `Credential ${quote(p.name ?? p.key ?? "")}`,
    deleteDanger: () => "workflows that call the CRM with it stop working",
  },
};
