import { createHmac, randomBytes } from "node:crypto";
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
 * `webhook` (`revstack:webhookSecret`, the key secret holders sign with), `internal` (a key generated here, which
 * n8n signs its calls to itself with) and `hubspot-app` (`hubspot:clientSecret`, HubSpot's signature key) are what
 * webhooks check callers' signatures with (docs/webhooks.md): n8n Crypto credentials, whose HMAC secret never leaves
 * n8n.
 *
 * n8n never returns a credential's data, so its drift cannot be seen: a refresh detects a deleted credential
 * (and the next apply recreates it) but not a changed secret. The caller secrets carry a fingerprint, so
 * `pulumi config set --secret revstack:webhookSecret … && pulumi up` replaces their credential; after rotating
 * another one, replace it: `pulumi up --replace <urn of this credential>`.
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

export async function check(
  _olds: unknown,
  news: CredentialInputs,
  settings?: N8nSettings,
): Promise<CheckResult<CredentialInputs>> {
  const secret = callerSecret(settings, news.key);
  if (secret === undefined) return { inputs: news };
  return { inputs: { ...news, fingerprint: secret === null ? GENERATED : fingerprint(secret) } };
}

/** The shortest `revstack:webhookSecret` accepted: it is all that stands between the internet and the webhooks. */
export const MIN_WEBHOOK_SECRET = 32;

/**
 * The secret a caller credential holds: the configured one, null when revstack generates it (a webhook secret not
 * configured: then nobody holds it), undefined for credentials that check no caller.
 */
function callerSecret(settings: N8nSettings | undefined, key: CredentialInputs["key"]): string | null | undefined {
  if (key === "internal") return null;
  if (key === "webhook") {
    const secret = settings?.webhookSecret;
    if (secret !== undefined && secret.length < MIN_WEBHOOK_SECRET)
      throw new Error(
        `revstack:webhookSecret is ${secret.length} characters long; use at least ${MIN_WEBHOOK_SECRET} random ` +
          'characters, e.g. `pulumi config set --secret revstack:webhookSecret "$(openssl rand -hex 32)"`',
      );
    return secret ?? null;
  }
  if (key === "hubspot-app") {
    if (!settings?.hubspotClientSecret)
      throw new Error("hubspot:clientSecret is not set: HubSpot's signed calls need it");
    return settings.hubspotClientSecret;
  }
  return undefined;
}

/**
 * Tells secrets apart without revealing them: a keyed hash, cut to 48 bits. The text names the credential's kind
 * (an HMAC key since callers sign, no longer a header callers present), so a stack whose caller credentials were
 * header credentials sees a new fingerprint and replaces them; likewise GENERATED.
 */
const fingerprint = (secret: string) =>
  createHmac("sha256", secret).update("revstack credential fingerprint: HMAC key").digest("hex").slice(0, 12);
const GENERATED = "generated HMAC key";

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
  const generated = () => randomBytes(32).toString("hex");
  if (inputs.key === "webhook" || inputs.key === "internal" || inputs.key === "hubspot-app")
    return { type: "crypto", data: { hmacSecret: callerSecret(settings, inputs.key) ?? generated() } };
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
