/**
 * The blueprint model: the single source of truth for what a blueprint may say. Types are inferred
 * from it, the JSON Schema in schemas/ is generated from it, and the loader validates against it.
 *
 * Everything is referred to by a stable key (owners by email), never by a platform id, so one
 * blueprint can be applied to several CRM accounts.
 */
import { z } from "zod";
import { CrmObject, PipelineObject } from "./crm-objects";
import {
  DURATION_HINT,
  DURATION_PATTERN,
  parseDuration,
  parseSlaDuration,
  SLA_DURATION_HINT,
  SLA_DURATION_PATTERN,
} from "./duration";
import { KEY_EXAMPLES } from "./object-keys";

export { CrmObject, PipelineObject };

// ---------------------------------------------------------------------------------------------
// Composition metadata: how `extends` merges lists and which objects are replaced whole.
// ---------------------------------------------------------------------------------------------

/** Lists whose items are merged by a key field across `extends` layers (list schema → key field). */
export const keyedLists = new WeakMap<z.ZodType, string>();
/** Objects that hold exactly one of several keys (a trigger, an action): a layer replaces them whole. */
export const oneKeyObjects = new WeakSet<z.ZodType>();

function keyedList<T extends z.ZodType>(item: T, keyField: string, bounds: { min?: number; max?: number } = {}) {
  let list = z.array(item);
  // Checks clone a zod schema, so they are applied before the list is registered.
  if (bounds.min !== undefined) list = list.min(bounds.min);
  if (bounds.max !== undefined) list = list.max(bounds.max);
  keyedLists.set(list, keyField);
  return list;
}

type OneKey<T> = { [K in keyof T]: { [P in K]: T[P] } & { [P in Exclude<keyof T, K>]?: never } }[keyof T];

/** An object with exactly one of the given keys, e.g. `{ stageEntered: { pipeline, stage } }`. */
function oneKeyOf<S extends Record<string, z.ZodType>>(shape: S, what: string) {
  const names = Object.keys(shape);
  const optional = Object.fromEntries(names.map((name) => [name, shape[name].optional()]));
  const schema = z
    .strictObject(optional)
    .superRefine((value, ctx) => {
      const found = Object.keys(value);
      if (found.length === 1) return;
      ctx.addIssue({
        code: "custom",
        message:
          found.length === 0
            ? `${what} is empty: expected exactly one of ${names.join(", ")}`
            : `${what} has ${found.join(" and ")}: expected exactly one of ${names.join(", ")}`,
      });
    })
    .meta({ minProperties: 1, maxProperties: 1 });
  oneKeyObjects.add(schema);
  return schema as unknown as z.ZodType<
    OneKey<{ [K in keyof S]: z.output<S[K]> }>,
    OneKey<{ [K in keyof S]: z.input<S[K]> }>
  >;
}

// ---------------------------------------------------------------------------------------------
// Scalars
// ---------------------------------------------------------------------------------------------

export const KEY_PATTERN = /^[a-z][a-z0-9]*(?:[-_][a-z0-9]+)*$/;
export const PROPERTY_NAME_PATTERN = /^[a-z][a-z0-9_]*$/;
export const EMAIL_PATTERN = /^[A-Za-z0-9._%+'-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+$/;

/** A stable key: lowercase words joined by '-' or '_' (new-business, inbound_sdr). */
export const Key = z
  .string()
  .max(64)
  .regex(KEY_PATTERN, {
    error: "expected a key: lowercase letters and digits, words joined by '-' or '_' (e.g. new-business)",
  })
  .describe("Stable key, e.g. new-business");

/** A CRM property's internal name (HubSpot: lowercase, digits, underscores). */
export const PropertyName = z
  .string()
  .max(100)
  .regex(PROPERTY_NAME_PATTERN, {
    error: "expected a property name: lowercase letters, digits and '_' (e.g. lead_source)",
  })
  .describe("CRM property internal name, e.g. lead_source");

export const Email = z
  .string()
  .max(254)
  .regex(EMAIL_PATTERN, { error: "expected an email address (owners are identified by email)" })
  .describe("Email address of an owner");

export const Duration = z
  .string()
  .regex(DURATION_PATTERN, {
    error: (issue) =>
      /\dbd/.test(String(issue.input))
        ? "business days (bd) count only in a routing SLA's firstTouch, where the assignee's calendar applies: write 1d or 1w here"
        : `expected ${DURATION_HINT}`,
  })
  .refine((text) => !DURATION_PATTERN.test(text) || parseDuration(text).ok, {
    error: (issue) => `expected a duration longer than zero, found ${JSON.stringify(issue.input)}`,
  })
  .describe("Duration: 15m, 4h, 2d, 1w, or combined largest unit first (1d12h)");

/** A first-touch time: a Duration, or business days counted in the assignee's calendar (1bd, 1bd4h). */
export const SlaDuration = z
  .string()
  .regex(SLA_DURATION_PATTERN, { error: `expected ${SLA_DURATION_HINT}` })
  .refine((text) => !SLA_DURATION_PATTERN.test(text) || parseSlaDuration(text).ok, {
    error: (issue) => `expected a duration longer than zero, found ${JSON.stringify(issue.input)}`,
  })
  .describe("Duration: 30m, 4h, 1bd (one business day of the assignee), 1bd4h; d means 24 hours");

/** A calendar date, read in the time zone of the owner it applies to. */
export const CalendarDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: "expected a date as YYYY-MM-DD, e.g. 2026-12-25" })
  .refine((text) => !/^\d{4}-\d{2}-\d{2}$/.test(text) || new Date(`${text}T00:00:00Z`).toISOString().startsWith(text), {
    error: (issue) => `${JSON.stringify(issue.input)} is not a date in the calendar`,
  })
  .describe("Date as YYYY-MM-DD");

