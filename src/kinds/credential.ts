/** An n8n credential the compiled workflows use (crm, slack, smtp); its secret never leaves the provider process. */
import { quote } from "../words/describe";
import type { Kind } from "./kind";

export interface CredentialInputs {
  key: "crm" | "slack" | "smtp";
  /** The name shown in n8n. */
  name: string;
  /** For `smtp`: the server (not secret). */
  smtp?: { host: string; port: number; secure: boolean; user?: string };
}

export const credentialKind: Kind<CredentialInputs> = {
  module: "n8n",
  name: "Credential",
  // n8n never returns a credential's data, so any change is a new credential (the workflows follow its new id).
  identity: ["name", "smtp"],
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
