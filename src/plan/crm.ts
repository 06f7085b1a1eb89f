import {
  FIELD_TYPES,
  type Blueprint,
  type Owner,
  type Pipeline,
  type Property,
  type RetiredOwner,
  type Stage,
} from "../blueprint/model";
import { metricRequirements, type MetricRequirements } from "./instrumentation";
import { CrmObject } from "../blueprint/crm-objects";

/**
 * The desired state of the CRM side of a blueprint: what the HubSpot providers reconcile. Every item has a
 * stable `key` (the Pulumi resource name) built from blueprint keys, never from HubSpot ids, so the same plan
 * applies to any portal. Field names follow HubSpot's where they meet it, so the providers map them 1:1.
 */
export type PipelineObjectType = "deals" | "tickets";

export interface StageSpec {
  key: string;
  label: string;
  displayOrder: number;
  /** Deals: win probability 0..1 in steps of 0.1. */
  probability?: number;
  /** Tickets: whether a ticket in this stage is closed. */
  ticketState?: "OPEN" | "CLOSED";
}

export interface PipelineSpec {
  key: string;
  objectType: PipelineObjectType;
  label: string;
  displayOrder: number;
  stages: StageSpec[];
  /** Stage key → key of the stage that receives its deals when the stage is removed. */
  retiredStages: Record<string, string>;
}

export interface PropertyGroupSpec {
  key: string;
  objectType: string;
  name: string;
  label: string;
  displayOrder: number;
}

export interface PropertyOptionSpec {
  value: string;
  label: string;
  displayOrder: number;
  hidden: boolean;
  description?: string;
}

/** The property settings a blueprint may leave out: a field it does not give is not managed (never compared or written). */
export const OPTIONAL_PROPERTY_FIELDS = [
  "hasUniqueValue",
  "formField",
  "hidden",
  "displayOrder",
  "dataSensitivity",
  "numberDisplayHint",
  "showCurrencySymbol",
  "currencyPropertyName",
  "calculationFormula",
] as const;

export type OptionalPropertyFields = Partial<Pick<Property, (typeof OPTIONAL_PROPERTY_FIELDS)[number]>>;

interface PropertyCore {
  key: string;
  objectType: string;
  name: string;
  label: string;
  type: string;
  fieldType: string;
  groupName: string;
  description: string;
  options: PropertyOptionSpec[];
  /** The blueprint's explicit opt-in to a type change on a property that holds values. */
  allowTypeChange?: boolean;
}

export type PropertySpec = PropertyCore & OptionalPropertyFields;

export interface UserSpec {
  key: string;
  email: string;
  firstName: string;
  lastName: string;
  /** Name of a HubSpot role (permission set), when the blueprint gives one. */
  role?: string;
  /**
   * A retired owner (blueprint `retiredOwners`): their records go to these owners (round-robin, by email), then
   * HubSpot removes the user.
   */
  retired?: { reassignTo: string[] };
}

/** A HubSpot team; the owners whose blueprint `team` is this one are its primary members. */
export interface TeamSpec {
  /** The blueprint's team key. */
  key: string;
  /** The team's label, or its key without one: the name HubSpot shows and the team's natural key. */
  name: string;
  /** Emails of the primary members, sorted. */
  members: string[];
  /** Name of the parent team; the blueprint has no team hierarchy yet, so the plan never sets it. */
  parentTeam?: string;
}

export interface CrmPlan {
  pipelines: PipelineSpec[];
  propertyGroups: PropertyGroupSpec[];
  properties: PropertySpec[];
  users: UserSpec[];
  teams: TeamSpec[];
}

export function crmPlan(blueprint: Blueprint): CrmPlan {
  const properties = propertySpecs(blueprint);
  const measured = metricRequirements(blueprint);
  return {
    pipelines: pipelineSpecs(blueprint),
    propertyGroups: [...groupSpecs(blueprint, properties), ...instrumentationGroups(measured, blueprint)],
    properties: [...properties, ...instrumentationProperties(measured)],
    users: [
      ...blueprint.owners.map(userSpec),
      ...(blueprint.retiredOwners ?? []).map((r) => retiredUserSpec(r, blueprint)),
    ],
    teams: teamSpecs(blueprint),
  };
}

/** HubSpot orders deal pipelines and ticket pipelines separately, so each object type counts from 0. */
function pipelineSpecs(blueprint: Blueprint): PipelineSpec[] {
  const next: Partial<Record<PipelineObjectType, number>> = {};
  return Object.entries(blueprint.pipelines).map(([key, p]) => {
    const position = next[p.object] ?? 0;
    next[p.object] = position + 1;
    return pipelineSpec(key, p, p.displayOrder ?? position);
  });
}

function pipelineSpec(key: string, pipeline: Pipeline, displayOrder: number): PipelineSpec {
  return {
    key,
    objectType: pipeline.object,
    label: pipeline.label,
    displayOrder,
    stages: pipeline.stages.map((s, i) => stageSpec(pipeline.object, s, i)),
    retiredStages: Object.fromEntries((pipeline.retiredStages ?? []).map((r) => [r.key, r.moveTo])),
  };
}

