/**
 * A form's fields and configuration in HubSpot's shapes (marketing forms, 2026-09-beta), from the kind's inputs and
 * the portal's contact properties, and back. Each field's type follows its property's; a new form has one field per
 * row, and an update keeps the rows the form has (two fields side by side stay so).
 */
import type {
  FormBody,
  FormFieldGroup,
  HubSpotClient,
  LiveForm,
  LiveFormField,
  LiveProperty,
} from "../../src/clients/hubspot";
import type { FormFieldSpec, FormInputs, FormSubmit } from "../../src/kinds/form";

import { FORM_CONTACTS as CONTACTS, FORM_OWNER_FIELD as OWNER_FIELD } from "../../src/clients/hubspot";

/** HubSpot's form field type for a property: by its field type, else by its type. */
export function formFieldType(p: LiveProperty): string {
  if (p.name === "email") return "email";
  if (p.fieldType === "phonenumber") return p.name === "mobilephone" ? "mobile_phone" : "phone";
  const byFieldType: Record<string, string> = {
    textarea: "multi_line_text",
    booleancheckbox: "single_checkbox",
    checkbox: "multiple_checkboxes",
    select: "dropdown",
    radio: "radio",
    file: "file",
    date: "datepicker",
    number: "number",
  };
  if (byFieldType[p.fieldType]) return byFieldType[p.fieldType];
  if (p.type === "number") return "number";
  if (p.type === "date" || p.type === "datetime") return "datepicker";
  if (p.type === "enumeration") return "dropdown";
  return "single_line_text";
}

/** What each field type carries beyond the common parts, with HubSpot's neutral values. */
function typeParts(type: string, p: LiveProperty): Record<string, unknown> {
  if (type === "email") return { validation: { useDefaultBlockList: false, blockedEmailDomains: [] } };
  if (type === "phone" || type === "mobile_phone")
    return { useCountryCodeSelect: false, validation: { minAllowedDigits: 7, maxAllowedDigits: 20 } };
  if (["dropdown", "radio", "multiple_checkboxes"].includes(type))
    return {
      options: (p.options ?? [])
        .filter((o) => !o.hidden)
        .map((o, i) => ({ label: o.label, value: o.value, displayOrder: i })),
      defaultValues: [],
    };
  return {};
}

/** One field bound to a contact property; its label is the blueprint's, else the form's, else the property's. */
export async function fieldBody(
  client: HubSpotClient,
  form: FormInputs,
  f: FormFieldSpec,
  current?: LiveFormField,
): Promise<LiveFormField> {
  const property = await client.findProperty("contacts", f.property);
  if (!property)
    throw new Error(`Form "${form.name}": its field's property "${f.property}" is not on contacts in HubSpot`);
  const fieldType = formFieldType(property);
  return {
    ...typeParts(fieldType, property),
    objectTypeId: CONTACTS,
    name: f.property,
    label: f.label ?? current?.label ?? property.label,
    fieldType,
    required: f.required,
    hidden: false,
    dependentFields: [],
  };
}

/** The hidden Contact owner field: the owner's id as its one value. */
export async function ownerField(client: HubSpotClient, form: FormInputs, email: string): Promise<LiveFormField> {
  const owner = (await client.listOwners()).find((o) => o.email.toLowerCase() === email);
  if (!owner) throw new Error(`Form "${form.name}": its owner ${email} is not an owner in HubSpot`);
  return {
    objectTypeId: CONTACTS,
    name: OWNER_FIELD,
    label: "Contact owner",
    fieldType: "dropdown",
    required: false,
    hidden: true,
    options: [{ label: email, value: owner.id, displayOrder: 0 }],
    defaultValues: [owner.id],
    dependentFields: [],
  };
}

const row = (field: LiveFormField): FormFieldGroup => ({
  groupType: "default_group",
  richTextType: "text",
  fields: [field],
});

/** Every field of a live form, row by row. */
export const liveFieldsOf = (live: Pick<LiveForm, "fieldGroups">): LiveFormField[] =>
  (live.fieldGroups ?? []).flatMap((g) => g.fields ?? []);

