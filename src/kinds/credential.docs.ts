/** The words of the credential's docs page (src/kinds/docs.ts writes docs/kinds/credential.md from them and the kind). */
import type { CredentialInputs } from "./credential";
import type { KindDocs } from "./kind";

export const credentialDocs: KindDocs<CredentialInputs, CredentialInputs> = {
  page: "credential",
  title: "n8n credential",
  summary:
    "An n8n credential the compiled workflows use: `crm` (the HubSpot token), `slack` and `smtp` to notify, `webhook`, " +
    "`internal` and `hubspot-app` to check callers. Its secret comes from the stack's configuration and never leaves " +
    "the provider process: not in the state, the preview or a log.",
  example: `# The stack's configuration, not the blueprint, holds the secrets:
config:
  revstack:slackToken: { secure: v1:… }   # pulumi config set --secret revstack:slackToken <token>
  revstack:smtpHost: smtp.acme.test`,
  inputs: {
    key: {
      type: "`crm`, `slack`, `smtp`, `webhook`, `internal`, `hubspot-app`",
      blueprint: "—",
      meaning: "What it is for.",
    },
    name: { type: "string", blueprint: "—", meaning: "The name shown in n8n." },
    smtp: {
      type: "`{ host, port, secure, user? }`",
      blueprint: "`revstack:smtp*` config",
      meaning: "For `smtp`: the server (not secret).",
    },
    fingerprint: {
      type: "string",
      blueprint: "— (from the secret)",
      meaning:
        "Which secret it holds, as a 48-bit keyed fingerprint (never the secret): rotating the secret replaces it.",
    },
  },
  outputs: {},
  adoption:
    "Credentials are the stack's own: created by it, found by the id it recorded, never adopted. n8n never returns a " +
    "credential's data, so any change makes a new credential and the workflows follow its new id.",
  dangers: ["Deleting one stops the workflows that call out with it."],
};
