import * as pulumi from "@pulumi/pulumi";
import type { Blueprint } from "revstack/blueprint/index";
import { compileN8n, MANAGED_TAG, type N8nTarget } from "revstack/plan/n8n/index";
import { Credential } from "revstack/providers/n8n-credential";
import { Workflow } from "revstack/providers/workflow";
import { declareNotifyChannels } from "./notify";

/** What the n8n part needs from the CRM part: each pipeline's id and its stage ids by blueprint key. */
export interface CrmPipelines {
  [pipelineKey: string]: { id: pulumi.Input<string>; stageIds: pulumi.Input<Record<string, string>> };
}

/**
 * Declares the n8n part of a blueprint under `parent`: the credential n8n calls the CRM with, and one Workflow
 * per compiled routing rule set and automation. Does nothing without `n8n:baseUrl` (the stack applies the CRM
 * part only). Notification channels (Slack, email, `revstack:notifyUrl`) come from program/notify.ts.
 */
export function declareN8n(blueprint: Blueprint, parent: pulumi.ComponentResource, pipelines: CrmPipelines): void {
  const n8n = new pulumi.Config("n8n");
  const n8nBaseUrl = n8n.get("baseUrl");
  if (!n8nBaseUrl) return;
  const notify = declareNotifyChannels(blueprint, parent);
  const base: Omit<N8nTarget, "crmCredential" | "crmIds"> = {
    crmBaseUrl: new pulumi.Config("hubspot").get("baseUrl") ?? "https://api.hubapi.com",
    n8nBaseUrl,
    notifyUrl: notify.notifyUrl,
  };
  // Which workflows exist (and what they warn about) follows from the blueprint alone: placeholder ids give
  // the same keys, so they are declared during preview too; their definitions wait for the real ids. Routing,
  // automations and the metrics' stamps all compile here, so a blueprint with metrics only still gets its stamps.
  const placeholders = placeholderIds(blueprint);
  const shapes = compileN8n(blueprint, { ...base, crmCredential: { id: "", name: "" }, crmIds: placeholders });
  if (shapes.length === 0) return;
  const credentialName = `revstack ${blueprint.metadata.name} CRM`;
  const credential = new Credential("n8n.credential.crm", { key: "crm", name: credentialName }, { parent });

  for (const warning of shapes.flatMap((w) => w.warnings ?? [])) pulumi.log.warn(warning, parent);
  for (const w of shapes) {
    // Each workflow waits only for what it carries: the CRM ids of its own pipelines, and the notification
    // credentials for the notifications workflow. An update elsewhere (another pipeline) leaves it known and unchanged.
    const ids = pulumi.all(Object.fromEntries((w.pipelines ?? []).map((key) => [key, pulumi.all([pipelines[key].id, pipelines[key].stageIds])])));
    const channels = w.key === "notifications" ? { slack: notify.slack, email: notify.email } : {};
    const definition = pulumi.all([credential.id, ids, channels.slack, channels.email]).apply(([id, own, slack, email]) => {
      const crmIds = { pipelines: { ...placeholders!.pipelines, ...Object.fromEntries(Object.entries(own).map(([k, [pid, stages]]) => [k, { id: pid, stages }])) } };
      const target = { ...base, crmCredential: { id, name: credentialName }, crmIds, slack, email };
      return compileN8n(blueprint, target).find((c) => c.key === w.key)!.definition;
    });
    new Workflow(
      `workflow.${w.key}`,
      { key: w.key, tag: MANAGED_TAG, active: w.active, definition },
      { parent, dependsOn: [credential, ...(w.key === "notifications" ? notify.credentials : [])] },
    );
  }
}

function placeholderIds(blueprint: Blueprint): N8nTarget["crmIds"] {
  const pipelines = Object.fromEntries(
    Object.entries(blueprint.pipelines).map(([key, p]) => [key, { id: key, stages: Object.fromEntries(p.stages.map((s) => [s.key, s.key])) }]),
  );
  return { pipelines };
}
