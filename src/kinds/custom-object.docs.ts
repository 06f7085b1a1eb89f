/** The words of the custom object's docs page (src/kinds/docs.ts writes docs/kinds/custom-object.md). */
import type { CustomObjectInputs, CustomObjectOutputs } from "./custom-object";
import type { KindDocs } from "./kind";

export const customObjectDocs: KindDocs<CustomObjectInputs, CustomObjectOutputs> = {
  page: "custom-object",
  title: "Custom object",
  summary:
    "A custom object schema (HubSpot's `crm-object-schemas`), from `customObjects.<name>`: what one record and " +
    "several are called, the property that names a record, the properties shown under it, searched and required, " +
    "its own properties, and the objects its records associate with (standard ones or another custom object). " +
    "HubSpot adds `hs_object_id`, `hs_createdate`, `hs_lastmodifieddate`, `hs_pipeline` and `hs_pipeline_stage` itself; conditions may test them.",
  example: `apiVersion: revstack/v1
kind: Blueprint
metadata: { name: subscriptions }
customObjects:
  subscription:
    labels: { singular: Subscription, plural: Subscriptions }
    primaryDisplayProperty: subscription_name
    secondaryDisplayProperties: [plan]
    searchableProperties: [subscription_name]
    requiredProperties: [subscription_name]
    properties:
      subscription_name: { label: Subscription name, type: string }
      plan:
        label: Plan
        type: enumeration
        options:
          - { value: starter, label: Starter }
          - { value: growth, label: Growth }
      mrr: { label: MRR, type: number }
    associations: [companies, contacts, deals]`,
  inputs: {
    key: { type: "internal name", blueprint: "`customObjects.<name>`", meaning: "The resource's name." },
    name: {
      type: "internal name",
      blueprint: "`customObjects.<name>`",
      meaning: "HubSpot's internal name; changing it makes another object (the old one is deleted or released).",
    },
    singularLabel: { type: "string", blueprint: "`labels.singular`", meaning: "What one record is called." },
    pluralLabel: { type: "string", blueprint: "`labels.plural`", meaning: "What several records are called." },
    description: { type: "string", default: "not managed", meaning: "What the object is for." },
    primaryDisplayProperty: { type: "property name", meaning: "The property that names a record; one of its own." },
    secondaryDisplayProperties: {
      type: "list of property names",
      default: "none",
      meaning: "Shown under a record's name.",
    },
    searchableProperties: {
      type: "list of property names",
      default: "none",
      meaning: "Searched by HubSpot's search bar.",
    },
    requiredProperties: {
      type: "list of property names",
      default: "none",
      meaning: "A record cannot be made without them.",
    },
    properties: {
      type: "map of properties",
      meaning: "Its own properties: `label`, `type`, `fieldType`, `description`, `options` as a property's.",
      change:
        "a new property is created, a changed one updated; one that leaves the blueprint stays in HubSpot with its values",
    },
    associations: {
      type: "list of objects",
      default: "none",
      meaning: "`contacts`, `companies`, `deals`, `tickets` or another custom object's name.",
      change:
        "a new one is added; one that leaves the blueprint is refused before anything is written (removing it would drop every record's associations)",
    },
  },
  outputs: {
    objectTypeId: "`2-<id>`: how HubSpot's other APIs name the object.",
    fullyQualifiedName: "`p<portal id>_<name>`.",
  },
  matching: "By internal name, without case (HubSpot's names are unique that way).",
  adoption:
    "A custom object that already exists with the blueprint's name is taken over only when the stack adopts it " +
    "(`revstack:adopt` or `revstack:adoptObjects` with `schema:<name>`); adopting one as it is writes nothing. " +
    "Removing an adopted object from the blueprint **releases** it: it stays in HubSpot with its records.",
  dangers: [
    "Deleting a custom object the stack created while it holds records: `pulumi up` stops before its first write " +
      "and says how many records it holds (a preview says it as a warning). Delete or move the records first.",
    "Removing an association target: refused before anything is written, since HubSpot would drop every " +
      "record's associations of that pair.",
  ],
};
