import { pipelineNamed } from "../blueprint/checks/builtin-pipelines";
import type { Blueprint, Metric, Property } from "../blueprint/model";

/**
 * What the blueprint's metrics need to be measurable: the CRM properties (timestamps, sources, routing facts)
 * and, for each, the event that stamps it. The provider includes the properties in the plan; the automation
 * compiler turns `stampedWhen` into workflows; the report and the seeded data generator read and write the
 * same names, so this file is the one place they are spelled.
 */
export const INSTRUMENTATION_GROUP = { name: "revstack_instrumentation", label: "revstack instrumentation" };

/** Lifecycle stages retention is measured between (HubSpot's keys). */
export const CUSTOMER_STAGE = "customer";
export const CHURNED_STAGE = "churned";

const snake = (key: string) => key.replace(/-/g, "_");

/** Deal property stamped when a deal enters a stage of a pipeline. */
export const stageEnteredProperty = (pipeline: string, stage: string) =>
  `revstack_entered_${snake(pipeline)}_${snake(stage)}`;
/** Contact property stamped when a contact enters a lifecycle stage. */
export const lifecycleEnteredProperty = (stage: string) => `revstack_entered_lifecycle_${snake(stage)}`;

export const ROUTING_RULE_PROPERTY = "revstack_routing_rule";
export const ASSIGNED_AT_PROPERTY = "revstack_assigned_at";
export const FIRST_TOUCH_AT_PROPERTY = "revstack_first_touch_at";
export const FIRST_TOUCH_SOURCE_PROPERTY = "revstack_first_touch_source";
export const LAST_TOUCH_SOURCE_PROPERTY = "revstack_last_touch_source";

/** The source property an attribution metric reads (a default is provisioned when the metric names none). */
export function attributionProperty(metric: Extract<Metric, { type: "attribution" }>): string {
  return metric.property ?? (metric.model === "first_touch" ? FIRST_TOUCH_SOURCE_PROPERTY : LAST_TOUCH_SOURCE_PROPERTY);
}

/** The acquisition property a retention metric breaks down by. */
export const retentionProperty = (metric: Extract<Metric, { type: "retention" }>): string =>
  metric.by ?? FIRST_TOUCH_SOURCE_PROPERTY;

/** Which record an attribution metric counts: deals of its pipeline, or leads (contacts). */
export const attributionObject = (metric: Extract<Metric, { type: "attribution" }>): "deals" | "contacts" =>
  metric.pipeline ? "deals" : "contacts";

export type Stamp =
  | { stageEntered: { pipeline: string; stage: string } }
  | { lifecycleEntered: { stage: string } }
  | { routed: "rule" | "assignedAt" }
  | { firstTouch: true }
  | { source: "first_touch" | "last_touch" };

export interface PropertyRequirement {
  object: "deals" | "contacts";
  name: string;
  label: string;
  type: "datetime" | "string" | "enumeration";
  options?: Array<{ value: string; label: string }>;
  group: string;
  /** The event whose time or value the automation writes into the property. */
  stampedWhen: Stamp;
  /** Keys of the metrics that read it. */
  metrics: string[];
}

export interface MetricRequirements {
  groups: Array<{ object: "deals" | "contacts"; name: string; label: string }>;
  /** Properties the blueprint does not declare itself (declared ones are provisioned from `properties`). */
  properties: PropertyRequirement[];
}

type Need = Omit<PropertyRequirement, "metrics" | "group" | "label" | "type" | "options"> & {
  label: string;
  type?: "datetime" | "string";
};

export function metricRequirements(blueprint: Blueprint): MetricRequirements {
  const properties = metricReads(blueprint).filter((p) => !blueprint.properties[p.object]?.[p.name]);
  const objects = [...new Set(properties.map((p) => p.object))];
  return { groups: objects.map((object) => ({ object, ...INSTRUMENTATION_GROUP })), properties };
}