/** Days nobody (of the blueprint, a team or one owner) works, in each owner's own time zone. */
export const Holidays = z.array(CalendarDate).describe("Dates (YYYY-MM-DD) off work, in each owner's time zone");

/** When a routing test's lead arrives unless it says: a Monday, 10:00 in New York. */
export const DEFAULT_ARRIVAL = "2026-01-05T15:00:00Z";

/** A share between 0 and 1, e.g. a conversion or SLA compliance target. */
export const Ratio = z.number().min(0).max(1).describe("A share between 0 and 1 (0.25 = 25 %)");

export const Currency = z
  .string()
  .regex(/^[A-Z]{3}$/, { error: "expected an ISO 4217 currency code such as USD or EUR" });

export const TimeOfDay = z
  .string()
  .regex(/^(?:[01]\d|2[0-3]):[0-5]\d$/, { error: "expected a time of day as HH:MM (24 h), e.g. 09:00" });

/** IANA time zone name; the semantic checks verify it against the runtime's zone database. */
export const Timezone = z.string().min(1).describe("IANA time zone, e.g. Europe/Berlin");

export const Weekday = z.enum(["mon", "tue", "wed", "thu", "fri", "sat", "sun"]);

export const Scalar = z.union([z.string(), z.number(), z.boolean()]);

/** Where a notification goes: the record's owner, their manager or backup, a team, a Slack channel or an email. */
export const NotifyTarget = z
  .string()
  .regex(/^(?:owner|manager|backup|team:[a-z][a-z0-9_-]*|slack:#[a-z0-9._-]+|email:[^@\s]+@[^@\s]+)$/, {
    error: "expected owner, manager, backup, team:<team key>, slack:#<channel> or email:<address>",
  });

// ---------------------------------------------------------------------------------------------
// Metadata and targets
// ---------------------------------------------------------------------------------------------

export const Metadata = z.strictObject({
  name: Key.describe("Name of this blueprint (a key)"),
  description: z.string().optional(),
  businessUnit: Key.optional(),
  region: z.string().optional(),
  currency: Currency.optional(),
  timezone: Timezone.optional(),
  labels: z.record(Key, z.string()).optional(),
});

/** Which systems a stack applies to. Names only: credentials come from Pulumi stack config secrets. */
export const Targets = z.strictObject({
  crm: z.enum(["hubspot"]).default("hubspot"),
  automation: z
    .enum(["n8n"])
    .optional()
    .describe("Automation platform for routing and automations; omit to apply the CRM part only"),
});

// ---------------------------------------------------------------------------------------------
// Owners and teams
// ---------------------------------------------------------------------------------------------

export const Strategy = z.enum(["round_robin", "weighted", "capacity", "territory"]);

export const WorkingHours = z.strictObject({
  days: z.array(Weekday).min(1).default(["mon", "tue", "wed", "thu", "fri"]),
  start: TimeOfDay,
  end: TimeOfDay,
});

export const Capacity = z.strictObject({
  newLeadsPerDay: z.int().min(0).optional(),
  openDeals: z.int().min(0).optional(),
});

/** A dated absence, both days included, in the owner's time zone. */
export const Absence = z.strictObject({
  from: CalendarDate.describe("First day away"),
  until: CalendarDate.describe("Last day away (included)"),
  reason: z.string().optional(),
});

export const Owner = z.strictObject({
  email: Email,
  name: z.string().min(1).optional(),
  firstName: z.string().min(1).optional(),
  lastName: z.string().min(1).optional(),
  role: z.string().min(1).optional(),
  team: Key.optional().describe("Key of the owner's team; team members are derived from this"),
  timezone: Timezone.optional(),
  workingHours: WorkingHours.optional(),
  capacity: Capacity.optional(),
  backup: z.string().min(1).optional().describe("Email of the backup owner, or key of a backup team"),
  away: z
    .union([z.boolean(), Absence, z.array(Absence).min(1)])
    .default(false)
    .describe(
      "true (away until changed), or dated absences { from, until }: routing sends this owner's work to the backup and SLA clocks stop on those days",
    ),
  holidays: Holidays.optional(),
  territories: z.array(Scalar).optional().describe("Values of the team's territoryProperty this owner covers"),
});

