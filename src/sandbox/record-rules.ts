import { ApiError, conflict, invalid, type ErrorDetail } from "./errors";
import type { Property } from "./model";
import { isCustomType, schemasOf } from "./object-types";
import type { Store } from "./store";
import { holderOf, isUnique } from "./unique-index";

/** HubSpot's checks on record property values: known, writable, typed, and consistent with pipelines and owners. */

const readOnly = new Set(["hs_object_id", "hs_lastmodifieddate", "lastmodifieddate"]);
const calculated = /^hs_v2_date_(entered|exited)_/;
const standardPipelineProps: Record<string, { pipeline: string; stage: string; defaultPipeline: string }> = {
  deals: { pipeline: "pipeline", stage: "dealstage", defaultPipeline: "default" },
  tickets: { pipeline: "hs_pipeline", stage: "hs_pipeline_stage", defaultPipeline: "0" },
};
/** A custom object's records name their pipeline and stage as tickets do, with no default pipeline to fall back on. */
export const pipelineProps = (type: string) =>
  isCustomType(type)
    ? { pipeline: "hs_pipeline", stage: "hs_pipeline_stage", defaultPipeline: "" }
    : standardPipelineProps[type];

export const defaultProperties: Record<string, string[]> = {
  deals: [
    "dealname",
    "amount",
    "closedate",
    "dealstage",
    "pipeline",
    "createdate",
    "hs_lastmodifieddate",
    "hs_object_id",
  ],
  contacts: ["email", "firstname", "lastname", "createdate", "lastmodifieddate", "hs_object_id"],
  tickets: [
    "subject",
    "content",
    "hs_pipeline",
    "hs_pipeline_stage",
    "hs_ticket_priority",
    "createdate",
    "hs_lastmodifieddate",
    "hs_object_id",
  ],
  companies: ["name", "domain", "createdate", "hs_lastmodifieddate", "hs_object_id"],
  tasks: ["hs_task_subject", "hs_task_status", "hs_timestamp", "createdate", "hs_lastmodifieddate", "hs_object_id"],
};

/** A custom object's records show these when no properties are asked for. */
const customDefaults = ["hs_createdate", "hs_lastmodifieddate", "hs_object_id"];
export const defaultPropertiesOf = (type: string): string[] =>
  isCustomType(type) ? customDefaults : defaultProperties[type];
/** The property holding a record's creation time. */
export const createdProperty = (type: string): string => (isCustomType(type) ? "hs_createdate" : "createdate");

/** Properties a record of the type cannot be without: a task needs its due date, a custom object its schema's. */
const requiredProperties: Record<string, string[]> = { tasks: ["hs_timestamp"] };

/** Checked on the record's properties after the write, so an update cannot clear them either. */
export function checkRequired(store: Store, type: string, properties: Record<string, string>): void {
  const required = isCustomType(type) ? (schemasOf(store)[type]?.requiredProperties ?? []) : requiredProperties[type];
  const missing = (required ?? []).filter((name) => !properties[name]);
  if (missing.length) {
    throw invalid(
      `Property values were not valid: ${missing.map((name) => `${name} is required`).join("; ")}`,
      missing.map((name) => ({ message: `${name} is required`, code: "REQUIRED_PROPERTY", in: name })),
    );
  }
}

export const modifiedProperty = (type: string): string =>
  type === "contacts" ? "lastmodifieddate" : "hs_lastmodifieddate";

export function valueProblem(property: Property, value: string): string | undefined {
  switch (property.type) {
    case "number":
      return value === "" || Number.isFinite(Number(value)) ? undefined : `${value} is not a valid number`;
    case "bool":
      return ["", "true", "false"].includes(value.toLowerCase()) ? undefined : `${value} is not a valid boolean`;
    case "date":
    case "datetime":
      return value === "" || Number.isFinite(Number(value)) || !Number.isNaN(Date.parse(value))
        ? undefined
        : `${value} is not a valid date`;
    case "enumeration": {
      if (value === "" || property.options.length === 0 || property.name === "hubspot_owner_id") return undefined;
      const allowed = new Set(property.options.map((o) => o.value));
      const bad = value.split(";").find((v) => !allowed.has(v));
      return bad === undefined ? undefined : `${bad} was not one of the allowed options`;
    }
    default:
      return undefined;
  }
}

