/** The words of the pipeline's docs page (src/kinds/docs.ts writes docs/kinds/pipeline.md from them and the kind). */
import type { KindDocs } from "./kind";
import type { PipelineInputs, PipelineOutputs } from "./pipeline";

export const pipelineDocs: KindDocs<PipelineInputs, PipelineOutputs> = {
  page: "pipeline",
  title: "Pipeline",
  summary:
    "A HubSpot deal, ticket or custom object pipeline, from the blueprint's `pipelines.<key>`. The pipeline also owns *which* stages " +
    "exist: it creates the blueprint's stages in its first write and removes the ones the blueprint no longer has; " +
    "each stage's own fields are a [stage](stage.md)'s.",
  example: `apiVersion: revstack/v1
kind: Blueprint
metadata: { name: sales }
pipelines:
  new-business:
    label: New Business
    object: deals
    stages:
      - { key: discovery, label: Discovery, probability: 0.1 }
      - { key: demo, label: Demo Scheduled, probability: 0.3 }
      - { key: won, label: Closed Won, probability: 1.0, closed: won }
      - { key: lost, label: Closed Lost, probability: 0.0, closed: lost }
    retiredStages:
      - { key: evaluation, moveTo: demo }   # a stage that is gone, and where its deals go`,
  inputs: {
    key: { type: "key", blueprint: "`pipelines.<key>`", meaning: "The blueprint's key: the resource's name." },
    objectType: {
      type: "`deals`, `tickets` or `p_<name>`",
      blueprint: "`object` (`deals`, `tickets` or a key of `customObjects:`)",
      default: "`deals`",
      meaning:
        "What the pipeline holds; a custom object as HubSpot's APIs name it, made before its pipeline " +
        "([custom objects](../custom-objects.md#pipelines-of-a-custom-object)).",
    },
    label: {
      type: "string",
      meaning: "The name HubSpot shows; unique per object type (compared as HubSpot compares labels).",
    },
    displayOrder: {
      type: "integer",
      default: "its place among the blueprint's pipelines of that object type, from 0",
      meaning: "Its position in HubSpot's list.",
    },
    stages: {
      type: "list of stages",
      change: "a stage added or removed is written by the pipeline; a stage's fields by the stage",
      meaning: "Its stages in order; see [stage](stage.md).",
    },
    retiredStages: {
      type: "list of `{ key, moveTo }`",
      meaning: "Stages that left the blueprint and the stage that receives their records before they are deleted.",
    },
    labelHolders: {
      type: "list of keys",
      blueprint: "— (set by the program)",
      meaning:
        "This stack's pipelines that hold this pipeline's new label and pass it on in the same edit: they get a " +
        "temporary label first, so labels can be swapped in one `up`.",
    },
  },
  outputs: {
    hubspotId: "HubSpot's id of the pipeline.",
    stageIds: "Each blueprint stage key's HubSpot stage id, for the workflows that refer to the stages.",
    unmanagedStages:
      "Stages found in HubSpot that no blueprint stage accounts for (added by hand): the next `up` removes them.",
  },
  matching:
    "A pipeline is found by its label among the portal's pipelines of its object type, as HubSpot compares labels. " +
    "HubSpot's default pipelines (deals `default`, tickets `0`) are the same in every portal: declared under their " +
    "keys (`default`, `support`), their stages are found by HubSpot's stage ids, so a default stage can be renamed in place.",
  adoption:
    "A pipeline that already exists with the blueprint's label is taken over only when the stack adopts it " +
    "(`pulumi config set revstack:adopt true`, or just this one in `revstack:adoptObjects`), and no other stack owns " +
    "it; otherwise the create stops before any write and says how to adopt it. `revstack export` writes a blueprint of " +
    "a portal's pipelines, which a stack then adopts without a write. Removing an adopted pipeline, or HubSpot's default " +
    "one, from the blueprint **releases** it: nothing is deleted, it stays in HubSpot as it is. A pipeline the stack " +
    "created is deleted when it leaves the blueprint.",
  dangers: [
    "Removing a pipeline deletes it and its stages: the apply counts its records first and stops, naming the count, if it still holds any (HubSpot would not refuse).",
    "Removing a stage that holds records stops before any write, naming the stage and the count, unless `retiredStages` says where they go; then they are moved first, 100 per batch.",
    "A stage added by hand in HubSpot is removed by the next `up`, unless records are in it (the apply then stops).",
  ],
};
