import { invalid } from "./errors";
import type { Association, CrmObject } from "./model";
import { crmType, typeIdOf } from "./object-types";
import { recordsOf } from "./records";
import type { Store } from "./store";
import { requireArray, requireObject, requireString } from "./validate";

/**
 * Associations given when a record is created (`associations: [{ to: { id }, types: [{ associationCategory,
 * associationTypeId }] }]`). HubSpot's task associations (the ones revstack's automations create) and the portal's
 * user-defined labels are known; any other type id is refused, as HubSpot refuses an unknown one.
 */
const types: Record<string, Record<number, { to: string; label: string }>> = {
  tasks: {
    204: { to: "contacts", label: "task_to_contact" },
    192: { to: "companies", label: "task_to_company" },
    216: { to: "deals", label: "task_to_deal" },
    230: { to: "tickets", label: "task_to_ticket" },
  },
};

/** A HubSpot-defined type revstack uses, or one of the portal's user-defined labels from `type`. */
function knownType(store: Store, type: string, category: string, typeId: number) {
  if (category === "HUBSPOT_DEFINED") return types[type]?.[typeId];
  const label = category === "USER_DEFINED" ? store.state.associationLabels?.[typeId] : undefined;
  if (!label || label.fromObjectTypeId !== typeIdOf(type)) return undefined;
  return { to: crmType(store, label.toObjectTypeId), label: label.name };
}

function fail(message: string, field: string): never {
  throw invalid(`Invalid input: ${message}`, [{ message, code: "INVALID_ASSOCIATION", in: field }]);
}

/** The associations a create asks for, each to a live record of the type its type id names. */
export function readAssociations(store: Store, type: string, raw: unknown): Record<string, Association[]> | undefined {
  if (raw === undefined) return undefined;
  const byType: Record<string, Association[]> = {};
  requireArray(raw, "associations").forEach((item, i) => {
    const entry = requireObject(item, `associations[${i}]`);
    const id = requireString(
      String(requireObject(entry.to, `associations[${i}].to`).id ?? ""),
      `associations[${i}].to.id`,
    );
    for (const [j, t] of requireArray(entry.types, `associations[${i}].types`).entries()) {
      const { associationCategory, associationTypeId } = requireObject(t, `associations[${i}].types[${j}]`);
      const known = knownType(store, type, String(associationCategory), Number(associationTypeId));
      if (!known)
        fail(
          `${String(associationCategory)} association type ${String(associationTypeId)} is not valid from ${type}`,
          `associations[${i}].types[${j}]`,
        );
      const target = recordsOf(store, known.to)[id];
      if (!target || target.archived) fail(`${known.to} ${id} does not exist`, `associations[${i}].to.id`);
      (byType[known.to] ??= []).push({ id, typeId: Number(associationTypeId) });
    }
  });
  return byType;
}

/** `?associations=deals,contacts` on a read: the asked-for types the record has associations with. */
export function presentAssociations(store: Store, type: string, record: CrmObject, asked: string[]) {
  const shown = asked.flatMap((name) => {
    const list = record.associations?.[name];
    if (!list?.length) return [];
    return [[name, { results: list.map((a) => ({ id: a.id, type: labelName(store, type, a.typeId) })) }]];
  });
  return shown.length ? { associations: Object.fromEntries(shown) } : {};
}

const labelName = (store: Store, type: string, typeId: number): string =>
  types[type]?.[typeId]?.label ?? store.state.associationLabels?.[typeId]?.name ?? String(typeId);
