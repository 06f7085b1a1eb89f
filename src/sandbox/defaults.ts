/**
 * HubSpot's own property groups and properties, as a new portal has them (HubSpot's knowledge base pages
 * "HubSpot's default contact / company / deal / ticket properties" and the properties API): internal names,
 * labels, types, field types, options and which values HubSpot computes (read-only). Blueprints route on them
 * (`country`, `hubspotscore`, ...) without declaring them, and `revstack export` must leave them out.
 */

/** `[name, label, type, fieldType, options, flags]`; options as `value=Label`, flags: `ro` read-only value, `calc` calculated. */
export type DefaultProperty = [
  name: string,
  label: string,
  type: string,
  fieldType: string,
  options?: string[],
  flags?: string,
];

export interface DefaultGroup {
  name: string;
  label: string;
  properties: DefaultProperty[];
}

const text = (name: string, label: string, flags?: string): DefaultProperty => [
  name,
  label,
  "string",
  "text",
  [],
  flags,
];
const area = (name: string, label: string): DefaultProperty => [name, label, "string", "textarea"];
const phone = (name: string, label: string): DefaultProperty => [name, label, "string", "phonenumber"];
const num = (name: string, label: string, flags?: string): DefaultProperty => [
  name,
  label,
  "number",
  "number",
  [],
  flags,
];
const when = (name: string, label: string, flags?: string): DefaultProperty => [
  name,
  label,
  "datetime",
  "date",
  [],
  flags,
];
const pick = (
  name: string,
  label: string,
  options: string[],
  fieldType = "select",
  flags?: string,
): DefaultProperty => [name, label, "enumeration", fieldType, options, flags];

/** Properties every object type has. */
const record = (modified: string): DefaultProperty[] => [
  pick("hubspot_owner_id", "Owner", []),
  when("createdate", "Create Date"),
  when(modified, "Last Modified Date", "ro"),
  num("hs_object_id", "Record ID", "ro"),
  when("notes_last_updated", "Last Activity Date", "ro"),
];

const lifecycle = pick(
  "lifecyclestage",
  "Lifecycle Stage",
  [
    "subscriber=Subscriber",
    "lead=Lead",
    "marketingqualifiedlead=Marketing Qualified Lead",
    "salesqualifiedlead=Sales Qualified Lead",
    "opportunity=Opportunity",
    "customer=Customer",
    "evangelist=Evangelist",
    "other=Other",
  ],
  "radio",
);

const leadStatus = pick(
  "hs_lead_status",
  "Lead Status",
  [
    "NEW=New",
    "OPEN=Open",
    "IN_PROGRESS=In Progress",
    "OPEN_DEAL=Open Deal",
    "UNQUALIFIED=Unqualified",
    "ATTEMPTED_TO_CONTACT=Attempted to Contact",
    "CONNECTED=Connected",
    "BAD_TIMING=Bad Timing",
  ],
  "radio",
);

const sources = [
  "ORGANIC_SEARCH=Organic Search",
  "PAID_SEARCH=Paid Search",
  "EMAIL_MARKETING=Email Marketing",
  "SOCIAL_MEDIA=Organic Social",
  "REFERRALS=Referrals",
  "OTHER_CAMPAIGNS=Other Campaigns",
  "DIRECT_TRAFFIC=Direct Traffic",
  "OFFLINE=Offline Sources",
  "PAID_SOCIAL=Paid Social",
  "AI_REFERRALS=AI Referrals",
];

const industries = [
  "ACCOUNTING=Accounting",
  "COMPUTER_SOFTWARE=Computer Software",
  "FINANCIAL_SERVICES=Financial Services",
  "HOSPITAL_HEALTH_CARE=Hospital & Health Care",
  "INFORMATION_TECHNOLOGY_AND_SERVICES=Information Technology and Services",
  "MARKETING_AND_ADVERTISING=Marketing and Advertising",
  "RETAIL=Retail",
  "TELECOMMUNICATIONS=Telecommunications",
];

