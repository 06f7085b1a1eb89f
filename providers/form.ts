/**
 * A HubSpot form (marketing forms, 2026-09-beta); natural key: its name (a create adopts a form of that name only with
 * `revstack:adopt`). revstack writes its name, its fields (each typed by its contact property), its submit behaviour,
 * its lifecycle stage and its owner (a hidden field); style, consent and notifications stay as HubSpot holds them.
 * Taking off a field whose property contacts hold values of, or deleting a form whose fields' properties they do, is
 * refused with the counts, here and, before any write, by the program (program/data-guards.ts).
 */
import {
  FORM_CONTACTS as CONTACTS,
  FORM_OWNER_FIELD as OWNER_FIELD,
  type HubSpotClient,
  type LiveForm,
} from "../src/clients/hubspot";
import { tokenOf } from "../src/kinds";
import { formKind, removedFields, type FormFieldSpec, type FormInputs, type FormOutputs } from "../src/kinds/form";
import { guardedClient, type Settings } from "./shared/config";
import { refuse, type DataGuards } from "./shared/data-guards";
import { configuration, fieldGroups, liveFieldsOf, NEW_DISPLAY_OPTIONS, submitOf } from "./shared/form-fields";
import { keyedResource } from "./shared/keyed";
import type { UpdateResult } from "./shared/shim";
export type { FormInputs, FormOutputs } from "../src/kinds/form";

async function write(client: HubSpotClient, id: string, f: FormInputs): Promise<LiveForm> {
  const live = await client.forms.find(id);
  if (!live)
    throw new Error(`${formKind.describe(f)} (id ${id}) no longer exists in HubSpot; refresh to create it again`);
  return client.forms.patch(id, {
    name: f.name,
    fieldGroups: await fieldGroups(client, f, live),
    configuration: configuration(f, live.configuration),
  });
}

/** The live form in the inputs' shape: a label or setting the blueprint leaves out is not read (never drift). */
async function asInputs(client: HubSpotClient, live: LiveForm, f: FormInputs): Promise<FormInputs> {
  const all = liveFieldsOf(live);
  const given = new Map(f.fields.map((x) => [x.property, x]));
  const fields: FormFieldSpec[] = all
    .filter((x) => x.objectTypeId === CONTACTS && !x.hidden)
    .map((x) => ({
      property: x.name,
      ...((given.get(x.name)?.label !== undefined || !given.has(x.name)) && { label: x.label }),
      required: x.required,
    }));
  const stage = live.configuration?.lifecycleStages?.find((s) => s.objectTypeId === CONTACTS)?.value;
  const ownerId = all.find((x) => x.name === OWNER_FIELD && x.hidden)?.defaultValues?.[0];
  const owner = ownerId && (await client.listOwners()).find((o) => o.id === ownerId)?.email.toLowerCase();
  return {
    key: f.key,
    name: live.name,
    fields,
    submit: submitOf(live),
    ...(f.lifecycleStage !== undefined && stage !== undefined && { lifecycleStage: stage }),
    ...(f.owner !== undefined && owner && { owner }),
    ...(f.retiredFields && { retiredFields: f.retiredFields }),
  };
}

const contacts = (n: number) => `${n} contact${n === 1 ? "" : "s"}`;

/** Each of the fields whose property contacts hold values of, with their count: "phone (1 contact holds a value of it)". */
async function heldFields(client: HubSpotClient, fields: FormFieldSpec[]): Promise<string[]> {
  const held: string[] = [];
  for (const f of fields) {
    const count = await client.countWithValue("contacts", f.property);
    if (count > 0) held.push(`${f.property} (${contacts(count)} ${count === 1 ? "holds" : "hold"} a value of it)`);
  }
  return held;
}

const COUNTED =
  "counted as contacts holding a value of the field's property (HubSpot publishes no read of form submissions)";

/**
 * Taking off a field, or deleting the form, stops it collecting the fields' properties. HubSpot publishes no
 * form-submissions read in this API generation, so what is counted is the contacts holding a value of each field's
 * property.
 */
export const formGuards: DataGuards<FormInputs> = {
  type: tokenOf(formKind),
  async changed(client, old, next) {
    const held = await heldFields(client, removedFields(old, next));
    if (held.length === 0) return undefined;
    return (
      `${formKind.describe(next)} would stop collecting ${held.join(", ")}: ${COUNTED}. Keep the field, or name it ` +
      `under forms.${next.key}.retiredFields to take it off on purpose. Nothing was changed.`
    );
  },
  async removed(client, old) {
    if (!(await client.forms.findByName(old.name))) return undefined;
    const held = await heldFields(client, old.fields);
    if (held.length === 0) return undefined;
    return (
      `${formKind.describe(old)} would be deleted while it collects ${held.join(", ")}: ${COUNTED}. Keep it in ` +
      `the blueprint, or delete it in HubSpot by hand if you mean to. Nothing was changed.`
    );
  },
};

export { settingsFrom } from "./shared/config";
const keyed = keyedResource<FormInputs, LiveForm, FormOutputs>({
  kind: formKind,
  async create(client, f) {
    const existing = await client.forms.findByName(f.name);
    if (existing) return { object: existing, existed: true };
    const made = await client.forms.create({
      name: f.name,
      formType: "hubspot",
      fieldGroups: await fieldGroups(client, f),
      configuration: configuration(f),
      displayOptions: NEW_DISPLAY_OPTIONS,
      legalConsentOptions: { type: "none" },
    });
    return { object: made, existed: false };
  },
  find: (client, id) => client.forms.find(id),
  lookup: (client, f) => client.forms.findByName(f.name),
  write,
  // HubSpot archives a deleted form; one that collects data is refused first (the program counts too).
  async remove(client, id, f) {
    await refuse(formGuards.removed!(client, f));
    await client.forms.archive(id);
  },
  idOf: (live) => live.id,
  asInputs,
  outputs: async (_client, live, f) => ({ ...f, formId: live.id }),
});
export const { check, diff, create, read, delete: del } = keyed;
export { del as delete };

/** An update first counts what the fields it takes off collect (the program counts too, before any write). */
export async function update(
  settings: Settings | undefined,
  id: string,
  olds: FormOutputs,
  news: FormInputs,
): Promise<UpdateResult<FormOutputs>> {
  await refuse(formGuards.changed!(await guardedClient(settings), olds, news));
  return keyed.update(settings, id, olds, news);
}
