import type { CrmObject, PropertyType } from "../model";

/**
 * HubSpot's default properties that blueprints commonly refer to without declaring them, with their types (so
 * conditions on them can be checked like declared ones). A blueprint may also declare one to customize it
 * (options, label): it stays HubSpot's, and removing it from the blueprint releases it.
 */
export const BUILTIN_PROPERTY_TYPES: Record<CrmObject, Readonly<Record<string, PropertyType>>> = {
  contacts: {
    email: "string",
    firstname: "string",
    lastname: "string",
    company: "string",
    jobtitle: "string",
    phone: "string",
    mobilephone: "string",
    country: "string",
    state: "string",
    city: "string",
    zip: "string",
    address: "string",
    website: "string",
    industry: "string",
    annualrevenue: "string",
    numemployees: "enumeration",
    lifecyclestage: "enumeration",
    hs_lead_status: "enumeration",
    hubspotscore: "number",
    hubspot_owner_id: "enumeration",
    createdate: "datetime",
    lastmodifieddate: "datetime",
    hs_analytics_source: "enumeration",
    hs_analytics_source_data_1: "string",
    hs_persona: "enumeration",
    hs_language: "enumeration",
    hs_email_domain: "string",
    message: "string",
  },
  companies: {
    name: "string",
    domain: "string",
    website: "string",
    industry: "enumeration",
    country: "string",
    state: "string",
    city: "string",
    numberofemployees: "number",
    annualrevenue: "number",
    lifecyclestage: "enumeration",
    hs_lead_status: "enumeration",
    hubspot_owner_id: "enumeration",
    createdate: "datetime",
    type: "enumeration",
    description: "string",
    phone: "string",
    is_public: "bool",
  },
  deals: {
    dealname: "string",
    amount: "number",
    closedate: "datetime",
    dealstage: "enumeration",
    pipeline: "enumeration",
    dealtype: "enumeration",
    hubspot_owner_id: "enumeration",
    createdate: "datetime",
    description: "string",
    hs_priority: "enumeration",
    hs_forecast_probability: "number",
    closed_lost_reason: "string",
    closed_won_reason: "string",
    deal_currency_code: "enumeration",
    hs_next_step: "string",
    hs_deal_stage_probability: "number",
    hs_is_closed: "bool",
  },
  tickets: {
    subject: "string",
    content: "string",
    hs_pipeline: "enumeration",
    hs_pipeline_stage: "enumeration",
    hs_ticket_priority: "enumeration",
    hs_ticket_category: "enumeration",
    hubspot_owner_id: "enumeration",
    createdate: "datetime",
    source_type: "enumeration",
    hs_resolution: "enumeration",
  },
};

/** The names of HubSpot's default properties per object type. */
export const BUILTIN_PROPERTIES: Record<CrmObject, readonly string[]> = {
  contacts: Object.keys(BUILTIN_PROPERTY_TYPES.contacts),
  companies: Object.keys(BUILTIN_PROPERTY_TYPES.companies),
  deals: Object.keys(BUILTIN_PROPERTY_TYPES.deals),
  tickets: Object.keys(BUILTIN_PROPERTY_TYPES.tickets),
};

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

/** What a condition can compare a property's values with. */
export type PropertyKind = "bool" | "number" | "date" | "enumeration" | "string";

/**
 * The kinds (and options) of the HubSpot default properties that conditions most often test. Only properties whose
 * type is fixed in every portal are listed; the others are not type-checked. `lifecyclestage` options also
 * include the blueprint's own lifecycle stage keys.
 */
export const BUILTIN_PROPERTY_KINDS: Record<
  CrmObject,
  Record<string, { kind: PropertyKind; options?: readonly string[] }>
> = {
  contacts: {
    hubspotscore: { kind: "number" },
    annualrevenue: { kind: "number" },
    createdate: { kind: "date" },
    lastmodifieddate: { kind: "date" },
    lifecyclestage: {
      kind: "enumeration",
      options: [
        "subscriber",
        "lead",
        "marketingqualifiedlead",
        "salesqualifiedlead",
        "opportunity",
        "customer",
        "evangelist",
        "other",
      ],
    },
    hs_lead_status: {
      kind: "enumeration",
      options: [
        "NEW",
        "OPEN",
        "IN_PROGRESS",
        "OPEN_DEAL",
        "UNQUALIFIED",
        "ATTEMPTED_TO_CONTACT",
        "CONNECTED",
        "BAD_TIMING",
      ],
    },
    country: { kind: "string" },
    state: { kind: "string" },
    city: { kind: "string" },
    email: { kind: "string" },
  },
  companies: {
    numberofemployees: { kind: "number" },
    annualrevenue: { kind: "number" },
    createdate: { kind: "date" },
    country: { kind: "string" },
    domain: { kind: "string" },
  },
  deals: {
    amount: { kind: "number" },
    closedate: { kind: "date" },
    createdate: { kind: "date" },
    hs_forecast_probability: { kind: "number" },
    hs_priority: { kind: "enumeration", options: ["low", "medium", "high"] },
    dealname: { kind: "string" },
  },
  tickets: {
    createdate: { kind: "date" },
    hs_ticket_priority: { kind: "enumeration", options: ["LOW", "MEDIUM", "HIGH", "URGENT"] },
    subject: { kind: "string" },
  },
};