/**
 * An owner taken out of the blueprint who may still own records (contacts, companies, deals, tickets): where their
 * records go before HubSpot removes the user, kept in the blueprint like a pipeline's `retiredStages`.
 */
export const RetiredOwner = z.strictObject({
  email: Email,
  reassignTo: z
    .string()
    .min(1)
    .describe("Email of the owner who receives the records, or a team key (shared round-robin among its members)"),
});

export const Team = z.strictObject({
  label: z.string().min(1).optional(),
  manager: Email,
  strategy: Strategy.default("round_robin"),
  weights: z.record(Email, z.number().positive()).optional().describe("Owner email → weight, for strategy weighted"),
  territoryProperty: PropertyName.optional().describe(
    "Property matched against owners' territories, for strategy territory",
  ),
  holidays: Holidays.optional().describe("Days off for every member, on top of the blueprint's holidays"),
});

// ---------------------------------------------------------------------------------------------
// Routing
// ---------------------------------------------------------------------------------------------

export const Operator = z.enum(["eq", "neq", "in", "not_in", "gt", "gte", "lt", "lte", "contains", "known", "unknown"]);

export const Condition = z.strictObject({
  property: PropertyName,
  op: Operator,
  value: z.union([Scalar, z.array(Scalar)]).optional(),
});

export const ConditionGroup = oneKeyOf(
  { all: z.array(Condition).min(1), any: z.array(Condition).min(1) },
  "a condition group",
);

/** "The lead is (not) in list Enterprise ICP": a routing rule's or an automation's test of list membership. */
export const ListCondition = z.strictObject({
  list: Key.describe("A key of lists:"),
  op: z.enum(["in", "not_in"]).describe("in: the record is a member of the list; not_in: it is not"),
});

/** Routing `when` and automation `if`: property conditions and list membership (lists and lifecycle test properties only). */
export const RuleCondition = z.union([Condition, ListCondition]);
export const RuleConditionGroup = oneKeyOf(
  { all: z.array(RuleCondition).min(1), any: z.array(RuleCondition).min(1) },
  "a condition group",
);

export const Assign = z.strictObject({
  team: Key.optional(),
  owner: Email.optional(),
  strategy: Strategy.optional().describe("Overrides the team's strategy for this rule"),
});

export const Breach = z.strictObject({
  escalateTo: z.string().min(1).optional().describe("manager, an owner email or a team key"),
  reassignTo: z.string().min(1).optional().describe("backup, an owner email or a team key"),
  notify: z.array(NotifyTarget).optional(),
  message: z
    .string()
    .min(1)
    .optional()
    .describe(
      "The notification's text: {{contact.<property>}}, {{rule}}, {{owner}}, {{firstTouch}}, {{dueAt}}, {{reassignedTo}}, {{now}}",
    ),
});

export const Sla = z.strictObject({
  firstTouch: SlaDuration,
  businessHours: z.boolean().default(true).describe("Count only the assignee's working hours"),
  onBreach: Breach.optional(),
});

/** Who hears of a lead routing could not assign (nobody free, no owner in the CRM, no rule matching). */
export const Unrouted = z.strictObject({
  notify: z.array(NotifyTarget).min(1),
});

export const RoutingRule = z.strictObject({
  key: Key,
  description: z.string().optional(),
  when: RuleConditionGroup.optional().describe("Omit on the last rule: it is the fallback"),
  assign: Assign,
  sla: Sla.optional(),
  onUnrouted: Unrouted.optional().describe(
    "Who is told when this rule matches a lead nobody can take; the last rule's also covers leads no rule matches",
  ),
});

// ---------------------------------------------------------------------------------------------
// Lifecycle and qualification
// ---------------------------------------------------------------------------------------------

export const LifecycleCriteria = z.strictObject({
  score: z.strictObject({ property: PropertyName.default("hubspotscore"), gte: z.number() }).optional(),
  requires: z.array(PropertyName).optional(),
  when: ConditionGroup.optional(),
});

export const LifecycleStage = z.strictObject({
  key: Key.describe(
    "subscriber, lead, marketingqualifiedlead, salesqualifiedlead, opportunity, customer, evangelist, or a custom key",
  ),
  label: z.string().min(1).optional(),
  criteria: LifecycleCriteria.optional(),
});

export const Handoff = z.strictObject({
  from: Key,
  to: Key,
  acceptWithin: Duration,
  onReject: z.strictObject({
    reasonProperty: PropertyName,
    returnTo: Key.optional(),
    notify: z.array(NotifyTarget).optional(),
  }),
});

export const Lifecycle = z.strictObject({
  stages: keyedList(LifecycleStage, "key", { min: 1 }),
  handoff: Handoff.optional(),
});

// ---------------------------------------------------------------------------------------------
// Pipelines
// ---------------------------------------------------------------------------------------------

export const Stage = z.strictObject({
  key: Key,
  label: z.string().min(1),
  probability: z
    .number()
    .min(0)
    .max(1)
    .optional()
    .describe("Win probability 0.0–1.0 in steps of 0.1 (required for deals)"),
  closed: z.enum(["won", "lost"]).optional(),
  requires: z.array(PropertyName).optional().describe("Properties that must be set to enter this stage"),
  stalledAfter: Duration.optional(),
});

