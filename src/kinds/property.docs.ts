/** The words of the property's docs page (src/kinds/docs.ts writes docs/kinds/property.md from them and the kind). */
import type { KindDocs } from "./kind";
import type { PropertyInputs, PropertyOutputs } from "./property";

const setting = (meaning: string, type = "boolean", defaultValue?: string) => ({
  type,
  meaning,
  ...(defaultValue && { default: defaultValue }),
});

export const propertyDocs: KindDocs<PropertyInputs, PropertyOutputs> = {
  page: "property",
  title: "Property",
  summary:
    "A CRM property of one object type, from `properties.<object>.<name>`: a custom one, or one of HubSpot's own that " +
    "the blueprint customizes. A `bool` becomes HubSpot's Yes/No enumeration. The properties the blueprint's metrics " +
    "need to be measurable are added for it, in the `revstack_instrumentation` group.",
  example: `apiVersion: revstack/v1
kind: Blueprint
metadata: { name: attribution }
properties:
  groups: { revstack_attribution: { label: Attribution } }
  contacts:
    lead_source:
      label: Lead source
      type: enumeration
      group: revstack_attribution
      options:
        - { value: demo_request, label: Demo request, description: From the demo form }
        - { value: webinar, label: Webinar, hidden: true }`,
  inputs: {
    key: { type: "key", blueprint: "—", meaning: "`<object type>-<name>`: the resource's name." },
    objectType: {
      type: "object type",
      blueprint: "`properties.<object>`",
      meaning: "`contacts`, `companies`, `deals` or `tickets`.",
    },
    name: { type: "internal name", blueprint: "`properties.<object>.<name>`", meaning: "HubSpot's internal name." },
    label: { type: "string", meaning: "The name HubSpot shows." },
    type: {
      type: "`string`, `number`, `date`, `datetime`, `enumeration`, `bool`, `phone_number`",
      meaning: "What values it holds.",
    },
    fieldType: {
      type: "HubSpot field type",
      default: "the type's own (`text`, `number`, `date`, `select`, `booleancheckbox`, `phonenumber`)",
      meaning: "How HubSpot shows it (e.g. `checkbox`, `calculation_equation`).",
    },
    groupName: { type: "group name", meaning: "Its [property group](property-group.md)." },
    description: { type: "string", default: "empty", meaning: "The help text HubSpot shows." },
    options: {
      type: "list of `{ value, label, hidden?, description? }`",
      default: "Yes/No for `bool`",
      hubspot: "options",
      meaning: "An enumeration's options, in display order.",
    },
    allowTypeChange: {
      type: "boolean",
      default: "false",
      meaning: "Opts in to a type change while records hold values (their values may be lost).",
    },
    hasUniqueValue: setting(
      "Whether HubSpot keeps its values unique; set when created, never after.",
      "boolean",
      "false",
    ),
    formField: setting("Whether forms may use it.", "boolean", "false"),
    hidden: setting("Whether HubSpot hides it.", "boolean", "false"),
    displayOrder: setting("Its position in its group.", "integer", "-1"),
    dataSensitivity: setting(
      "How sensitive its values are.",
      "`non_sensitive`, `sensitive`, `highly_sensitive`",
      "`non_sensitive`",
    ),
    numberDisplayHint: setting(
      "How a number reads.",
      "`unformatted`, `formatted`, `currency`, `percentage`, `duration`, `probability`",
    ),
    showCurrencySymbol: setting("Whether a currency shows its symbol.", "boolean", "false"),
    currencyPropertyName: setting("The property that holds a currency amount's currency.", "property name"),
    calculationFormula: setting("The formula of a `calculation_equation`.", "formula"),
  },
  outputs: { hubspotDefined: "Whether HubSpot made it (one of its default properties): never deleted." },
  adoption:
    "A property that already exists with the blueprint's name is taken over only when the stack adopts it " +
    "(`revstack:adopt` or `revstack:adoptObjects`); every type and field type can be adopted, and rollups and scores " +
    "can only be adopted (HubSpot's API cannot create them). A setting the blueprint leaves out is not managed. " +
    "HubSpot's default properties (`country`, `hs_lead_status`, …) may be used without declaring them; declaring one " +
    "customizes it (its options, its label) without owning it. Removing an adopted or default property from the " +
    "blueprint **releases** it: nothing is deleted. A property the stack created is deleted when it leaves the blueprint.",
  dangers: [
    "Deleting a property deletes the value every record holds in it: the apply counts the records that hold one and stops, naming the count, before any write.",
    "Removing an option: records that hold it keep the value, but it can no longer be chosen; the apply counts them first.",
    "A type or field type change while records hold values stops before any write, naming the count, unless the property says `allowTypeChange: true`.",
    "HubSpot cannot restore an archived property nor make another with its name: the apply says where to restore it.",
  ],
};
