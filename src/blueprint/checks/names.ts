/**
 * Everything a blueprint defines, by key, so checks can resolve references and suggest the name
 * that was probably meant.
 */
import { didYouMean, PathSegment } from "../diagnostics";
import type { Blueprint, Owner, RecordObject } from "../model";
import { pipelineNamed, referenceablePipelines } from "./builtin-pipelines";
import { BUILTIN_PROPERTIES } from "./builtin-properties";
import type { Findings } from "./findings";
import { CrmObject } from "../crm-objects";

/**
 * HubSpot's own properties on every custom object's records: where a record stands in the object's pipelines
 * (`hs_pipeline`, `hs_pipeline_stage`) among them, as the schema's create makes them whether or not it has pipelines.
 */
export const CUSTOM_DEFAULTS = [
  "hs_object_id",
  "hs_createdate",
  "hs_lastmodifieddate",
  "hs_pipeline",
  "hs_pipeline_stage",
];

export const isStandardObject = (object: string): object is CrmObject =>
  (CrmObject.options as readonly string[]).includes(object);

export class Names {
  readonly owners = new Map<string, Owner>();
  readonly teams: Set<string>;
  readonly members = new Map<string, Owner[]>();
  /** Declared pipelines and HubSpot's default ones (BUILTIN_PIPELINES). */
  readonly pipelines: Set<string>;
  readonly rules: Set<string>;
  readonly metrics: Set<string>;
  readonly lifecycle: Set<string>;

  constructor(private readonly blueprint: Blueprint) {
    for (const owner of blueprint.owners) {
      if (!this.owners.has(owner.email)) this.owners.set(owner.email, owner);
      if (owner.team) this.members.set(owner.team, [...(this.members.get(owner.team) ?? []), owner]);
    }
    this.teams = new Set(Object.keys(blueprint.teams));
    this.pipelines = new Set(Object.keys(referenceablePipelines(blueprint)));
    this.rules = new Set(blueprint.routing.map((r) => r.key));
    this.metrics = new Set(blueprint.reporting.metrics.map((m) => m.key));
    this.lifecycle = new Set((blueprint.lifecycle?.stages ?? []).map((s) => s.key));
  }

  stages(pipeline: string): Set<string> {
    return new Set((pipelineNamed(this.blueprint, pipeline)?.stages ?? []).map((s) => s.key));
  }

  /**
   * Properties a condition or requirement on this object may name: declared ones and HubSpot's defaults; a custom
   * object's are its own and those HubSpot gives every custom object (CUSTOM_DEFAULTS).
   */
  properties(object: RecordObject): Set<string> {
    const custom = this.blueprint.customObjects?.[object];
    if (custom && !isStandardObject(object)) return new Set([...Object.keys(custom.properties), ...CUSTOM_DEFAULTS]);
    const declared = Object.keys(this.blueprint.properties[object as CrmObject] ?? {});
    return new Set([...declared, ...(BUILTIN_PROPERTIES[object as CrmObject] ?? [])]);
  }

  teamMembers(team: string): Owner[] {
    return this.members.get(team) ?? [];
  }
}

/** Reports `value` as unknown when it is not one of `known`; returns whether it resolved. */
export function expectKnown(
  findings: Findings,
  path: readonly PathSegment[],
  value: string,
  known: Iterable<string>,
  what: string,
  where = "",
): boolean {
  const names = [...known];
  if (names.includes(value)) return true;
  findings.error(path, `unknown ${what} "${value}"${where ? ` ${where}` : ""}${didYouMean(value, names)}`);
  return false;
}

/**
 * A property reference that is neither declared in `properties` nor a HubSpot default. Where it only describes
 * records (requirements, metrics, triggers) it is a warning: portals carry properties created outside the blueprint.
 * In a condition it is an error: the condition tests a property nobody ensures exists, so a misspelling makes the rule
 * silently never match. A property that exists in HubSpot is declared and adopted (revstack:adoptObjects).
 */
export function expectProperty(
  findings: Findings,
  names: Names,
  path: readonly PathSegment[],
  object: RecordObject,
  property: string,
  use: "reference" | "condition" = "reference",
): void {
  const known = names.properties(object);
  if (known.has(property)) return;
  const home = isStandardObject(object) ? `properties.${object}` : `customObjects.${object}.properties`;
  const unknown = `property "${property}" is not declared under ${home} and is not a HubSpot default ${object} property`;
  if (use === "reference") findings.warn(path, unknown + didYouMean(property, known));
  else
    findings.error(
      path,
      `${unknown}, so this condition can never match${didYouMean(property, known) || `: declare it under ${home} (one that exists in HubSpot is adopted: revstack:adoptObjects)`}`,
    );
}

/** `team:<key>` notification targets must name a team. */
export function expectNotifyTargets(
  findings: Findings,
  names: Names,
  path: readonly PathSegment[],
  targets: readonly string[] | undefined,
): void {
  (targets ?? []).forEach((target, i) => {
    if (target.startsWith("team:"))
      expectKnown(findings, [...path, i], target.slice("team:".length), names.teams, "team");
  });
}
