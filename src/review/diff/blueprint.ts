/** The blueprint's own settings: name, business unit, region, currency, time zone, labels, targets, holidays, delete: list. */
import type { Blueprint } from "../../blueprint/model";
import { fieldChange, quote, setChange } from "../../words/describe";
import type { Changes } from "../../words/changes";
import { match } from "../../words/keyed";

export function diffSettings(before: Blueprint, after: Blueprint, out: Changes): void {
  const s = out.in("blueprint");
  const was = before.metadata;
  const now = after.metadata;
  const labels = match(was.labels, now.labels);
  s.fields("Blueprint", [
    fieldChange("name", was.name, now.name),
    fieldChange("description", was.description, now.description, quote),
    fieldChange("business unit", was.businessUnit, now.businessUnit),
    fieldChange("region", was.region, now.region),
    fieldChange("currency", was.currency, now.currency),
    fieldChange("time zone", was.timezone, now.timezone),
    ...labels.added.map(([k, v]) => `label ${k} set to ${quote(v)}`),
    ...labels.removed.map(([k, v]) => `label ${k} removed (was ${quote(v)})`),
    ...labels.kept.map(([k, a, b]) => fieldChange(`label ${k}`, a, b, quote)),
    fieldChange("CRM", before.targets.crm, after.targets.crm),
    ...setChange(before.holidays, after.holidays, "holidays added:", "holidays removed:"),
    ...setChange(
      before.delete,
      after.delete,
      "delete: list now names (adopted objects deleted, not released, when they leave the blueprint)",
      "delete: list no longer names (released when they leave the blueprint)",
    ),
  ]);
  const automation = fieldChange("automation platform", before.targets.automation, after.targets.automation);
  if (automation === undefined) return;
  if (after.targets.automation === undefined) {
    s.changed(`Blueprint ${automation}: routing and automations are no longer applied`);
  } else {
    s.changed(`Blueprint ${automation}`);
  }
}
