/** The words of the form's docs page (src/kinds/docs.ts writes docs/kinds/form.md from them and the kind). */
import type { FormInputs, FormOutputs } from "./form";
import type { KindDocs } from "./kind";

export const formDocs: KindDocs<FormInputs, FormOutputs> = {
  page: "form",
  title: "Form",
  summary:
    "A HubSpot form (marketing forms API) from `forms.<key>`: its fields, each bound to a contact property (its type " +
    "on the form follows the property's: an email field for `email`, a phone field for a phone number, a dropdown for " +
    "a select, a date picker for a date…), whether each is required, what the visitor sees after sending, and the " +
    "lifecycle stage and owner the form gives the contacts it creates. Each field's property must exist on contacts " +
    "(declared under `properties.contacts`, or one of HubSpot's).",
  example: `apiVersion: revstack/v1
kind: Blueprint
metadata: { name: forms }
owners:
  - { email: ann@acme.test }
forms:
  contact-sales:
    name: Contact sales
    fields:
      - { property: email, label: Work email, required: true }
      - { property: firstname, label: First name }
      - { property: company, label: Company, required: true }
      - { property: phone, label: Phone }
    submit: { message: "Thanks! Someone from sales will call you within a day." }
    lifecycleStage: salesqualifiedlead
    owner: ann@acme.test`,
  inputs: {
    key: { type: "key", blueprint: "`forms.<key>`", meaning: "The blueprint's key: the resource's name." },
    name: { type: "string", meaning: "The name HubSpot shows, unique in the portal; the form's natural key." },
    fields: {
      type: "list of `{ property, label, required }`",
      hubspot: "fieldGroups",
      meaning:
        "The fields in order, one per row. `label` defaults to the property's label in HubSpot; `required` to false. " +
        "Each field's type on the form is the property's (HubSpot's field types: email, phone, single_line_text, " +
        "multi_line_text, number, single_checkbox, multiple_checkboxes, dropdown, radio, datepicker, file).",
      change:
        "Adding a field, relabelling it, making it required or optional, reordering: an update of the form. Removing " +
        "one is an update too, and a danger (below).",
    },
    submit: {
      type: "`{ message }` or `{ redirect }`",
      hubspot: "configuration.postSubmitAction",
      default: "`{ message: Thanks for submitting the form. }`",
      meaning:
        "What the visitor sees after sending: a thank-you message in place of the form, or another page (a URL).",
    },
    lifecycleStage: {
      type: "lifecycle stage",
      hubspot: "configuration.lifecycleStages",
      meaning:
        "The lifecycle stage the form sets on the contacts it creates or updates: one of HubSpot's " +
        "(`lead`, `marketingqualifiedlead`…) or the blueprint's `lifecycle.stages`. Left out, it is not managed.",
    },
    owner: {
      type: "owner email",
      hubspot: "a hidden `hubspot_owner_id` field",
      meaning:
        "The owner the form gives the contacts it creates. HubSpot's form API has no owner setting: revstack adds a " +
        "hidden Contact owner field whose value is that owner's id in the portal (the owner must exist there). Left " +
        "out, it is not managed. Routing (`routing:`) assigns owners by rules instead; use one or the other.",
    },
    retiredFields: {
      type: "list of contact property names",
      blueprint: "`retiredFields`",
      meaning:
        "Fields taken off the form on purpose: the removal goes through without counting. Not written to HubSpot; " +
        "the contacts keep the values they gave.",
    },
  },
  outputs: { formId: "HubSpot's id of the form." },
  matching: "A form is found by its name, as HubSpot compares names (without case).",
  adoption:
    "A form that already exists with the blueprint's name is taken over only when the stack adopts it " +
    "(`revstack:adopt` or `revstack:adoptObjects: [form:Contact sales]`), with no write when it matches; " +
    "`revstack export` writes the portal's forms whose fields are contact properties. Removing an adopted form " +
    "from the blueprint **releases** it: it stays in HubSpot as it is. revstack manages a form's name, fields, submit " +
    "behaviour, lifecycle stage and owner; its style, consent options and notification settings stay as HubSpot holds them.",
  dangers: [
    "Removing a field stops the form collecting that property. HubSpot publishes no form-submissions read in its " +
      "2026 API generation, so revstack counts the **contacts holding a value of the field's property** (the data " +
      "that field fills) before the first write: when any do, `pulumi up` stops with the count and a preview warns " +
      "with it. Name the property under the form's `retiredFields` to take it off on purpose.",
    "Removing a form this stack made deletes it in HubSpot (HubSpot archives it): pages that embed it show nothing. " +
      "It is counted first as a field is, field by field: when contacts hold a value of any of its fields' " +
      "properties, `pulumi up` stops before the first write with the counts and a preview warns; keep the form, or " +
      "delete it in HubSpot by hand if you mean to.",
    "An update keeps the rows the form's fields sit in (several fields per row made in HubSpot's editor stay so); " +
      "a new field, or one moved before another, gets a row of its own.",
  ],
};
