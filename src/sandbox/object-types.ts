import { ApiError } from "./errors";
import type { CustomSchema } from "./model";
import type { Store } from "./store";

/** HubSpot accepts an object type by name or by its type id (`0-3` is deals). */
const aliases: Record<string, string> = {
  contacts: "contacts",
  contact: "contacts",
  "0-1": "contacts",
  companies: "companies",
  company: "companies",
  "0-2": "companies",
  deals: "deals",
  deal: "deals",
  "0-3": "deals",
  tickets: "tickets",
  ticket: "tickets",
  "0-5": "tickets",
  tasks: "tasks",
  task: "tasks",
  "0-27": "tasks",
};

export const objectTypes = ["contacts", "companies", "deals", "tickets", "tasks"] as const;
export const pipelineObjectTypes = ["deals", "tickets"];

export function objectType(raw: string, allowed: readonly string[] = objectTypes): string {
  const type = aliases[raw.toLowerCase()];
  if (!type || !allowed.includes(type)) {
    throw new ApiError(400, "VALIDATION_ERROR", `Unable to infer object type from: ${raw}`);
  }
  return type;
}

/** The portal's live custom object schemas. */
export const schemasOf = (store: Store): Record<string, CustomSchema> => (store.state.schemas ??= {});

/**
 * A custom object named as HubSpot accepts it: its objectTypeId (`2-7`), its fully qualified name
 * (`p<portalId>_<name>`), or the short form `p_<name>`: a live one, or with `archived` an archived one.
 */
export function customSchema(store: Store, raw: string, archived = false): CustomSchema | undefined {
  const key = raw.toLowerCase();
  return Object.values(schemasOf(store)).find(
    (s) =>
      s.archived === archived &&
      (s.objectTypeId === key || s.fullyQualifiedName.toLowerCase() === key || `p_${s.name.toLowerCase()}` === key),
  );
}

/** A standard object type or one of the portal's custom objects (by its objectTypeId); anything else is a 400. */
export function crmType(store: Store, raw: string, allowed: readonly string[] = objectTypes): string {
  const custom = customSchema(store, raw);
  return custom ? custom.objectTypeId : objectType(raw, allowed);
}

export const isCustomType = (type: string): boolean => /^2-\d+$/.test(type);

/** HubSpot's objectTypeId of a type the sandbox keeps (`deals` → `0-3`); a custom type's key is already its id. */
export function typeIdOf(type: string): string {
  if (isCustomType(type)) return type;
  const id = Object.entries(aliases).find(([alias, name]) => name === type && /^0-\d+$/.test(alias))?.[0];
  if (!id) throw new ApiError(400, "VALIDATION_ERROR", `Unable to infer object type from: ${type}`);
  return id;
}
