/**
 * A pipeline stage: its label, position, probability (deals) or ticket state. Which stages exist is the pipeline's
 * business (./pipeline): the pipeline creates a stage and hands its id to the stage resource, and removes it,
 * moving its records first. What removing a stage means is worded here, for `plan` and `preview` alike, and how a
 * stage reads in HubSpot's metadata, for the providers and `export` alike.
 */
import type { Stage } from "../blueprint/model";
import type { LiveStage, StageInput } from "../clients/hubspot";
import { percent, quote } from "../words/describe";
import { position, type Kind } from "./kind";
import { known } from "./unknown";
import { stageDocs } from "./stage.docs";

/** A blueprint stage as HubSpot holds it, in its pipeline's spec (./pipeline). */
export interface StageSpec {
  key: string;
  label: string;
  displayOrder: number;
  /** Deals: win probability 0..1 in steps of 0.1. */
  probability?: number;
  /** Tickets: whether a ticket in this stage is closed. */
  ticketState?: "OPEN" | "CLOSED";
}

export interface StageInputs extends StageSpec {
  objectType: string;
  pipelineId: string;
  stageId: string;
}

export const stageKind: Kind<StageInputs> = {
  module: "hubspot",
  name: "PipelineStage",
  docs: stageDocs,
  identity: ["objectType", "pipelineId", "stageId"],
  fields: [
    { key: "label", label: "label", format: quote },
    { key: "probability", label: "probability", format: percent },
    { key: "displayOrder", label: "position", format: position },
    { key: "ticketState", label: "ticket state", format: (v: string) => v.toLowerCase() },
  ],
  outputOnly: ["stageId", "pipelineId"],
  describe: (s) => `Stage "${s.label}" (id ${s.stageId})`,
  words: {
    section: "pipelines",
    scope: (_p, parentLabel) => parentLabel,
    subject: (p) => `Stage ${quote(p.label ?? "")}`,
    summary: (p) => {
      const probability = known(p.probability);
      return probability === undefined ? "" : `probability ${percent(probability)}`;
    },
    deleteDanger: null,
  },
};

/** A stage leaving its pipeline, in the review's words, with the danger a reviewer must read. */
export function stageRemoval(
  label: string,
  key: string,
  records: string,
  moveToLabel: string | undefined,
): { message: string; danger: string } {
  if (moveToLabel !== undefined) {
    return {
      message: `Stage ${quote(label)} retired: its ${records} move to ${moveToLabel}`,
      danger: "moves every record in the stage, then deletes the stage",
    };
  }
  return {
    message: `Stage ${quote(label)} removed`,
    danger: `${records} still in ${quote(label)} have nowhere to go: add retiredStages { key: ${key}, moveTo: <stage> } or the apply stops`,
  };
}

/**
 * What HubSpot stores for a blueprint stage: a deal's probability or a ticket's state, as strings; a custom object's
 * stage holds neither (HubSpot publishes those two for deals and tickets only), so its metadata is HubSpot's blank one.
 */
export function hubspotStage(objectType: string, s: Omit<StageSpec, "key">): StageInput {
  const metadata: Record<string, string> =
    objectType === "deals"
      ? { probability: (s.probability ?? 0).toFixed(1) }
      : objectType === "tickets"
        ? { ticketState: s.ticketState ?? "OPEN" }
        : {};
  return { label: s.label, displayOrder: s.displayOrder, metadata };
}

/** A live stage in the blueprint's terms (the inverse of `hubspotStage`). */
export function liveStageSpec(objectType: string, key: string, s: LiveStage): StageSpec {
  const base = { key, label: s.label, displayOrder: s.displayOrder };
  if (objectType === "deals") return { ...base, probability: Number(s.metadata?.probability ?? 0) };
  if (objectType !== "tickets") return base;
  return { ...base, ticketState: s.metadata?.ticketState === "CLOSED" ? "CLOSED" : "OPEN" };
}

/** A blueprint stage as its pipeline plans it: a deal's probability or a ticket's state (a custom object's: neither). */
export function stageSpec(objectType: string, stage: Stage, displayOrder: number): StageSpec {
  const base = { key: stage.key, label: stage.label, displayOrder };
  if (objectType === "tickets") return { ...base, ticketState: stage.closed ? "CLOSED" : "OPEN" };
  if (objectType !== "deals") return base;
  // HubSpot treats 1.0 as won and 0.0 as lost; a closed stage without a probability means exactly that.
  const probability = stage.probability ?? (stage.closed === "won" ? 1 : 0);
  return { ...base, probability };
}
