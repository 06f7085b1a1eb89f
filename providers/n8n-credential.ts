import * as pulumi from "@pulumi/pulumi";
import { canonical, containsUnknown } from "./shared/diff";
import { n8nClient, type N8nSettings } from "./shared/n8n";
import {
  configuredProvider,
  type CheckResult,
  type CreateResult,
  type ReadResult,
  type UpdateResult,
  type ResourceArgs,
} from "./shared/shim";
import { credentialKind } from "../src/kinds/credential";
import type { CredentialInputs } from "../src/kinds/credential";
export type { CredentialInputs } from "../src/kinds/credential";

/**
 * An n8n credential the compiled workflows use: `crm` (a header credential carrying `Authorization: Bearer
 * <hubspot:token>`), `slack` (the same with `revstack:slackToken`) or `smtp` (the SMTP server, with
 * `revstack:smtpPassword`). Secrets are taken from the stack configuration in the provider process and go only
 * to n8n, never into inputs, outputs or state; the SMTP server's other settings are inputs, so a change shows.
 *
 * n8n never returns a credential's data, so its drift cannot be seen: a refresh detects a deleted credential
 * (and the next apply recreates it) but not a changed secret. After rotating one, replace it:
 * `pulumi up --replace <urn of this credential>`.
 */
export const CredentialProvider = configuredProvider("n8n-credential");

const provider = new CredentialProvider();

export class Credential extends pulumi.dynamic.Resource {
  constructor(name: string, args: ResourceArgs<CredentialInputs>, opts?: pulumi.CustomResourceOptions) {
    super(provider, name, args, opts, credentialKind.module, credentialKind.name);
  }
}

// The implementation, loaded by bare name in the provider process.

export { n8nSettingsFrom as settingsFrom } from "./shared/n8n";

export async function check(_olds: unknown, news: CredentialInputs): Promise<CheckResult<CredentialInputs>> {
  return { inputs: news };
}

/** Every change replaces: the data cannot be compared, and a new id makes the workflows follow. */
export async function diff(
  _id: string,
  olds: CredentialInputs,
  news: CredentialInputs,
): Promise<pulumi.dynamic.DiffResult> {
  const replaces = credentialKind.identity.filter(
    (k) => containsUnknown(news[k]) || canonical(olds[k]) !== canonical(news[k]),
  );
  return replaces.length > 0 ? { changes: true, replaces } : { changes: false };
}

/** The credential n8n stores: its type and data, with the secret from the provider's settings. */
function credentialData(
  settings: N8nSettings | undefined,
  inputs: CredentialInputs,
): { type: string; data: Record<string, unknown> } {
  const bearer = (token: string | undefined, setting: string, why: string) => {
    if (!token) throw new Error(`${setting} is not set: ${why}`);
    return { type: "httpHeaderAuth", data: { name: "Authorization", value: `Bearer ${token}` } };
  };
  if (inputs.key === "crm")
    return bearer(settings?.crmToken, "hubspot:token", "the n8n workflows need it to call the CRM");
  if (inputs.key === "slack") return bearer(settings?.slackToken, "revstack:slackToken", "Slack notifications need it");
  const smtp = inputs.smtp!;
  // STARTTLS when the server offers it on a plain connection; TLS from the start when `secure` (port 465).
  const data = {
    host: smtp.host,
    port: smtp.port,
    secure: smtp.secure,
    user: smtp.user ?? "",
    password: settings?.smtpPassword ?? "",
  };
  return { type: "smtp", data: smtp.secure ? data : { ...data, disableStartTls: false } };
}

export async function create(
  settings: N8nSettings | undefined,
  inputs: CredentialInputs,
): Promise<CreateResult<CredentialInputs>> {
  const created = await n8nClient(settings).createCredential({
    name: inputs.name,
    ...credentialData(settings, inputs),
  });
  return { id: created.id, outs: { ...inputs, name: created.name } };
}

export async function read(
  settings: N8nSettings | undefined,
  id: string,
  props: CredentialInputs,
): Promise<ReadResult<CredentialInputs, CredentialInputs>> {
  const live = (await n8nClient(settings).listCredentials()).find((c) => c.id === id);
  if (!live) return {};
  const state = { ...props, name: live.name };
  return { id, props: state, inputs: state };
}

export async function update(): Promise<UpdateResult<CredentialInputs>> {
  throw new Error("an n8n credential is replaced, never updated in place (diff always replaces)");
}

export async function del(settings: N8nSettings | undefined, id: string): Promise<void> {
  await n8nClient(settings).deleteCredential(id);
}
export { del as delete };
