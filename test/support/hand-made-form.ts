// A form as HubSpot's editor makes it (one group of contact fields), for tests that build a portal by hand through
// /marketing/forms/2026-09-beta rather than through revstack.

/** [property, label, HubSpot field type, required] */
export type HandMadeField = [name: string, label: string, fieldType: string, required: boolean];

export interface HandMadeForm {
  name: string;
  fields: HandMadeField[];
  /** What the visitor gets after submitting: HubSpot's postSubmitAction. */
  submit: { type: "thank_you" | "redirect_url"; value: string };
  lifecycleStage: string;
  button: string;
}

export function handMadeForm(form: HandMadeForm) {
  const field = ([name, label, fieldType, required]: HandMadeField) => ({
    objectTypeId: "0-1",
    name,
    label,
    fieldType,
    required,
    hidden: false,
    dependentFields: [],
  });
  return {
    name: form.name,
    formType: "hubspot",
    fieldGroups: [{ groupType: "default_group", richTextType: "text", fields: form.fields.map(field) }],
    configuration: {
      language: "en",
      postSubmitAction: form.submit,
      lifecycleStages: [{ objectTypeId: "0-1", value: form.lifecycleStage }],
    },
    displayOptions: { renderRawHtml: false, theme: "default_style", submitButtonText: form.button, style: {} },
    legalConsentOptions: { type: "none" },
  };
}
