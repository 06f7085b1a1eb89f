/** The words of the workflow's docs page (src/kinds/docs.ts writes docs/kinds/workflow.md from them and the kind). */
import type { KindDocs } from "./kind";
import type { WorkflowInputs, WorkflowOutputs } from "./workflow";

export const workflowDocs: KindDocs<WorkflowInputs, WorkflowOutputs> = {
  page: "workflow",
  title: "n8n workflow",
  summary:
    "An n8n workflow compiled from the blueprint's `routing`, SLAs and `automations` " +
    "([routing and automations](../routing-and-automations.md)), tagged as revstack's.",
  example: `apiVersion: revstack/v1
kind: Blueprint
metadata: { name: follow-up }
automations:
  - key: contract-follow-up
    on: { stageEntered: { pipeline: default, stage: contractsent } }
    do: [ { createTask: { for: owner, title: Follow up on the contract } } ]`,
  inputs: {
    key: {
      type: "key",
      blueprint: "— (`routing`, `sla-timers`, `automation-<key>`)",
      meaning: "Which part of the blueprint it was compiled from.",
    },
    definition: { type: "n8n workflow", blueprint: "— (compiled)", meaning: "Its nodes and connections." },
    active: { type: "boolean", blueprint: "— (always active)", meaning: "Whether it runs." },
    tag: { type: "string", blueprint: "—", meaning: "The tag that marks the workflows revstack manages." },
  },
  outputs: {
    tagged: "Whether it carries the tag (someone may have removed it in n8n).",
    versionId: "n8n's version of its content: changes when anyone saves new content.",
  },
  adoption:
    "Workflows are the stack's own, found by the id it recorded; a workflow edited in n8n is drift, shown node by node " +
    "and put back by the next `up`.",
  dangers: [
    "A workflow switched off (in a change, or found off in n8n) does nothing: no lead is routed, no SLA checked, or its automation does not fire; drift and preview list it among the dangers.",
  ],
};