const address: DefaultProperty[] = [
  text("address", "Street Address"),
  text("city", "City"),
  text("state", "State/Region"),
  text("zip", "Postal Code"),
  text("country", "Country/Region"),
];

/** Per object type: its groups, the first holding the object's main properties. */
export const DEFAULT_GROUPS: Record<string, DefaultGroup[]> = {
  contacts: [
    {
      name: "contactinformation",
      label: "Contact information",
      properties: [
        text("email", "Email"),
        text("firstname", "First Name"),
        text("lastname", "Last Name"),
        text("salutation", "Salutation"),
        phone("phone", "Phone Number"),
        phone("mobilephone", "Mobile Phone Number"),
        phone("fax", "Fax Number"),
        text("company", "Company Name"),
        text("jobtitle", "Job Title"),
        text("website", "Website URL"),
        ...address,
        text("industry", "Industry"),
        text("annualrevenue", "Annual Revenue"),
        pick("numemployees", "Number of Employees", [
          "1-5=1-5",
          "5-25=5-25",
          "25-50=25-50",
          "50-100=50-100",
          "100-500=100-500",
          "500-1000=500-1000",
          "1000+=1000+",
        ]),
        lifecycle,
        leadStatus,
        num("hubspotscore", "HubSpot Score"),
        pick("hs_persona", "Persona", [], "radio"),
        pick("hs_language", "Preferred language", [
          "en=English",
          "de=German",
          "es=Spanish",
          "fr=French",
          "ja=Japanese",
          "pt-br=Portuguese (Brazil)",
        ]),
        text("hs_email_domain", "Email Domain", "ro"),
        area("message", "Message"),
        text("date_of_birth", "Date of birth"),
        num("associatedcompanyid", "Primary Associated Company ID"),
        ...record("lastmodifieddate"),
        when("hs_lastmodifieddate", "Object last modified date/time", "ro"),
      ],
    },
    {
      name: "analyticsinformation",
      label: "Web analytics history",
      properties: [
        pick("hs_analytics_source", "Original Source", sources, "select", "ro"),
        text("hs_analytics_source_data_1", "Original Source Drill-Down 1", "ro"),
        text("hs_analytics_source_data_2", "Original Source Drill-Down 2", "ro"),
        num("hs_analytics_num_page_views", "Number of Pageviews", "ro"),
      ],
    },
    {
      name: "emailinformation",
      label: "Email information",
      properties: [when("hs_email_last_send_date", "Last marketing email send date", "ro")],
    },
    {
      name: "conversioninformation",
      label: "Conversion information",
      properties: [text("recent_conversion_event_name", "Recent Conversion", "ro")],
    },
    {
      name: "socialmediainformation",
      label: "Social media information",
      properties: [text("twitterhandle", "Twitter Username")],
    },
    {
      name: "sales_properties",
      label: "Sales properties",
      properties: [when("hs_last_sales_activity_timestamp", "Last Engagement Date", "ro")],
    },
  ],
  companies: [
    {
      name: "companyinformation",
      label: "Company information",
      properties: [
        text("name", "Company name"),
        text("domain", "Company Domain Name"),
        text("website", "Website URL"),
        pick("industry", "Industry", industries),
        phone("phone", "Phone Number"),
        ...address,
        num("numberofemployees", "Number of Employees"),
        num("annualrevenue", "Annual Revenue"),
        lifecycle,
        leadStatus,
        pick("type", "Type", [
          "PROSPECT=Prospect",
          "PARTNER=Partner",
          "RESELLER=Reseller",
          "VENDOR=Vendor",
          "OTHER=Other",
        ]),
        area("description", "Description"),
        text("founded_year", "Year Founded"),
        text("timezone", "Time Zone"),
        text("linkedin_company_page", "LinkedIn Company Page"),
        ["is_public", "Is Public", "bool", "booleancheckbox", ["true=Yes", "false=No"]],
        num("num_associated_contacts", "Number of Associated Contacts", "ro calc"),
        ...record("hs_lastmodifieddate"),
      ],
    },
    {
      name: "analyticsinformation",
      label: "Web analytics history",
      properties: [pick("hs_analytics_source", "Original Source", sources, "select", "ro")],
    },
    {
      name: "socialmediainformation",
      label: "Social media information",
      properties: [text("twitterhandle", "Twitter Handle")],
    },
  ],
  deals: [
    {
      name: "dealinformation",
      label: "Deal information",
      properties: [
        text("dealname", "Deal Name"),
        num("amount", "Amount"),
        pick("dealstage", "Deal Stage", [], "radio"),
        pick("pipeline", "Pipeline", []),
        when("closedate", "Close Date"),
        pick("dealtype", "Deal Type", ["newbusiness=New Business", "existingbusiness=Existing Business"], "radio"),
        area("description", "Deal Description"),
        pick("hs_priority", "Priority", ["low=Low", "medium=Medium", "high=High"]),
        num("hs_forecast_probability", "Forecast probability"),
        area("closed_lost_reason", "Closed Lost Reason"),
        area("closed_won_reason", "Closed Won Reason"),
        pick("deal_currency_code", "Currency", ["USD=US Dollar", "EUR=Euro", "GBP=British Pound"]),
        area("hs_next_step", "Next step"),
        ["hs_deal_stage_probability", "Deal probability", "number", "calculation_equation", [], "ro calc"],
        ["hs_is_closed", "Is Deal Closed?", "bool", "calculation_equation", ["true=Yes", "false=No"], "ro calc"],
        ["amount_in_home_currency", "Amount in company currency", "number", "calculation_equation", [], "ro calc"],
        ["days_to_close", "Days to close", "number", "calculation_equation", [], "ro calc"],
        num("num_associated_contacts", "Number of Associated Contacts", "ro calc"),
        ...record("hs_lastmodifieddate"),
      ],
    },
    {
      name: "analyticsinformation",
      label: "Web analytics history",
      properties: [pick("hs_analytics_source", "Original Source Type", sources, "select", "ro")],
    },
  ],
  tickets: [
    {
      name: "ticketinformation",
      label: "Ticket information",
      properties: [
        text("subject", "Ticket name"),
        area("content", "Ticket description"),
        pick("hs_pipeline", "Pipeline", []),
        pick("hs_pipeline_stage", "Ticket status", []),
        pick("hs_ticket_priority", "Priority", ["LOW=Low", "MEDIUM=Medium", "HIGH=High", "URGENT=Urgent"]),
        pick(
          "hs_ticket_category",
          "Category",
          [
            "PRODUCT_ISSUE=Product issue",
            "BILLING_ISSUE=Billing issue",
            "FEATURE_REQUEST=Feature request",
            "GENERAL_INQUIRY=General inquiry",
          ],
          "checkbox",
        ),
        pick("source_type", "Source", ["CHAT=Chat", "EMAIL=Email", "FORM=Form", "PHONE=Phone"]),
        pick("hs_resolution", "Resolution", [
          "ISSUE_FIXED=Issue fixed",
          "ANSWERED=Answered",
          "DUPLICATE=Duplicate",
          "OTHER=Other",
        ]),
        when("closed_date", "Close date", "ro"),
        ["time_to_close", "Time to close", "number", "calculation_equation", [], "ro calc"],
        ...record("hs_lastmodifieddate"),
      ],
    },
  ],
  tasks: [
    {
      name: "task",
      label: "Task information",
      properties: [
        text("hs_task_subject", "Task Title"),
        ["hs_task_body", "Task Notes", "string", "html"],
        when("hs_timestamp", "Due date"),
        pick("hs_task_status", "Task Status", ["NOT_STARTED", "IN_PROGRESS", "WAITING", "COMPLETED", "DEFERRED"]),
        pick("hs_task_priority", "Priority", ["NONE", "LOW", "MEDIUM", "HIGH"]),
        pick("hs_task_type", "Task Type", ["TODO", "CALL", "EMAIL"]),
        ...record("hs_lastmodifieddate"),
      ],
    },
  ],
};
