/** The words of the property group's docs page (src/kinds/docs.ts writes docs/kinds/property-group.md). */
import type { KindDocs } from "./kind";
import type { PropertyGroupInputs } from "./property-group";

export const propertyGroupDocs: KindDocs<PropertyGroupInputs, PropertyGroupInputs> = {
  page: "property-group",
  title: "Property group",
  summary:
    "A group of CRM properties of one object type, from `properties.groups.<name>`. HubSpot keeps groups per object " +
    "type, so a blueprint group becomes one group for each object type whose properties use it. The groups the " +
    "blueprint's metrics need (`revstack_instrumentation`) are added for it.",
  example: `apiVersion: revstack/v1
kind: Blueprint
metadata: { name: attribution }
properties:
  groups:
    revstack_attribution: { label: Attribution }
  contacts:
    first_touch: { label: First touch, type: string, group: revstack_attribution }`,
  inputs: {
    key: { type: "key", blueprint: "—", meaning: "`<object type>-<name>`: the resource's name." },
    objectType: {
      type: "object type",
      blueprint: "the object type of the properties that use it",
      meaning: "`contacts`, `companies`, `deals` or `tickets`.",
    },
    name: { type: "internal name", blueprint: "`properties.groups.<name>`", meaning: "HubSpot's internal name." },
    label: { type: "string", meaning: "The name HubSpot shows." },
    displayOrder: {
      type: "integer",
      default: "its place among the blueprint's groups",
      meaning: "Its position in HubSpot's list.",
    },
  },
  outputs: {},
  adoption:
    "A group that already exists with the blueprint's name is taken over only when the stack adopts it " +
    "(`revstack:adopt` or `revstack:adoptObjects`). HubSpot's default groups (`contactinformation`, `dealinformation`, " +
    "…) may be used without declaring them; declaring one customizes it, and removing it from the blueprint " +
    "**releases** it: it is never deleted. A group the stack created is deleted when no property of the blueprint uses it.",
  dangers: [],
};