/** A stage that no longer exists: where the records still in it go (the provider's destructive guard uses this). */
export const RetiredStage = z.strictObject({
  key: Key,
  moveTo: Key.describe("Key of a live stage in the same pipeline"),
});

export const Pipeline = z.strictObject({
  label: z.string().min(1),
  object: z
    .union([PipelineObject, PropertyName.describe("A key of customObjects:")])
    .default("deals")
    .describe("deals, tickets or a key of customObjects: (whose records the pipeline's stages hold)"),
  displayOrder: z
    .int()
    .min(0)
    .optional()
    .describe("Position among the object's pipelines; default: the order of pipelines"),
  stages: keyedList(Stage, "key", { min: 1, max: 100 }),
  retiredStages: keyedList(RetiredStage, "key").optional(),
});

// ---------------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------------

/** HubSpot's property data types (`type`); a property's values are stored as this type. */
export const PropertyType = z.enum(["string", "number", "date", "datetime", "enumeration", "bool", "phone_number"]);

/** How HubSpot shows a property (`fieldType`): text, a dropdown, checkboxes, a calculation... */
export const FieldType = z.enum([
  "text",
  "textarea",
  "html",
  "phonenumber",
  "number",
  "date",
  "file",
  "select",
  "radio",
  "checkbox",
  "booleancheckbox",
  "calculation_equation",
  "calculation_rollup",
  "calculation_score",
]);

/** The field types HubSpot allows for each type (HubSpot's properties guide); the first is the default. */
export const FIELD_TYPES: Record<z.infer<typeof PropertyType>, ReadonlyArray<z.infer<typeof FieldType>>> = {
  string: ["text", "textarea", "html", "phonenumber", "file", "calculation_equation"],
  number: ["number", "calculation_equation", "calculation_rollup", "calculation_score"],
  date: ["date"],
  datetime: ["date"],
  enumeration: ["select", "radio", "checkbox", "booleancheckbox", "calculation_equation"],
  bool: ["booleancheckbox", "calculation_equation"],
  phone_number: ["phonenumber"],
};

/** Field types whose values HubSpot computes: records cannot set them, and its API cannot create rollups and scores. */
export const CALCULATED_FIELD_TYPES: ReadonlyArray<z.infer<typeof FieldType>> = [
  "calculation_equation",
  "calculation_rollup",
  "calculation_score",
];
/** Calculated field types HubSpot's API cannot create: a blueprint can only adopt them. */
export const ADOPT_ONLY_FIELD_TYPES: ReadonlyArray<z.infer<typeof FieldType>> = [
  "calculation_rollup",
  "calculation_score",
];

export const PropertyOption = z.strictObject({
  value: z.string().min(1),
  label: z.string().min(1),
  description: z.string().optional(),
  hidden: z.boolean().optional(),
});

export const Property = z.strictObject({
  label: z.string().min(1),
  type: PropertyType,
  fieldType: FieldType.optional().describe(
    "How HubSpot shows it; default: text, number, date, select, booleancheckbox or phonenumber by type",
  ),
  group: PropertyName.describe("Key of a group in properties.groups, or one of HubSpot's default groups"),
  description: z.string().optional(),
  options: keyedList(PropertyOption, "value").optional().describe("Required for type enumeration; in display order"),
  hasUniqueValue: z
    .boolean()
    .optional()
    .describe("Values must be unique across records; HubSpot cannot change this after creation"),
  formField: z.boolean().optional().describe("Can be used in forms"),
  hidden: z.boolean().optional().describe("Hidden in HubSpot's UI"),
  displayOrder: z.int().min(-1).optional().describe("Position within its group (-1: after the ordered ones)"),
  dataSensitivity: z.enum(["non_sensitive", "sensitive", "highly_sensitive"]).optional(),
  numberDisplayHint: z
    .enum(["unformatted", "formatted", "currency", "percentage", "duration", "probability"])
    .optional()
    .describe("How a number is shown"),
  showCurrencySymbol: z.boolean().optional(),
  currencyPropertyName: PropertyName.optional().describe(
    "For currency numbers: the property holding the currency code",
  ),
  calculationFormula: z.string().min(1).optional().describe("For fieldType calculation_equation: HubSpot's formula"),
  allowTypeChange: z
    .boolean()
    .optional()
    .describe("Apply a type change although records hold values (values that do not fit the new type are lost)"),
});

export const PropertyGroup = z.strictObject({
  label: z.string().min(1),
  displayOrder: z
    .int()
    .min(-1)
    .optional()
    .describe("Position among the object's groups; default: the order of properties.groups"),
});

const propertyMap = () => z.record(PropertyName, Property).optional();

export const Properties = z.strictObject({
  groups: z.record(PropertyName, PropertyGroup).optional(),
  contacts: propertyMap(),
  companies: propertyMap(),
  deals: propertyMap(),
  tickets: propertyMap(),
});

