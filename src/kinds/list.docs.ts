/** The words of the list's docs page (src/kinds/docs.ts writes docs/kinds/list.md from them and the kind). */
import type { KindDocs } from "./kind";
import type { ListInputs, ListOutputs } from "./list";

export const listDocs: KindDocs<ListInputs, ListOutputs> = {
  page: "list",
  title: "List",
  summary:
    "A HubSpot list (segment, Lists API) from `lists.<key>`: a **dynamic** list whose members follow filters written " +
    "in routing's condition language (`when:` with `all:` or `any:` of `{ property, op, value }`), a **manual** list " +
    "whose members are added by hand, or a **snapshot** list that takes its filters' matches once. Each filter's " +
    "property must exist on the list's object; revstack writes HubSpot's filter branches from it, by the property's type.",
  example: `apiVersion: revstack/v1
kind: Blueprint
metadata: { name: segments }
properties:
  contacts:
    company_size: { label: Company size, type: number, group: contactinformation }
lists:
  enterprise-icp:
    name: Enterprise ICP
    object: contacts
    type: dynamic
    when:
      all:
        - { property: company_size, op: gte, value: 1000 }
        - { property: country, op: in, value: [United States, Canada] }
  event-invitees: { name: Event invitees, type: manual }`,
  inputs: {
    key: { type: "key", blueprint: "`lists.<key>`", meaning: "The blueprint's key: the resource's name." },
    name: {
      type: "string",
      meaning: "The name HubSpot shows, unique in the portal; with the object, its natural key.",
    },
    objectType: {
      type: "contacts, companies, deals or tickets",
      blueprint: "`object`",
      default: "contacts",
      meaning: "What the list segments; changing it makes a new list.",
    },
    processingType: {
      type: "dynamic, manual or snapshot",
      blueprint: "`type`",
      default: "dynamic",
      meaning: "How members join; HubSpot cannot change it, so changing it makes a new list.",
    },
    when: {
      type: "condition group",
      hubspot: "filterBranch",
      meaning:
        "The filters (dynamic and snapshot lists): `all:` is one AND branch, `any:` an AND branch per condition. " +
        "eq, neq, gt, gte, lt, lte on numbers; eq, neq, in, not_in on options; eq, neq, contains, in, not_in on " +
        "text; known and unknown on anything.",
    },
  },
  outputs: { listId: "HubSpot's id of the list." },
  matching: "A list is found by its object and its name (HubSpot compares names without case).",
  adoption:
    "A list that already exists with the blueprint's name is taken over only when the stack adopts it " +
    "(`revstack:adopt` or `revstack:adoptObjects: [list:contacts/Enterprise ICP]`); `revstack export` writes the " +
    "portal's lists whose filters the condition language can say. Removing an adopted list from the blueprint " +
    "**releases** it: it stays in HubSpot as it is.",
  dangers: [
    "Removing a list this stack made deletes it in HubSpot. When other lists filter on it (`IN_LIST`) or HubSpot " +
      "workflows use it, `pulumi up` stops before its first write and counts them; a preview warns with the same counts.",
    "A manual list's members were added by hand: deleting it loses who they were.",
  ],
};
