/** The words of the stage's docs page (src/kinds/docs.ts writes docs/kinds/stage.md from them and the kind). */
import type { KindDocs } from "./kind";
import type { StageInputs } from "./stage";

export const stageDocs: KindDocs<StageInputs, StageInputs> = {
  page: "stage",
  title: "Pipeline stage",
  summary:
    "One stage of a [pipeline](pipeline.md), from `pipelines.<key>.stages[]`: its label, position, and a deal's " +
    "probability or a ticket's state. The pipeline creates and removes stages; this resource edits one stage's fields, " +
    "so editing one stage is one write.",
  example: `apiVersion: revstack/v1
kind: Blueprint
metadata: { name: support }
pipelines:
  support-desk:
    label: Support desk
    object: tickets
    stages:
      - { key: new, label: New }
      - { key: solved, label: Solved, closed: won }`,
  inputs: {
    key: { type: "key", blueprint: "stage `key`", meaning: "The blueprint's key of the stage." },
    label: { type: "string", meaning: "The name HubSpot shows; unique within the pipeline." },
    displayOrder: {
      type: "integer",
      blueprint: "its place in `stages`",
      meaning: "Its position in the pipeline, from 0.",
    },
    probability: {
      type: "0.0–1.0 in steps of 0.1",
      default: "1.0 for `closed: won`, else 0.0",
      meaning: "Deals: the win probability (1.0 closed won, 0.0 closed lost).",
    },
    ticketState: {
      type: "`OPEN` or `CLOSED`",
      blueprint: "`closed`",
      default: "`OPEN`",
      meaning: "Tickets: whether a ticket in this stage is closed.",
    },
    objectType: {
      type: "`deals` or `tickets`",
      blueprint: "its pipeline's `object`",
      meaning: "What its pipeline holds.",
    },
    pipelineId: { type: "id", blueprint: "— (its pipeline's)", meaning: "HubSpot's id of its pipeline." },
    stageId: {
      type: "id",
      blueprint: "— (its pipeline's)",
      meaning: "HubSpot's id of the stage, which its pipeline made.",
    },
  },
  outputs: {},
  matching:
    "Its pipeline matches live stages to the blueprint's by label (as HubSpot compares labels), else by an id equal to " +
    "the key; a default pipeline's stages by HubSpot's stage id. Labels swapped between stages in one edit pass through " +
    "a temporary label (`<label> (renaming <id>)`), so one `up` ends exactly at the blueprint.",
  adoption:
    "A stage follows its pipeline: adopted with it, released with it. A default stage of HubSpot's default pipeline " +
    "left out of the declaration is released (it stays, with its records); it is never deleted.",
  dangers: [
    "Removing a stage is its pipeline's change: records still in it stop the apply unless `retiredStages` says where they go (see [pipeline](pipeline.md)).",
  ],
};
