/**
 * How the dangers of removing a custom object or an association label read, with revstack's own counts: the
 * program says them before the first write (program/data-guards.ts), the providers' deletes as the last line.
 */
import { count } from "../words/describe";

export const customObjectRecordsRefused = (name: string, records: number): string =>
  `Custom object "${name}" holds ${count(records, "record")}: deleting its schema would need them gone first; ` +
  "nothing was written. Delete or move the records, or keep the object in the blueprint.";

export const customObjectRecordsNote = (name: string, records: number): string =>
  `Custom object "${name}" leaves the blueprint and holds ${count(records, "record")}: the apply will stop before ` +
  "its first write until they are gone.";

export const labelUsesRefused = (what: string, uses: number): string =>
  `${what} is carried by ${count(uses, "association")}: removing it would take it off them; nothing was written. ` +
  "Relabel those associations first, or keep the label in the blueprint.";

export const labelUsesNote = (what: string, uses: number): string =>
  `${what} leaves the blueprint and is carried by ${count(uses, "association")}: the apply will stop before its ` +
  "first write until none does.";

export const associationDropRefused = (name: string, targets: string[]): string =>
  `Custom object "${name}" no longer names its association with ${targets.join(", ")}: removing it would drop ` +
  "every record's associations of that pair, and revstack does not do it; nothing was written. Put it back in " +
  "the blueprint (or remove it in HubSpot by hand).";
