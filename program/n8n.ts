import * as pulumi from "@pulumi/pulumi";
import type { Blueprint } from "revstack/blueprint/index";
import { compileN8n, MANAGED_TAG, type N8nTarget } from "revstack/plan/n8n/index";
import { Credential } from "revstack/providers/n8n-credential";
import { Workflow } from "revstack/providers/workflow";

/** What the n8n part needs from the CRM part: each pipeline's id and its stage ids by blueprint key. */
export interface CrmPipelines {
  [pipelineKey: string]: { id: pulumi.Input<string>; stageIds: pulumi.Input<Record<string, string>> };
}

/**
 * Declares the n8n part of a blueprint under `parent`: the credential n8n calls the CRM with, and one Workflow
 * per compiled routing rule set and automation. Does nothing without `n8n:baseUrl` (the stack applies the CRM
 * part only). Optional `revstack:notifyUrl` receives escalations and notify actions as JSON.
 */
export function declareN8n(blueprint: Blueprint, parent: pulumi.ComponentResource, pipelines: CrmPipelines): void {
  const n8n = new pulumi.Config("n8n");
  const n8nBaseUrl = n8n.get("baseUrl");
  if (!n8nBaseUrl) return;
  const base: Omit<N8nTarget, "crmCredential" | "crmIds"> = {
    crmBaseUrl: new pulumi.Config("hubspot").get("baseUrl") ?? "https://api.hubapi.com",
    n8nBaseUrl,
    notifyUrl: new pulumi.Config("revstack").get("notifyUrl"),
  };
  // Which workflows exist (and what they warn about) follows from the blueprint alone: placeholder ids give
  // the same keys, so they are declared during preview too; their definitions wait for the real ids. Routing,
  // automations and the metrics' stamps all compile here, so a blueprint with metrics only still gets its stamps.
  const shapes = compileN8n(blueprint, { ...base, crmCredential: { id: "", name: "" }, crmIds: placeholderIds(blueprint) });
  if (shapes.length === 0) return;
  const credentialName = `revstack ${blueprint.metadata.name} CRM`;
  const credential = new Credential("n8n.credential.crm", { key: "crm", name: credentialName }, { parent });

  const crmIds = pulumi.all(
    Object.fromEntries(Object.entries(pipelines).map(([key, p]) => [key, pulumi.all([p.id, p.stageIds]).apply(([id, stages]) => ({ id, stages }))])),
  );
  const compiled = pulumi.all([credential.id, crmIds]).apply(([id, ids]) =>
    compileN8n(blueprint, { ...base, crmCredential: { id, name: credentialName }, crmIds: { pipelines: ids } }),
  );

  for (const warning of shapes.flatMap((w) => w.warnings ?? [])) pulumi.log.warn(warning, parent);
  for (const w of shapes) {
    new Workflow(
      `workflow.${w.key}`,
      { key: w.key, tag: MANAGED_TAG, active: w.active, definition: compiled.apply((all) => all.find((c) => c.key === w.key)!.definition) },
      { parent, dependsOn: [credential] },
    );
  }
}

function placeholderIds(blueprint: Blueprint): N8nTarget["crmIds"] {
  const pipelines = Object.fromEntries(
    Object.entries(blueprint.pipelines).map(([key, p]) => [key, { id: key, stages: Object.fromEntries(p.stages.map((s) => [s.key, s.key])) }]),
  );
  return { pipelines };
}
