import type { LiveStage, StageInput } from "../../src/clients/hubspot";
import type { StageSpec } from "../../src/plan/crm";

/** HubSpot's stage metadata for a blueprint stage: a deal's probability or a ticket's state, as strings. */
export function stageInput(objectType: string, s: Omit<StageSpec, "key">): StageInput {
  const metadata: Record<string, string> =
    objectType === "deals"
      ? { probability: (s.probability ?? 0).toFixed(1) }
      : { ticketState: s.ticketState ?? "OPEN" };
  return { label: s.label, displayOrder: s.displayOrder, metadata };
}

/** A live stage in the blueprint's terms. */
export function stageSpec(objectType: string, key: string, s: LiveStage): StageSpec {
  const base = { key, label: s.label, displayOrder: s.displayOrder };
  if (objectType === "deals") return { ...base, probability: Number(s.metadata?.probability ?? 0) };
  return { ...base, ticketState: s.metadata?.ticketState === "CLOSED" ? "CLOSED" : "OPEN" };
}
