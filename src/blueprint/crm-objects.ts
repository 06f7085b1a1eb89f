/**
 * The CRM object types a blueprint speaks of. A leaf of the blueprint layer, so that the model and the table of
 * object keys (./object-keys.ts) both read it without importing each other.
 */
import { z } from "zod";

export const CrmObject = z.enum(["contacts", "companies", "deals", "tickets"]);
export const PipelineObject = z.enum(["deals", "tickets"]);

export type CrmObject = z.infer<typeof CrmObject>;
export type PipelineObject = z.infer<typeof PipelineObject>;
