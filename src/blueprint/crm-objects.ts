/**
 * The CRM object types a blueprint speaks of. A leaf of the blueprint layer, so that the model and the table of
 * object keys (./object-keys.ts) both read it without importing each other.
 */
import { z } from "zod";

export const CrmObject = z.enum(["contacts", "companies", "deals", "tickets"]);
export const PipelineObject = z.enum(["deals", "tickets"]);

export type CrmObject = z.infer<typeof CrmObject>;
export type PipelineObject = z.infer<typeof PipelineObject>;

/**
 * How HubSpot's record and pipeline APIs name an object: a standard one by its name, a custom object by `p_<name>`,
 * which HubSpot takes for the object's fully qualified name.
 */
export const objectTypePath = (object: string): string =>
  (CrmObject.options as readonly string[]).includes(object) ? object : `p_${object}`;

/** The custom object an API object type names (`p_subscription` → `subscription`); undefined for a standard one. */
export const customObjectOfPath = (objectType: string): string | undefined =>
  objectType.startsWith("p_") ? objectType.slice(2) : undefined;
