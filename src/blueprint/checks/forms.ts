/**
 * Forms: names are unique in the portal (as HubSpot compares them); each field fills a contact property that exists
 * (declared or one of HubSpot's), once; a retired field is off the form; the lifecycle stage is one contacts can
 * have; the owner is one of the blueprint's (else it must be an owner in HubSpot: a warning).
 */
import { sameLabel } from "../../clients/hubspot/client";
import { didYouMean } from "../diagnostics";
import { BUILTIN_PROPERTY_TABLE } from "./builtin-properties";
import type { Check, CheckContext } from "./context";
import type { Form } from "../model";

export const checkForms: Check = (c) => {
  const seen: Array<{ name: string; key: string }> = [];
  for (const [key, form] of Object.entries(c.blueprint.forms ?? {})) {
    const path = ["forms", key];
    const twin = seen.find((s) => sameLabel(s.name, form.name));
    if (twin)
      c.findings.error(
        [...path, "name"],
        `form ${twin.key} is already named "${twin.name}": HubSpot keeps one form of a name`,
      );
    seen.push({ name: form.name, key });
    checkFields(c, path, form);
    checkContactSettings(c, path, form);
  }
};

function checkFields(c: CheckContext, path: string[], form: Form): void {
  const known = c.names.properties("contacts");
  const first = new Map<string, number>();
  form.fields.forEach((field, i) => {
    const at = [...path, "fields", i, "property"];
    if (!known.has(field.property))
      c.findings.error(
        at,
        `property "${field.property}" is not declared under properties.contacts and is not a HubSpot default contacts property, so the form has nothing to fill` +
          (didYouMean(field.property, known) ||
            ": declare it under properties.contacts (one that exists in HubSpot is adopted: revstack:adoptObjects)"),
      );
    const earlier = first.get(field.property);
    if (earlier === undefined) first.set(field.property, i);
    else
      c.findings.error(
        at,
        `the form already has a field for ${field.property} (line ${c.findings.at([...path, "fields", earlier, "property"]).line}): a property fills one field`,
      );
  });
  (form.retiredFields ?? []).forEach((property, i) => {
    if (first.has(property))
      c.findings.error(
        [...path, "retiredFields", i],
        `${property} is retired yet still a field of the form: take it out of fields, or out of retiredFields`,
      );
  });
}

function checkContactSettings(c: CheckContext, path: string[], form: Form): void {
  if (form.lifecycleStage !== undefined) {
    const stages = [...(BUILTIN_PROPERTY_TABLE.contacts.lifecyclestage.options ?? []), ...c.names.lifecycle];
    if (!stages.includes(form.lifecycleStage))
      c.findings.error(
        [...path, "lifecycleStage"],
        `"${form.lifecycleStage}" is not a lifecycle stage of contacts${didYouMean(form.lifecycleStage, stages) || `; one of ${stages.join(", ")}`}`,
      );
  }
  if (form.owner !== undefined && !c.names.owners.has(form.owner))
    c.findings.warn(
      [...path, "owner"],
      `${form.owner} is not an owner of this blueprint: it must be an owner in HubSpot when the form is applied${didYouMean(form.owner, c.names.owners.keys())}`,
    );
}
