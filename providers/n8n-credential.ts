import * as pulumi from "@pulumi/pulumi";
import { n8nClient, type N8nSettings } from "./shared/n8n";
import { configuredProvider } from "./shared/shim";

/**
 * The n8n credential the compiled workflows use to call the CRM: a header credential carrying
 * `Authorization: Bearer <hubspot:token>`. The token is taken from the stack configuration in the provider
 * process and goes only to n8n, never into inputs, outputs or state.
 *
 * n8n never returns a credential's data, so its drift cannot be seen: a refresh detects a deleted credential
 * (and the next apply recreates it) but not a changed token. After rotating hubspot:token, replace it:
 * `pulumi up --replace <urn of this credential>`.
 */
export interface CredentialInputs {
  key: string;
  /** The name shown in n8n. */
  name: string;
}

export const CredentialProvider = configuredProvider("n8n-credential");

const provider = new CredentialProvider();

export class Credential extends pulumi.dynamic.Resource {
  constructor(name: string, args: pulumi.Inputs, opts?: pulumi.CustomResourceOptions) {
    super(provider, name, args, opts, "n8n", "Credential");
  }
}

// The implementation, loaded by bare name in the provider process.

export { n8nSettingsFrom as settingsFrom } from "./shared/n8n";

export async function check(_olds: unknown, news: CredentialInputs): Promise<pulumi.dynamic.CheckResult> {
  return { inputs: news };
}

/** Every change replaces: the data cannot be compared, and a new id makes the workflows follow. */
export async function diff(_id: string, olds: CredentialInputs, news: CredentialInputs): Promise<pulumi.dynamic.DiffResult> {
  const changed = olds.name !== news.name;
  return changed ? { changes: true, replaces: ["name"] } : { changes: false };
}

export async function create(settings: N8nSettings | undefined, inputs: CredentialInputs): Promise<pulumi.dynamic.CreateResult> {
  if (!settings?.crmToken) throw new Error("hubspot:token is not set: the n8n workflows need it to call the CRM");
  const created = await n8nClient(settings).createCredential({
    name: inputs.name,
    type: "httpHeaderAuth",
    data: { name: "Authorization", value: `Bearer ${settings.crmToken}` },
  });
  return { id: created.id, outs: { key: inputs.key, name: created.name } };
}

export async function read(settings: N8nSettings | undefined, id: string, props: CredentialInputs): Promise<pulumi.dynamic.ReadResult> {
  const live = (await n8nClient(settings).listCredentials()).find((c) => c.id === id);
  if (!live) return {};
  const state = { key: props.key, name: live.name };
  return { id, props: state, inputs: state };
}

export async function update(): Promise<pulumi.dynamic.UpdateResult> {
  throw new Error("an n8n credential is replaced, never updated in place (diff always replaces)");
}

export async function del(settings: N8nSettings | undefined, id: string): Promise<void> {
  await n8nClient(settings).deleteCredential(id);
}
export { del as delete };