/** Whether revstack manages this live field: a visible contact field, or the owner's hidden one. */
const managed = (f: LiveFormField): boolean => f.objectTypeId === CONTACTS && (!f.hidden || f.name === OWNER_FIELD);

/**
 * The fields in rows as the live form holds them: a field joins the row before it when it came right after that
 * row's last field on the live form (so an unchanged order keeps every row, with the row's own settings); a new or
 * moved field starts a row of its own.
 */
function rowsLike(fields: LiveFormField[], live: FormFieldGroup[]): FormFieldGroup[] {
  const at = new Map(live.flatMap((g, r) => (g.fields ?? []).map((f, i) => [f.name, { r, i }] as const)));
  const rows: FormFieldGroup[] = [];
  let previous: { r: number; i: number } | undefined;
  for (const field of fields) {
    const place = at.get(field.name);
    if (place && previous && place.r === previous.r && place.i === previous.i + 1) rows.at(-1)!.fields.push(field);
    else rows.push(place ? { ...live[place.r], fields: [field] } : row(field));
    previous = place;
  }
  return rows;
}

/**
 * The form's rows: the blueprint's fields in order, then its owner field, then the hidden fields someone else put on
 * the form (kept as they are), in the rows the live form has them.
 */
export async function fieldGroups(client: HubSpotClient, form: FormInputs, live?: LiveForm): Promise<FormFieldGroup[]> {
  const current = live ? liveFieldsOf(live) : [];
  const fields: LiveFormField[] = [];
  for (const f of form.fields)
    fields.push(
      await fieldBody(
        client,
        form,
        f,
        current.find((c) => c.name === f.property),
      ),
    );
  if (form.owner) fields.push(await ownerField(client, form, form.owner));
  const others = current.filter((f) => !managed(f));
  return rowsLike([...fields, ...others], live?.fieldGroups ?? []);
}

export const postSubmitAction = (s: FormSubmit): FormBody["configuration"]["postSubmitAction"] =>
  "redirect" in s ? { type: "redirect_url", value: s.redirect } : { type: "thank_you", value: s.message };

export const submitOf = (live: LiveForm): FormSubmit => {
  const action = live.configuration?.postSubmitAction;
  return action?.type === "redirect_url" ? { redirect: action.value } : { message: action?.value ?? "" };
};

/** The configuration with the blueprint's parts (submit behaviour, lifecycle stage) over what HubSpot holds. */
export function configuration(form: FormInputs, current?: FormBody["configuration"]): FormBody["configuration"] {
  const others = (current?.lifecycleStages ?? []).filter((s) => s.objectTypeId !== CONTACTS);
  const stages =
    form.lifecycleStage === undefined
      ? current?.lifecycleStages
      : [...others, { objectTypeId: CONTACTS, value: form.lifecycleStage }];
  return {
    ...(current ?? NEW_CONFIGURATION),
    postSubmitAction: postSubmitAction(form.submit),
    ...(stages && { lifecycleStages: stages }),
  };
}

/** What HubSpot's editor gives a new form: the parts the API requires, none of which revstack manages. */
const NEW_CONFIGURATION = {
  createNewContactForNewEmail: true,
  editable: true,
  allowLinkToResetKnownValues: false,
  language: "en",
  prePopulateKnownValues: true,
  cloneable: true,
  notifyContactOwner: false,
  recaptchaEnabled: false,
  archivable: true,
  notifyRecipients: [],
};

export const NEW_DISPLAY_OPTIONS = {
  renderRawHtml: false,
  theme: "default_style",
  submitButtonText: "Submit",
  style: {
    fontFamily: "arial, helvetica, sans-serif",
    backgroundWidth: "100%",
    labelTextColor: "#33475b",
    labelTextSize: "14px",
    helpTextColor: "#7c98b6",
    helpTextSize: "11px",
    legalConsentTextColor: "#33475b",
    legalConsentTextSize: "14px",
    submitColor: "#ff7a59",
    submitAlignment: "left",
    submitFontColor: "#ffffff",
    submitSize: "12px",
  },
};