// ---------------------------------------------------------------------------------------------
// Lists (segments)
// ---------------------------------------------------------------------------------------------

/** HubSpot's list processing types: members follow the filters, are added by hand, or are the filters' matches once. */
export const ListType = z.enum(["dynamic", "manual", "snapshot"]);

export const List = z.strictObject({
  name: z.string().min(1).describe("The list's name in HubSpot, unique in the portal"),
  object: CrmObject.default("contacts").describe("The object type the list segments"),
  type: ListType.default("dynamic").describe(
    "dynamic: members follow `when`; manual: members are added by hand; snapshot: `when`'s matches when it is made",
  ),
  when: ConditionGroup.optional().describe(
    "The filters of a dynamic or snapshot list, in routing's condition language (all: / any: of property, op, value)",
  ),
});

// ---------------------------------------------------------------------------------------------
// Forms
// ---------------------------------------------------------------------------------------------

/** One field of a form: the contact property it fills; its type on the form follows the property's type. */
export const FormField = z.strictObject({
  property: PropertyName.describe("The contact property the field fills (email, firstname, a declared one)"),
  label: z.string().min(1).optional().describe("What the visitor reads; default: the property's label in HubSpot"),
  required: z.boolean().default(false).describe("The form cannot be sent without it"),
});

/** What a visitor sees after sending: a thank-you message, or another page. */
export const FormSubmit = oneKeyOf(
  {
    message: z.string().min(1).describe("A thank-you message shown in place of the form"),
    redirect: z
      .string()
      .regex(/^https?:\/\/\S+$/, { error: "expected an http(s) URL" })
      .describe("The page the visitor is taken to"),
  },
  "a submit behaviour",
);

export const Form = z.strictObject({
  name: z.string().min(1).describe("The form's name in HubSpot, unique in the portal"),
  fields: keyedList(FormField, "property", { min: 1 }).describe(
    "Its fields in order, each bound to a contact property",
  ),
  submit: FormSubmit.default({ message: "Thanks for submitting the form." }),
  lifecycleStage: z
    .string()
    .min(1)
    .optional()
    .describe(
      "The lifecycle stage the form sets on the contacts it creates or updates (lead, marketingqualifiedlead…)",
    ),
  owner: Email.optional().describe(
    "The owner the form gives the contacts it creates (a hidden Contact owner field), by email",
  ),
  retiredFields: z
    .array(PropertyName)
    .optional()
    .describe("Fields taken off the form on purpose: the contacts keep the values they gave"),
});

// ---------------------------------------------------------------------------------------------
// Custom objects and association labels
// ---------------------------------------------------------------------------------------------

/** One of a custom object's own properties (HubSpot adds hs_object_id, hs_createdate and hs_lastmodifieddate). */
export const CustomObjectProperty = z.strictObject({
  label: z.string().min(1),
  type: PropertyType,
  fieldType: FieldType.optional().describe("How HubSpot shows it; default: text, number, date, select… by type"),
  description: z.string().optional(),
  options: keyedList(PropertyOption, "value").optional().describe("Required for type enumeration; in display order"),
});

export const CustomObject = z.strictObject({
  labels: z.strictObject({
    singular: z.string().min(1).describe("What one record is called: Subscription"),
    plural: z.string().min(1).describe("What several are called: Subscriptions"),
  }),
  description: z.string().optional(),
  primaryDisplayProperty: PropertyName.describe("The property that names a record (one of its properties)"),
  secondaryDisplayProperties: z.array(PropertyName).optional().describe("Shown under the record's name"),
  searchableProperties: z.array(PropertyName).optional().describe("Searched by HubSpot's search bar"),
  requiredProperties: z.array(PropertyName).optional().describe("A record cannot be created without them"),
  properties: z.record(PropertyName, CustomObjectProperty).describe("Its own properties, by internal name"),
  associations: z
    .array(z.string().min(1))
    .optional()
    .describe("What its records associate with: contacts, companies, deals, tickets or another custom object's name"),
});

export const AssociationLabel = z.strictObject({
  from: z.string().min(1).describe("contacts, companies, deals, tickets or a custom object's name"),
  to: z.string().min(1).describe("contacts, companies, deals, tickets or a custom object's name"),
  label: z.string().min(1).describe("What the association is called from `from`: Decision maker"),
  inverseLabel: z
    .string()
    .min(1)
    .optional()
    .describe("A paired label: what it is called from `to` (Billing contact → Billed company)"),
});

// ---------------------------------------------------------------------------------------------
// Automations
// ---------------------------------------------------------------------------------------------

/** The records a trigger watches: one of HubSpot's standard objects or one of the blueprint's custom objects. */
export const RecordObject = z.union([CrmObject, PropertyName.describe("A key of customObjects:")]);

