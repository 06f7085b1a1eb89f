/**
 * The portal's forms as a blueprint writes them (`forms:`), so an export adopts them with no write: fields in order,
 * each with its label and whether it is required, the submit behaviour, the lifecycle stage and the owner (HubSpot's
 * hidden Contact owner field). A form a blueprint cannot say (a field of another object, a property the exported
 * blueprint does not know) is noted and left out.
 */
import { BUILTIN_PROPERTIES } from "../../blueprint/checks/builtin-properties";
import { FORM_CONTACTS as CONTACTS, FORM_OWNER_FIELD as OWNER_FIELD, type LiveForm } from "../../clients/hubspot";
import { KeyMaker } from "./keys";
import type { LiveAccount } from "./read";

type Raw = Record<string, unknown>;

/** Why the form cannot be said, or its blueprint entry. */
function formEntry(form: LiveForm, known: Set<string>, owners: LiveAccount["owners"]): Raw | string {
  const all = (form.fieldGroups ?? []).flatMap((g) => g.fields ?? []);
  const other = all.find((f) => f.objectTypeId !== CONTACTS);
  if (other) return `its field ${other.name} fills another object than contacts (${other.objectTypeId})`;
  const visible = all.filter((f) => !f.hidden);
  const unknown = visible.find((f) => !known.has(f.name));
  if (unknown) return `its field's property ${unknown.name} is not one the blueprint knows on contacts`;
  if (visible.length === 0) return "it has no visible field";
  const action = form.configuration?.postSubmitAction;
  const stage = form.configuration?.lifecycleStages?.find((s) => s.objectTypeId === CONTACTS)?.value;
  const ownerId = all.find((f) => f.hidden && f.name === OWNER_FIELD)?.defaultValues?.[0];
  const owner = ownerId && owners.find((o) => o.id === ownerId)?.email.toLowerCase();
  return {
    name: form.name,
    fields: visible.map((f) => ({ property: f.name, label: f.label, ...(f.required && { required: true }) })),
    submit: action?.type === "redirect_url" ? { redirect: action.value } : { message: action?.value ?? "" },
    ...(stage && { lifecycleStage: stage }),
    ...(owner && { owner }),
  };
}

/** `exportedContactProperties`: the contact properties the exported blueprint declares. */
export function forms(live: LiveAccount, exportedContactProperties: string[], notes: string[]): Raw | undefined {
  const known = new Set([...BUILTIN_PROPERTIES.contacts, ...exportedContactProperties]);
  const keys = new KeyMaker("form");
  const out: Raw = {};
  for (const form of live.forms ?? []) {
    const entry = formEntry(form, known, live.owners);
    if (typeof entry === "string") {
      notes.push(`Form "${form.name}" was not exported: ${entry}; it stays in HubSpot, outside the blueprint.`);
      continue;
    }
    out[keys.key(form.name)] = entry;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}