/** Every property the metrics read, declared in the blueprint or not: what the report asks the CRM for. */
export function metricReads(blueprint: Blueprint): PropertyRequirement[] {
  const byKey = new Map<string, PropertyRequirement>();
  for (const metric of blueprint.reporting.metrics) {
    for (const need of needsOf(metric, blueprint)) {
      const id = `${need.object}.${need.name}`;
      const existing = byKey.get(id);
      if (!existing) byKey.set(id, { ...shapeOf(need, blueprint), metrics: [metric.key] });
      else if (!existing.metrics.includes(metric.key)) existing.metrics.push(metric.key);
    }
  }
  return [...byKey.values()];
}

/** A source property declared on the other object keeps its options, so deals and leads share the same values. */
function shapeOf(need: Need, blueprint: Blueprint): Omit<PropertyRequirement, "metrics"> {
  const declaredElsewhere: Property | undefined =
    blueprint.properties.contacts?.[need.name] ?? blueprint.properties.deals?.[need.name];
  const base = { ...need, group: INSTRUMENTATION_GROUP.name };
  if (declaredElsewhere?.type === "enumeration" && declaredElsewhere.options) {
    return {
      ...base,
      label: declaredElsewhere.label,
      type: "enumeration",
      options: declaredElsewhere.options.map(({ value, label }) => ({ value, label })),
    };
  }
  return { ...base, type: need.type ?? "string" };
}

function needsOf(metric: Metric, blueprint: Blueprint): Need[] {
  switch (metric.type) {
    case "conversion":
      return metric.pipeline
        ? stageStamps(blueprint, metric.pipeline)
        : lifecycleStamps(blueprint.lifecycle?.stages.map((s) => s.key) ?? []);
    case "timeInStage":
    case "stalledDeals":
    case "velocity":
      return stageStamps(blueprint, metric.pipeline);
    case "sla":
      return [
        ...routingFacts(),
        {
          object: "contacts",
          name: FIRST_TOUCH_AT_PROPERTY,
          label: "First touch at",
          type: "datetime",
          stampedWhen: { firstTouch: true },
        },
      ];
    case "attribution": {
      const object = attributionObject(metric);
      const source = {
        object,
        name: attributionProperty(metric),
        label: sourceLabel(metric.model),
        stampedWhen: { source: metric.model },
      } as const;
      return object === "deals"
        ? [source, ...stageStamps(blueprint, metric.pipeline!)]
        : [source, ...lifecycleStamps([CUSTOMER_STAGE])];
    }
    case "capacity":
      return routingFacts();
    case "retention":
      return [
        {
          object: "contacts",
          name: retentionProperty(metric),
          label: sourceLabel("first_touch"),
          stampedWhen: { source: "first_touch" },
        },
        ...lifecycleStamps([CUSTOMER_STAGE, CHURNED_STAGE]),
      ];
  }
}

const sourceLabel = (model: "first_touch" | "last_touch") =>
  model === "first_touch" ? "First-touch source" : "Last-touch source";

function stageStamps(blueprint: Blueprint, key: string): Need[] {
  const pipeline = pipelineNamed(blueprint, key);
  if (!pipeline) return [];
  return pipeline.stages.map((s) => ({
    object: "deals",
    name: stageEnteredProperty(key, s.key),
    label: `Entered ${s.label} (${pipeline.label})`,
    type: "datetime",
    stampedWhen: { stageEntered: { pipeline: key, stage: s.key } },
  }));
}

function lifecycleStamps(stages: string[]): Need[] {
  return stages.map((stage) => ({
    object: "contacts",
    name: lifecycleEnteredProperty(stage),
    label: `Became ${stage}`,
    type: "datetime",
    stampedWhen: { lifecycleEntered: { stage } },
  }));
}

function routingFacts(): Need[] {
  return [
    {
      object: "contacts",
      name: ROUTING_RULE_PROPERTY,
      label: "Routing rule",
      type: "string",
      stampedWhen: { routed: "rule" },
    },
    {
      object: "contacts",
      name: ASSIGNED_AT_PROPERTY,
      label: "Assigned at",
      type: "datetime",
      stampedWhen: { routed: "assignedAt" },
    },
  ];
}