export const Trigger = oneKeyOf(
  {
    recordCreated: z.strictObject({ object: RecordObject }),
    propertyChanged: z.strictObject({ object: RecordObject, property: PropertyName, to: Scalar.optional() }),
    stageEntered: z.strictObject({ pipeline: Key, stage: Key }),
    stageStalled: z.strictObject({ pipeline: Key, stage: Key.optional() }),
    listJoined: z.strictObject({ list: Key }),
    slaBreached: z.strictObject({ rule: Key.optional().describe("Routing rule key; omit for any rule") }),
    schedule: z.strictObject({ cron: z.string().min(1).optional(), every: Duration.optional() }),
    webhook: z.strictObject({
      path: z.string().regex(/^\/[a-z0-9/_-]+$/, { error: "expected a path like /hooks/trial-signup" }),
    }),
  },
  "a trigger (on)",
);

export const Action = oneKeyOf(
  {
    assignOwner: Assign,
    createTask: z.strictObject({
      title: z.string().min(1),
      for: z.string().min(1).default("owner").describe("owner, manager, backup or an owner email"),
      due: Duration.optional(),
      priority: z.enum(["low", "medium", "high"]).optional(),
    }),
    notify: z.strictObject({ to: z.array(NotifyTarget).min(1), message: z.string().min(1) }),
    setProperty: z.strictObject({ property: PropertyName, value: Scalar }),
    moveStage: z.strictObject({ pipeline: Key, stage: Key }),
    webhook: z.strictObject({
      url: z.string().regex(/^https?:\/\/\S+$/, { error: "expected an http(s) URL" }),
      method: z.enum(["POST", "PUT", "PATCH", "GET"]).default("POST"),
    }),
    wait: z.strictObject({ for: Duration }),
  },
  "an action",
);

/**
 * The records a business unit's stack acts on, on a portal several units share: those whose property has this value.
 * Its automations poll and act on those records only, and its routing sweep takes only those leads.
 */
export const Scope = z.strictObject({
  property: PropertyName.describe("The property that names a record's business unit, e.g. business_unit"),
  value: Scalar.describe("This unit's value of it, e.g. emea"),
});

export const Automation = z.strictObject({
  key: Key,
  description: z.string().optional(),
  enabled: z.boolean().default(true),
  target: z
    .enum(["n8n", "hubspot"])
    .default("n8n")
    .describe("Where it runs: n8n, or a HubSpot workflow (docs/hubspot-workflows.md#automations-that-run-in-hubspot)"),
  on: Trigger,
  if: RuleConditionGroup.optional().describe("Conditions on the record's properties and the lists it is in"),
  do: z.array(Action).min(1),
});

// ---------------------------------------------------------------------------------------------
// Reporting
// ---------------------------------------------------------------------------------------------

const metric = <T extends string, S extends z.ZodRawShape>(type: T, shape: S) =>
  z.strictObject({
    key: Key,
    type: z.literal(type),
    label: z.string().min(1).optional(),
    description: z.string().optional(),
    ...shape,
  });

export const Metric = z.discriminatedUnion("type", [
  metric("conversion", {
    pipeline: Key.optional().describe("Omit to measure between lifecycle stages"),
    from: Key,
    to: Key,
    target: Ratio.optional(),
  }),
  metric("timeInStage", { pipeline: Key, stage: Key, target: Duration.optional().describe("Upper bound") }),
  metric("stalledDeals", {
    pipeline: Key,
    stage: Key.optional(),
    target: z.int().min(0).optional().describe("Upper bound"),
  }),
  metric("velocity", {
    pipeline: Key,
    target: Duration.optional().describe("Upper bound from creation to closed won"),
  }),
  metric("sla", { rule: Key.optional().describe("Routing rule key; omit for all rules"), target: Ratio.optional() }),
  metric("attribution", {
    model: z.enum(["first_touch", "last_touch"]),
    property: PropertyName.optional().describe("Source property; a default is provisioned when omitted"),
    pipeline: Key.optional(),
    target: Ratio.optional(),
  }),
  metric("capacity", { team: Key.optional(), target: Ratio.optional().describe("Target utilisation") }),
  metric("retention", {
    by: PropertyName.optional().describe("Acquisition property to break retention down by"),
    period: Duration.optional(),
    target: Ratio.optional(),
  }),
]);

export const Dashboard = z.strictObject({
  key: Key,
  label: z.string().min(1),
  metrics: z.array(Key).min(1),
});

export const Reporting = z.strictObject({
  metrics: keyedList(Metric, "key").default([]),
  dashboards: keyedList(Dashboard, "key").optional(),
});

// ---------------------------------------------------------------------------------------------
// Routing tests (`revstack test`): a lead, when it arrives and what routing knows then → what must happen
// ---------------------------------------------------------------------------------------------

export const Instant = z.iso
  .datetime({ offset: true, error: "expected a date and time with its offset, e.g. 2026-01-05T10:00:00-05:00" })
  .describe("An instant: date, time and offset (Z or ±hh:mm)");

