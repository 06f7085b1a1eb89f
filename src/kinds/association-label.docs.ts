/** The words of the association label's docs page (src/kinds/docs.ts writes docs/kinds/association-label.md). */
import type { AssociationLabelInputs, AssociationLabelOutputs } from "./association-label";
import type { KindDocs } from "./kind";

export const associationLabelDocs: KindDocs<AssociationLabelInputs, AssociationLabelOutputs> = {
  page: "association-label",
  title: "Association label",
  summary:
    "A user-defined association label (HubSpot's associations schema), from `associationLabels.<name>`: what an " +
    "association from one object to another is called (a deal's *Decision maker* contact). With `inverseLabel` it is " +
    "a paired label, called one thing from each side (*Billing contact* / *Billed company*). Either object may be a " +
    "standard one or one of the blueprint's custom objects.",
  example: `apiVersion: revstack/v1
kind: Blueprint
metadata: { name: buying-committee }
associationLabels:
  decision_maker: { from: deals, to: contacts, label: Decision maker }
  billing_contact: { from: contacts, to: companies, label: Billing contact, inverseLabel: Billed company }`,
  inputs: {
    key: { type: "internal name", blueprint: "`associationLabels.<name>`", meaning: "The resource's name." },
    name: {
      type: "internal name",
      blueprint: "`associationLabels.<name>`",
      meaning: "HubSpot's internal name; it is what a record's association carries.",
    },
    from: { type: "object", meaning: "`contacts`, `companies`, `deals`, `tickets` or a custom object's name." },
    to: { type: "object", meaning: "`contacts`, `companies`, `deals`, `tickets` or a custom object's name." },
    label: { type: "string", meaning: "What the association is called from `from`." },
    inverseLabel: {
      type: "string",
      default: "none (a one-way label)",
      meaning:
        "What it is called from `to`: a paired label. HubSpot pairs a label only when it is created: adding one to a one-way label is refused.",
    },
  },
  outputs: {
    typeId: "HubSpot's association type id from `from` to `to`.",
    inverseTypeId: "The way back's type id, for a paired label.",
  },
  matching: "By its text from `from` to `to` (HubSpot lists a label's text and type id, not its internal name).",
  adoption:
    "A label that already exists with the blueprint's text is taken over only when the stack adopts it " +
    "(`revstack:adoptObjects` with `label:<from>/<to>/<name>`); adopting one as it is writes nothing. " +
    "Removing an adopted label from the blueprint **releases** it: it stays in HubSpot on every association that carries it.",
  dangers: [
    "Removing a label the stack created while associations carry it: `pulumi up` stops before its first write and " +
      "says how many associations use it (HubSpot does not refuse; revstack counts them by reading the `from` " +
      "object's records). A preview says it as a warning.",
  ],
};