/** Values as HubSpot stores them: strings; `null` clears a value. */
export function checkValues(store: Store, type: string, raw: unknown): Record<string, string> {
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    throw invalid("Invalid input JSON: properties is required and must be an object", [
      { message: "properties is required", code: "REQUIRED_FIELD", in: "properties" },
    ]);
  }
  const defs = store.state.properties[type] ?? {};
  const values: Record<string, string> = {};
  const problems: ErrorDetail[] = [];
  for (const [name, value] of Object.entries(raw as Record<string, unknown>)) {
    const def = defs[name];
    const text = value === null || value === undefined ? "" : String(value);
    if ((!def || def.archived) && !calculated.test(name))
      problems.push({ message: `Property "${name}" does not exist`, code: "PROPERTY_DOESNT_EXIST", in: name });
    else if (readOnly.has(name) || calculated.test(name) || def.modificationMetadata.readOnlyValue || def.calculated)
      problems.push({ message: `Property "${name}" is read-only`, code: "READ_ONLY_VALUE", in: name });
    else {
      const problem = valueProblem(def, text);
      if (problem)
        problems.push({
          message: problem,
          code: def.type === "enumeration" ? "INVALID_OPTION" : "INVALID_VALUE",
          in: name,
        });
      else values[name] = text;
    }
  }
  if (problems.length) {
    throw invalid(`Property values were not valid: ${problems.map((p) => p.message).join("; ")}`, problems);
  }
  return values;
}

/** A record's owner must be a live owner; its stage must belong to its pipeline (the default one if none is set). */
export function checkReferences(store: Store, type: string, properties: Record<string, string>): void {
  const owner = properties.hubspot_owner_id;
  const ownerRecord = owner ? store.state.owners[owner] : undefined;
  if (owner && (!ownerRecord || ownerRecord.archived)) {
    throw invalid(`Property values were not valid: ${owner} is not a valid owner id`, [
      { message: `${owner} is not a valid owner id`, code: "INVALID_OWNER_ID", in: "hubspot_owner_id" },
    ]);
  }
  const props = pipelineProps(type);
  if (!props) return;
  const stageId = properties[props.stage];
  if (!stageId) return;
  const pipelineId = properties[props.pipeline] || props.defaultPipeline;
  const pipeline = store.state.pipelines[type]?.[pipelineId];
  if (!pipeline || pipeline.archived || !pipeline.stages.some((s) => s.id === stageId && !s.archived)) {
    throw invalid(
      `Property values were not valid: ${stageId} is not a valid ${props.stage} for pipeline ${pipelineId}`,
      [
        {
          message: `${stageId} is not a valid stage of pipeline ${pipelineId}`,
          code: "INVALID_OPTION",
          in: props.stage,
        },
      ],
    );
  }
  properties[props.pipeline] = pipelineId;
}

/** Contacts' email and every property marked `hasUniqueValue` must be unique among live records. */
export function checkUnique(store: Store, type: string, properties: Record<string, string>, self?: string): void {
  for (const [name, value] of Object.entries(properties)) {
    if (value === "" || !isUnique(store, type, name)) continue;
    const holder = holderOf(store, type, name, value);
    if (holder === undefined || holder === self) continue;
    throw type === "contacts" && name === "email"
      ? conflict(`Contact already exists. Existing ID: ${holder}`)
      : new ApiError(400, "VALIDATION_ERROR", `A record with ${name}=${value} already exists: ${holder}`);
  }
}

/**
 * HubSpot keeps when a record entered and left each stage in calculated properties (`hs_v2_date_entered_<stage>`,
 * `hs_v2_date_exited_<stage>`); reports read them for time-in-stage and conversion.
 */
export function stampStageChange(
  type: string,
  before: Record<string, string>,
  after: Record<string, string>,
  at: string,
): void {
  const stageProp = pipelineProps(type)?.stage;
  if (!stageProp || before[stageProp] === after[stageProp] || !after[stageProp]) return;
  if (before[stageProp]) after[`hs_v2_date_exited_${before[stageProp]}`] = at;
  after[`hs_v2_date_entered_${after[stageProp]}`] = at;
}