export const RoutingState = z.strictObject({
  away: z.array(Email).optional().describe("Owners away when the lead arrives (on top of the blueprint's absences)"),
  load: z
    .record(Email, z.int().min(0))
    .optional()
    .describe("New leads each owner already received today (capacity.newLeadsPerDay counts them)"),
  roundRobin: z
    .record(Key, Email)
    .optional()
    .describe("Team key → the member whose turn it is in the team's round robin"),
  credit: z
    .record(Key, z.record(Email, z.number()))
    .optional()
    .describe(
      "Team key → each member's credit in the team's weighted strategy (smooth weighted round robin: the member " +
        "whose credit plus weight is highest goes next; members not named start at 0)",
    ),
});

export const RoutingExpectation = z
  .strictObject({
    rule: Key.optional(),
    owner: Email.optional(),
    team: Key.optional().describe("The team the rule assigns to (or the owner's team)"),
    slaDue: Instant.optional().describe("When the first touch is due"),
  })
  .refine((e) => Object.keys(e).length > 0, { error: "expect names nothing: say rule, owner, team or slaDue" });

export const RoutingCase = z.strictObject({
  name: z.string().min(1),
  lead: z.record(PropertyName, Scalar).default({}).describe("The lead's properties, as the CRM has them"),
  lists: z.array(Key).optional().describe("The keys of the blueprint's lists the lead is in"),
  at: Instant.default(DEFAULT_ARRIVAL).describe(`When the lead arrives; default ${DEFAULT_ARRIVAL} (a Monday)`),
  state: RoutingState.optional(),
  expect: RoutingExpectation,
});

// ---------------------------------------------------------------------------------------------
// HubSpot workflows (automation v4 flows), in the blueprint's words: src/kinds/hubspot-workflow-flow.ts
// ---------------------------------------------------------------------------------------------

/** What HubSpot holds for a trigger, a step or a setting revstack has no words for, kept as it is. */
const AsHubSpotHolds = z.record(z.string(), z.unknown()).describe("Kept as HubSpot holds it (written by export)");

const FlowTrigger = z.union([
  z.strictObject({ stageEntered: z.strictObject({ pipeline: Key, stage: Key }) }),
  z.strictObject({ propertyChanged: z.strictObject({ property: PropertyName, value: z.string().optional() }) }),
  z.strictObject({ listJoined: z.strictObject({ list: Key.describe("A key of lists:") }) }),
  z.strictObject({ manual: z.literal(true) }),
  z.strictObject({ hubspot: AsHubSpotHolds }),
]);

export type FlowStep = { name?: string } & (
  | { delay: string }
  | { setProperty: { property: string; value: string } }
  | { assignOwner: string }
  | { rotateOwner: string[] }
  | { createTask: { title: string; body?: string; due?: string; priority?: "low" | "medium" | "high" } }
  | { moveStage: { pipeline: string; stage: string } }
  | { notify: { to: string[]; subject: string; body: string } }
  | { branch: { property: string; cases: Record<string, FlowStep[]>; otherwise?: FlowStep[] } }
  | { hubspot: Record<string, unknown> }
);

const StepName = { name: z.string().min(1).optional().describe("How reviews name the step; default from its action") };
const FlowStep: z.ZodType<FlowStep> = z
  .lazy(() =>
    z.union([
      z.strictObject({ ...StepName, delay: Duration }),
      z.strictObject({ ...StepName, setProperty: z.strictObject({ property: PropertyName, value: z.string() }) }),
      z.strictObject({ ...StepName, assignOwner: Email }),
      z.strictObject({ ...StepName, rotateOwner: z.array(Email).min(1) }),
      z.strictObject({
        ...StepName,
        createTask: z.strictObject({
          title: z.string().min(1),
          body: z.string().optional(),
          due: Duration.optional().describe("When the task is due, after it is created"),
          priority: z.enum(["low", "medium", "high"]).optional(),
        }),
      }),
      z.strictObject({
        ...StepName,
        moveStage: z.strictObject({ pipeline: Key, stage: Key }).describe("Sets the record's stage (a pipeline's key)"),
      }),
      z.strictObject({
        ...StepName,
        notify: z.strictObject({ to: z.array(Email).min(1), subject: z.string().min(1), body: z.string() }),
      }),
      z.strictObject({
        ...StepName,
        branch: z.strictObject({
          property: PropertyName,
          cases: z.record(z.string(), z.array(FlowStep)),
          otherwise: z.array(FlowStep).optional(),
        }),
      }),
      z.strictObject({ ...StepName, hubspot: AsHubSpotHolds }),
    ]),
  )
  .meta({ id: "hubspotWorkflowStep" });

export type FlowTrigger = z.infer<typeof FlowTrigger>;

export const HubSpotWorkflow = z.strictObject({
  name: z.string().min(1).describe("The workflow's name in HubSpot: its natural key"),
  object: z.enum(["contacts", "companies", "deals", "tickets"]).describe("What it enrolls"),
  enabled: z.boolean().default(true).describe("Whether HubSpot runs it"),
  trigger: FlowTrigger.describe("What enrolls a record"),
  when: RuleConditionGroup.optional().describe(
    "Enrolls only the records that also meet these conditions (routing's condition language, list membership with op: in), tested with the trigger",
  ),
  reenroll: z.boolean().optional().describe("Whether a record that meets the trigger again is enrolled again"),
  steps: z.array(FlowStep).default([]).describe("Actions in order; a branch ends the list"),
  hubspot: AsHubSpotHolds.optional(),
});

