import type { CrmObject, PropertyType } from "../model";

/** What a condition can compare a property's values with. */
export type PropertyKind = "bool" | "number" | "date" | "enumeration" | "string";

/** What conditions compare a property of this type with; undefined for types conditions do not check. */
export function conditionKind(type: string): PropertyKind | undefined {
  if (type === "datetime" || type === "date") return "date";
  return (["bool", "number", "enumeration", "string"] as const).find((k) => k === type);
}

/** One of HubSpot's default properties, as blueprints and conditions see it. */
export interface BuiltinProperty {
  /** Its type in HubSpot: a blueprint may declare it to customize it, never with another type. */
  type: PropertyType;
  /**
   * What conditions on it compare its values with (its type's kind unless stated otherwise); absent when conditions
   * on it are not type-checked, because its type or options differ between portals.
   */
  compared?: PropertyKind;
  /** Its options, where conditions check their values against them. */
  options?: readonly string[];
}

type CheckedType = "string" | "number" | "datetime" | "enumeration" | "bool";

/** A default property whose conditions are not type-checked. */
const plain = (type: PropertyType): BuiltinProperty => ({ type });
/** A default property whose type (and options) are the same in every portal: conditions on it are type-checked. */
const checked = (type: CheckedType, options?: readonly string[]): BuiltinProperty => ({
  type,
  compared: conditionKind(type),
  ...(options && { options }),
});

/**
 * HubSpot's default properties that blueprints commonly refer to without declaring them: their types (so a
 * declaration keeps them and conditions on them are checked like declared ones) and, for those conditions check,
 * their options. A blueprint may also declare one to customize it (options, label): it stays HubSpot's, and
 * removing it from the blueprint releases it. `lifecyclestage` options also include the blueprint's own
 * lifecycle stage keys (./condition-types.ts).
 */
export const BUILTIN_PROPERTY_TABLE: Record<CrmObject, Readonly<Record<string, BuiltinProperty>>> = {
  contacts: {
    email: checked("string"),
    firstname: plain("string"),
    lastname: plain("string"),
    company: plain("string"),
    jobtitle: plain("string"),
    phone: plain("string"),
    mobilephone: plain("string"),
    country: checked("string"),
    state: checked("string"),
    city: checked("string"),
    zip: plain("string"),
    address: plain("string"),
    website: plain("string"),
    industry: plain("string"),
    // The one default property compared otherwise than its type says: HubSpot stores a contact's Annual Revenue as
    // text (a company's is a number), yet people compare it as a number (`annualrevenue gte 1000000`) and the
    // routing runtime compares with gt/gte/lt/lte numerically (Number() of both sides, src/plan/n8n/runtime/routing.js).
    annualrevenue: { type: "string", compared: "number" },
    numemployees: plain("enumeration"),
    lifecyclestage: checked("enumeration", [
      "subscriber",
      "lead",
      "marketingqualifiedlead",
      "salesqualifiedlead",
      "opportunity",
      "customer",
      "evangelist",
      "other",
    ]),
    hs_lead_status: checked("enumeration", [
      "NEW",
      "OPEN",
      "IN_PROGRESS",
      "OPEN_DEAL",
      "UNQUALIFIED",
      "ATTEMPTED_TO_CONTACT",
      "CONNECTED",
      "BAD_TIMING",
    ]),
    hubspotscore: checked("number"),
    hubspot_owner_id: plain("enumeration"),
    createdate: checked("datetime"),
    lastmodifieddate: checked("datetime"),
    hs_analytics_source: plain("enumeration"),
    hs_analytics_source_data_1: plain("string"),
    hs_persona: plain("enumeration"),
    hs_language: plain("enumeration"),
    hs_email_domain: plain("string"),
    message: plain("string"),
  },
  companies: {
    name: plain("string"),
    domain: checked("string"),
    website: plain("string"),
    industry: plain("enumeration"),
    country: checked("string"),
    state: plain("string"),
    city: plain("string"),
    numberofemployees: checked("number"),
    annualrevenue: checked("number"),
    lifecyclestage: plain("enumeration"),
    hs_lead_status: plain("enumeration"),
    hubspot_owner_id: plain("enumeration"),
    createdate: checked("datetime"),
    type: plain("enumeration"),
    description: plain("string"),
    phone: plain("string"),
    is_public: plain("bool"),
  },
  deals: {
    dealname: checked("string"),
    amount: checked("number"),
    closedate: checked("datetime"),
    dealstage: plain("enumeration"),
    pipeline: plain("enumeration"),
    dealtype: plain("enumeration"),
    hubspot_owner_id: plain("enumeration"),
    createdate: checked("datetime"),
    description: plain("string"),
    hs_priority: checked("enumeration", ["low", "medium", "high"]),
    hs_forecast_probability: checked("number"),
    closed_lost_reason: plain("string"),
    closed_won_reason: plain("string"),
    deal_currency_code: plain("enumeration"),
    hs_next_step: plain("string"),
    hs_deal_stage_probability: plain("number"),
    hs_is_closed: plain("bool"),
  },
  tickets: {
    subject: checked("string"),
    content: plain("string"),
    hs_pipeline: plain("enumeration"),
    hs_pipeline_stage: plain("enumeration"),
    hs_ticket_priority: checked("enumeration", ["LOW", "MEDIUM", "HIGH", "URGENT"]),
    hs_ticket_category: plain("enumeration"),
    hubspot_owner_id: plain("enumeration"),
    createdate: checked("datetime"),
    source_type: plain("enumeration"),
    hs_resolution: plain("enumeration"),
  },
};

/** The names of HubSpot's default properties per object type. */
export const BUILTIN_PROPERTIES: Record<CrmObject, readonly string[]> = {
  contacts: Object.keys(BUILTIN_PROPERTY_TABLE.contacts),
  companies: Object.keys(BUILTIN_PROPERTY_TABLE.companies),
  deals: Object.keys(BUILTIN_PROPERTY_TABLE.deals),
  tickets: Object.keys(BUILTIN_PROPERTY_TABLE.tickets),
};

/** A default property of the table, or undefined when `name` is not one. */
function builtin(object: CrmObject, name: string): BuiltinProperty | undefined {
  const properties = BUILTIN_PROPERTY_TABLE[object];
  return Object.hasOwn(properties, name) ? properties[name] : undefined;
}

/** HubSpot's type of a default property, or undefined when `name` is not one. */
export const builtinType = (object: CrmObject, name: string): PropertyType | undefined => builtin(object, name)?.type;

/** What conditions on a default property compare it with, and its options; undefined when they are not checked. */
export function builtinConditionFacts(
  object: CrmObject,
  name: string,
): { kind: PropertyKind; options?: readonly string[] } | undefined {
  const property = builtin(object, name);
  return property?.compared && { kind: property.compared, ...(property.options && { options: property.options }) };
}

/** HubSpot's default property groups per object type: usable without declaring them, never deleted by revstack. */
export const BUILTIN_GROUPS: Record<CrmObject, readonly string[]> = {
  contacts: [
    "contactinformation",
    "analyticsinformation",
    "emailinformation",
    "conversioninformation",
    "socialmediainformation",
    "sales_properties",
    "contact_activity",
  ],
  companies: ["companyinformation", "analyticsinformation", "socialmediainformation", "company_activity"],
  deals: ["dealinformation", "analyticsinformation", "deal_activity"],
  tickets: ["ticketinformation", "ticket_activity"],
};

export const isBuiltinGroup = (object: string, name: string): boolean =>
  (BUILTIN_GROUPS[object as CrmObject] ?? []).includes(name);
