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