// ---------------------------------------------------------------------------------------------
// The blueprint
// ---------------------------------------------------------------------------------------------

export const API_VERSION = "revstack/v1";

export const Blueprint = z.strictObject({
  apiVersion: z.literal(API_VERSION),
  kind: z.literal("Blueprint"),
  metadata: Metadata,
  extends: z.string().min(1).optional().describe("Relative path of the base blueprint"),
  targets: Targets.default({ crm: "hubspot" }),
  owners: keyedList(Owner, "email").default([]),
  retiredOwners: keyedList(RetiredOwner, "email")
    .optional()
    .describe("Owners removed from the blueprint and where their records go"),
  teams: z.record(Key, Team).default({}),
  holidays: Holidays.optional().describe("Days off for every owner (public holidays), in each owner's time zone"),
  routing: keyedList(RoutingRule, "key").default([]),
  lifecycle: Lifecycle.optional(),
  pipelines: z.record(Key, Pipeline).default({}),
  properties: Properties.default({}),
  lists: z
    .record(Key, List)
    .optional()
    .describe("Lists (segments) by key: dynamic lists filter records, manual lists hold them"),
  scope: Scope.optional().describe(
    "The records this stack acts on when several business units share a portal (docs/routing-and-automations.md#business-units-on-one-portal)",
  ),
  customObjects: z
    .record(PropertyName, CustomObject)
    .optional()
    .describe("Custom object schemas, by HubSpot's internal name (subscription)"),
  associationLabels: z
    .record(PropertyName, AssociationLabel)
    .optional()
    .describe("User-defined association labels, by internal name (decision_maker)"),
  automations: keyedList(Automation, "key").default([]),
  hubspotWorkflows: z.record(Key, HubSpotWorkflow).optional().describe("Workflows HubSpot runs, in words"),
  forms: z.record(Key, Form).optional().describe("HubSpot forms by key: the contact properties they collect"),
  reporting: Reporting.default({ metrics: [] }),
  tests: z.array(RoutingCase).optional().describe("Routing test cases, run by `revstack test`"),
  delete: z
    .array(z.string().min(1))
    .optional()
    .describe(
      "Objects this stack adopted that it deletes from HubSpot, instead of releasing them, when they leave the blueprint " +
        `(or on pulumi destroy), by key as in revstack:adoptObjects: ${KEY_EXAMPLES}`,
    ),
});

export type Blueprint = z.infer<typeof Blueprint>;
export type Metadata = z.infer<typeof Metadata>;
export type Targets = z.infer<typeof Targets>;
export type Strategy = z.infer<typeof Strategy>;
export type WorkingHours = z.infer<typeof WorkingHours>;
export type Owner = z.infer<typeof Owner>;
export type Absence = z.infer<typeof Absence>;
export type Team = z.infer<typeof Team>;
export type RetiredOwner = z.infer<typeof RetiredOwner>;
export type Operator = z.infer<typeof Operator>;
export type Condition = z.infer<typeof Condition>;
export type ConditionGroup = z.infer<typeof ConditionGroup>;
export type ListCondition = z.infer<typeof ListCondition>;
export type RuleCondition = z.infer<typeof RuleCondition>;
export type RuleConditionGroup = z.infer<typeof RuleConditionGroup>;
export type Assign = z.infer<typeof Assign>;
export type Sla = z.infer<typeof Sla>;
export type RoutingRule = z.infer<typeof RoutingRule>;
export type RoutingCase = z.infer<typeof RoutingCase>;
export type LifecycleStage = z.infer<typeof LifecycleStage>;
export type Lifecycle = z.infer<typeof Lifecycle>;
export type Stage = z.infer<typeof Stage>;
export type RetiredStage = z.infer<typeof RetiredStage>;
export type Pipeline = z.infer<typeof Pipeline>;
export type PropertyType = z.infer<typeof PropertyType>;
export type FieldType = z.infer<typeof FieldType>;
export type Property = z.infer<typeof Property>;
export type Properties = z.infer<typeof Properties>;
export type List = z.infer<typeof List>;
export type Form = z.infer<typeof Form>;
export type FormField = z.infer<typeof FormField>;
export type CustomObject = z.infer<typeof CustomObject>;
export type AssociationLabel = z.infer<typeof AssociationLabel>;
export type RecordObject = z.infer<typeof RecordObject>;
export type Trigger = z.infer<typeof Trigger>;
export type Action = z.infer<typeof Action>;
export type Automation = z.infer<typeof Automation>;
export type Scope = z.infer<typeof Scope>;
export type Scalar = z.infer<typeof Scalar>;
export type Metric = z.infer<typeof Metric>;
export type Dashboard = z.infer<typeof Dashboard>;
export type Reporting = z.infer<typeof Reporting>;