function stageSpec(objectType: PipelineObjectType, stage: Stage, displayOrder: number): StageSpec {
  const base = { key: stage.key, label: stage.label, displayOrder };
  if (objectType === "tickets") return { ...base, ticketState: stage.closed ? "CLOSED" : "OPEN" };
  // HubSpot treats 1.0 as won and 0.0 as lost; a closed stage without a probability means exactly that.
  const probability = stage.probability ?? (stage.closed === "won" ? 1 : 0);
  return { ...base, probability };
}

/** HubSpot's boolean properties are enumerations of these two options. */
const boolOptions = [
  { value: "true", label: "Yes" },
  { value: "false", label: "No" },
];

const propertyObjects = CrmObject.options;

function propertySpecs(blueprint: Blueprint): PropertySpec[] {
  return propertyObjects.flatMap((objectType) =>
    Object.entries(blueprint.properties[objectType] ?? {}).map(([name, p]) => propertySpec(objectType, name, p)),
  );
}

/** A blueprint property as HubSpot's fields: its type as is, the field type the blueprint gives or the type's default. */
function propertySpec(objectType: string, name: string, p: Property): PropertySpec {
  const options: Array<{ value: string; label: string; hidden?: boolean; description?: string }> =
    p.type === "bool" && !p.options?.length ? boolOptions : (p.options ?? []);
  const optional = Object.fromEntries(OPTIONAL_PROPERTY_FIELDS.filter((f) => p[f] !== undefined).map((f) => [f, p[f]]));
  return {
    key: `${objectType}-${name}`,
    objectType,
    name,
    label: p.label,
    type: p.type,
    fieldType: p.fieldType ?? FIELD_TYPES[p.type][0],
    groupName: p.group,
    description: p.description ?? "",
    options: options.map((o, i) => ({
      value: o.value,
      label: o.label,
      displayOrder: i,
      hidden: o.hidden === true,
      ...(o.description ? { description: o.description } : {}),
    })),
    ...optional,
    ...(p.allowTypeChange ? { allowTypeChange: true } : {}),
  };
}

/** HubSpot keeps property groups per object type: a blueprint group exists for each object type that uses it. */
function groupSpecs(blueprint: Blueprint, properties: PropertySpec[]): PropertyGroupSpec[] {
  const declared = Object.entries(blueprint.properties.groups ?? {});
  return propertyObjects.flatMap((objectType) =>
    declared
      .map(([name, g], index) => ({
        key: `${objectType}-${name}`,
        objectType,
        name,
        label: g.label,
        displayOrder: g.displayOrder ?? index,
      }))
      .filter((g) => properties.some((p) => p.objectType === objectType && p.groupName === g.name)),
  );
}

/** The properties the blueprint's metrics need to be measurable and does not declare itself, in their own group. */
function instrumentationProperties(measured: MetricRequirements): PropertySpec[] {
  return measured.properties.map((r) =>
    propertySpec(r.object, r.name, {
      label: r.label,
      type: r.type,
      group: r.group,
      options: r.options,
      description: `Set by revstack; measured by: ${r.metrics.join(", ")}`,
    }),
  );
}

function instrumentationGroups(measured: MetricRequirements, blueprint: Blueprint): PropertyGroupSpec[] {
  const after = Object.keys(blueprint.properties.groups ?? {}).length;
  return measured.groups.map((g) => ({
    key: `${g.object}-${g.name}`,
    objectType: g.object,
    name: g.name,
    label: g.label,
    displayOrder: after,
  }));
}

/** A team key means its members who are not away, in blueprint order; otherwise the owner email itself. */
function retiredUserSpec(retired: RetiredOwner, blueprint: Blueprint): UserSpec {
  const members = blueprint.owners
    .filter((o) => o.team === retired.reassignTo && o.away !== true)
    .map((o) => o.email.toLowerCase());
  const reassignTo = blueprint.teams[retired.reassignTo] !== undefined ? members : [retired.reassignTo.toLowerCase()];
  const email = retired.email.toLowerCase();
  return { key: email, email, firstName: "", lastName: "", retired: { reassignTo } };
}

function userSpec(owner: Owner): UserSpec {
  const [first, ...rest] = (owner.name ?? "").split(/\s+/).filter(Boolean);
  return {
    key: owner.email.toLowerCase(),
    email: owner.email.toLowerCase(),
    firstName: owner.firstName ?? first ?? "",
    lastName: owner.lastName ?? rest.join(" "),
    ...(owner.role !== undefined ? { role: owner.role } : {}),
  };
}

function teamSpecs(blueprint: Blueprint): TeamSpec[] {
  return Object.entries(blueprint.teams).map(([key, team]) => ({
    key,
    name: team.label ?? key,
    members: blueprint.owners
      .filter((o) => o.team === key)
      .map((o) => o.email.toLowerCase())
      .sort(),
  }));
}
