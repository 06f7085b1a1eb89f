import type { CrmObject } from "../model";

/** HubSpot's default properties that blueprints commonly refer to without declaring them. */
export const BUILTIN_PROPERTIES: Record<CrmObject, readonly string[]> = {
  contacts: [
    "email", "firstname", "lastname", "company", "jobtitle", "phone", "mobilephone", "country", "state", "city",
    "zip", "website", "industry", "annualrevenue", "numemployees", "lifecyclestage", "hs_lead_status",
    "hubspotscore", "hubspot_owner_id", "createdate", "lastmodifieddate", "hs_analytics_source",
    "hs_analytics_source_data_1", "hs_persona", "hs_language", "hs_email_domain",
  ],
  companies: [
    "name", "domain", "industry", "country", "state", "city", "numberofemployees", "annualrevenue",
    "lifecyclestage", "hubspot_owner_id", "createdate", "type", "description",
  ],
  deals: [
    "dealname", "amount", "closedate", "dealstage", "pipeline", "dealtype", "hubspot_owner_id", "createdate",
    "description", "hs_priority", "hs_forecast_probability", "closed_lost_reason", "closed_won_reason",
    "deal_currency_code", "hs_next_step",
  ],
  tickets: [
    "subject", "content", "hs_pipeline", "hs_pipeline_stage", "hs_ticket_priority", "hs_ticket_category",
    "hubspot_owner_id", "createdate", "source_type",
  ],
};

/** What a condition can compare a property's values with. */
export type PropertyKind = "bool" | "number" | "date" | "enumeration" | "string";

/**
 * The kinds (and options) of the HubSpot default properties that conditions most often test. Only properties whose
 * type is fixed in every portal are listed; the others are not type-checked. `lifecyclestage` options also
 * include the blueprint's own lifecycle stage keys.
 */
export const BUILTIN_PROPERTY_KINDS: Record<CrmObject, Record<string, { kind: PropertyKind; options?: readonly string[] }>> = {
  contacts: {
    hubspotscore: { kind: "number" },
    annualrevenue: { kind: "number" },
    createdate: { kind: "date" },
    lastmodifieddate: { kind: "date" },
    lifecyclestage: {
      kind: "enumeration",
      options: ["subscriber", "lead", "marketingqualifiedlead", "salesqualifiedlead", "opportunity", "customer", "evangelist", "other"],
    },
    hs_lead_status: {
      kind: "enumeration",
      options: ["NEW", "OPEN", "IN_PROGRESS", "OPEN_DEAL", "UNQUALIFIED", "ATTEMPTED_TO_CONTACT", "CONNECTED", "BAD_TIMING"],
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
