import * as pulumi from "@pulumi/pulumi";
import { MANAGED_TAG, MIN_RETENTION_DAYS } from "../src/plan/n8n/index";
import type { N8nPlan, N8nSettings } from "../src/plan/n8n/plan";
import { Credential } from "../providers/n8n-credential";
import { Workflow } from "../providers/workflow";
import type { DeclaredChannels } from "./notify";
import { warn } from "./warn";

/** What the n8n part needs from the CRM part: each pipeline's id and its stage ids by blueprint key. */
export interface CrmPipelines {
  [pipelineKey: string]: { id: pulumi.Input<string>; stageIds: pulumi.Input<Record<string, string>> };
}

/**
 * The stack's n8n settings, or undefined without `n8n:baseUrl` (the stack applies the CRM part only).
 * `revstack:notifyUrl` (optional) receives escalations and notify actions as JSON.
 */
export function n8nSettings(): N8nSettings | undefined {
  const n8nBaseUrl = new pulumi.Config("n8n").get("baseUrl");
  if (!n8nBaseUrl) return undefined;
  return {
    crmBaseUrl: new pulumi.Config("hubspot").get("baseUrl") ?? "https://api.hubapi.com",
    n8nBaseUrl,
    notifyUrl: new pulumi.Config("revstack").get("notifyUrl"),
    routingSweepMinutes: new pulumi.Config("revstack").getNumber("routingSweepMinutes"),
    logRetentionDays: new pulumi.Config("revstack").getNumber("logRetentionDays", { min: MIN_RETENTION_DAYS }),
    // Presence only: the secret itself is read by the credential provider in its own process.
    hubspotSigned: new pulumi.Config("hubspot").getSecret("clientSecret") !== undefined,
  };
}

/**
 * The credentials the webhooks check callers with (src/plan/n8n/callers.ts, docs/webhooks.md): the stack's
 * secret, n8n's own secret for calls between revstack's workflows, and HubSpot's client secret when set.
 */
function declareCallers(plan: N8nPlan, parent: pulumi.ComponentResource, hubspotSigned: boolean) {
  const credential = (key: "webhook" | "internal" | "hubspot-app", name: string) => {
    const resource = new Credential(
      `n8n.credential.${key}`,
      { key, name: `${plan.credentialName} ${name}` },
      { parent },
    );
    return { resource, ref: resource.id.apply((id) => ({ id, name: `${plan.credentialName} ${name}` })) };
  };
  const secret = credential("webhook", "webhook secret");
  const internal = credential("internal", "internal calls");
  const hubspot = hubspotSigned ? credential("hubspot-app", "HubSpot app") : undefined;
  return {
    resources: [secret, internal, ...(hubspot ? [hubspot] : [])].map((c) => c.resource),
    callers: pulumi
      .all([secret.ref, internal.ref, hubspot?.ref])
      .apply(([s, i, h]) => ({ secret: s, internal: i, ...(h && { hubspot: h }) })),
  };
}

/**
 * Declares the n8n part of a plan under `parent`: the credential n8n calls the CRM with, and one Workflow per
 * planned workflow. Each definition waits only for what that workflow carries: the CRM ids of its own pipelines,
 * and the notification credentials for the notifications workflow, so an update elsewhere leaves it known and
 * unchanged in a preview.
 */
export function declareN8n(
  plan: N8nPlan,
  settings: N8nSettings,
  parent: pulumi.ComponentResource,
  pipelines: CrmPipelines,
  notify: DeclaredChannels,
): void {
  if (plan.workflows.length === 0) return;
  const credential = new Credential("n8n.credential.crm", { key: "crm", name: plan.credentialName }, { parent });
  const callers = declareCallers(plan, parent, settings.hubspotSigned === true);
  for (const warning of plan.workflows.flatMap((w) => w.warnings)) warn(warning, parent);
  for (const w of plan.workflows) {
    const own = pulumi.all(
      Object.fromEntries(
        w.pipelines.map((key) => [
          key,
          pulumi.all([pipelines[key].id, pipelines[key].stageIds]).apply(([id, stages]) => ({ id, stages })),
        ]),
      ),
    );
    const notifies = w.key === "notifications";
    const definition = pulumi
      .all([
        credential.id,
        own,
        notifies ? notify.slack : undefined,
        notifies ? notify.email : undefined,
        callers.callers,
      ])
      .apply(
        ([credentialId, ids, slack, email, callerIds]) =>
          plan.definitions({ credentialId, pipelines: ids, slack, email, callers: callerIds })[w.key],
      );
    new Workflow(
      `workflow.${w.key}`,
      { key: w.key, tag: MANAGED_TAG, active: w.active, definition },
      { parent, dependsOn: [credential, ...callers.resources, ...(notifies ? notify.credentials : [])] },
    );
  }
}
