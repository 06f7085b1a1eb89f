import { ApiError } from "./errors";

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
