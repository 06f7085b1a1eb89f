import * as pulumi from "@pulumi/pulumi";
import { MANAGED_TAG } from "../src/plan/n8n/index";
import type { N8nPlan, N8nSettings } from "../src/plan/n8n/plan";
import { Credential } from "../providers/n8n-credential";
import { Workflow } from "../providers/workflow";

/** What the n8n part needs from the CRM part: each pipeline's id and its stage ids by blueprint key. */
export interface CrmPipelines {
  [pipelineKey: string]: { id: pulumi.Input<string>; stageIds: pulumi.Input<Record<string, string>> };
}

/**
 * The stack's n8n settings, or undefined without `n8n:baseUrl` (the stack applies the CRM part only). Optional
 * `revstack:notifyUrl` receives escalations and notify actions as JSON.
 */
export function n8nSettings(): N8nSettings | undefined {
  const n8nBaseUrl = new pulumi.Config("n8n").get("baseUrl");
  if (!n8nBaseUrl) return undefined;
  return {
    crmBaseUrl: new pulumi.Config("hubspot").get("baseUrl") ?? "https://api.hubapi.com",
    n8nBaseUrl,
    notifyUrl: new pulumi.Config("revstack").get("notifyUrl"),
  };
}

/**
 * Declares the n8n part of a plan under `parent`: the credential n8n calls the CRM with, and one Workflow per
 * planned workflow, whose definition waits for the credential's and the pipelines' ids.
 */
export function declareN8n(plan: N8nPlan, parent: pulumi.ComponentResource, pipelines: CrmPipelines): void {
  if (plan.workflows.length === 0) return;
  const credential = new Credential("n8n.credential.crm", { key: "crm", name: plan.credentialName }, { parent });
  const crmIds = pulumi.all(
    Object.fromEntries(Object.entries(pipelines).map(([key, p]) => [key, pulumi.all([p.id, p.stageIds]).apply(([id, stages]) => ({ id, stages }))])),
  );
  const definitions = pulumi.all([credential.id, crmIds]).apply(([credentialId, ids]) => plan.definitions({ credentialId, pipelines: ids }));

  for (const warning of plan.workflows.flatMap((w) => w.warnings)) pulumi.log.warn(warning, parent);
  for (const w of plan.workflows) {
    new Workflow(
      `workflow.${w.key}`,
      { key: w.key, tag: MANAGED_TAG, active: w.active, definition: definitions.apply((all) => all[w.key]) },
      { parent, dependsOn: [credential] },
    );
  }
}
