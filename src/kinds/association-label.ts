/** A user-defined association label between two objects (Decision maker, Billing contact), paired or not. */
import type { Blueprint } from "../blueprint/model";
import { KEY_PREFIX } from "../blueprint/object-keys";
import { quote } from "../words/describe";
import type { PlannedKind } from "./kind";
import { customObjectKind, isCustomTarget } from "./custom-object";
import { associationLabelDocs } from "./association-label.docs";

export interface AssociationLabelInputs {
  /** The blueprint's key: the label's internal name. */
  key: string;
  name: string;
  /** The two objects it joins, as the blueprint names them (a standard object or a custom object's name). */
  from: string;
  to: string;
  label: string;
  /** What it is called from `to`, for a paired label. */
  inverseLabel?: string;
}

export interface AssociationLabelOutputs extends AssociationLabelInputs {
  /** HubSpot's association type id from `from` to `to`. */
  typeId: number;
  /** The way back's type id, for a paired label. */
  inverseTypeId?: number;
}

function labelSpecs(blueprint: Blueprint): AssociationLabelInputs[] {
  return Object.entries(blueprint.associationLabels ?? {}).map(([name, l]) => ({
    key: name,
    name,
    from: l.from,
    to: l.to,
    label: l.label,
    ...(l.inverseLabel !== undefined && { inverseLabel: l.inverseLabel }),
  }));
}

export const associationLabelName = (p: { label?: unknown; from?: unknown; to?: unknown }): string =>
  `Association label ${quote(String(p.label ?? ""))} (${String(p.from ?? "")} → ${String(p.to ?? "")})`;

export const associationLabelKind: PlannedKind<"associationLabels", AssociationLabelInputs, AssociationLabelOutputs> = {
  module: "hubspot",
  name: "AssociationLabel",
  docs: associationLabelDocs,
  planned: {
    list: "associationLabels",
    specs: labelSpecs,
    after: { kind: customObjectKind, keys: (l) => [l.from, l.to].filter(isCustomTarget) },
  },
  identity: ["name", "from", "to"],
  fields: [
    { key: "label", label: "label", format: quote },
    { key: "inverseLabel", label: "inverse label", format: quote, optional: true },
  ],
  outputOnly: ["typeId", "inverseTypeId"],
  naturalKey: {
    prefix: KEY_PREFIX.label,
    word: "Association label",
    of: (i) => `${i.from}/${i.to}/${i.name}`,
  },
  describe: (l) => `Association label "${l.name}" (${l.from} → ${l.to})`,
  words: {
    section: "objects",
    scope: () => "Association labels",
    subject: associationLabelName,
    summary: (p) => (typeof p.inverseLabel === "string" ? `paired: ${quote(p.inverseLabel)} the other way` : "one way"),
    deleteDanger: () =>
      "deletes the label: the associations that carry it lose it; revstack stops first when any does, with their count",
  },
};
