import type { Owner, Pipeline, PortalState, Property, Role, Stage, Team, User } from "./model";

/** The demo portal a new sandbox starts with: a small sales team, HubSpot's default pipelines and properties. */
const EPOCH = new Date(0).toISOString();

const teams: Team[] = [
  { id: "101", name: "Sales EMEA" },
  { id: "102", name: "Sales North America" },
  { id: "103", name: "Customer Support" },
];

const roles: Role[] = [
  { id: "201", name: "Super Admin", requiresBillingWrite: true },
  { id: "202", name: "Sales Manager", requiresBillingWrite: false },
  { id: "203", name: "Sales Rep", requiresBillingWrite: false },
  { id: "204", name: "Support Agent", requiresBillingWrite: false },
];

const people: Array<[first: string, last: string, roleId: string, teamId?: string]> = [
  ["Ada", "Admin", "201"],
  ["Marta", "Lindqvist", "202", "101"],
  ["Jonas", "Weber", "203", "101"],
  ["Priya", "Nair", "203", "102"],
  ["Diego", "Ramos", "203", "102"],
  ["Sam", "Okafor", "204", "103"],
];

function stages(specs: Array<[id: string, label: string, metadata: Record<string, string>]>): Stage[] {
  return specs.map(([id, label, metadata], displayOrder) => ({
    id, label, displayOrder, metadata, createdAt: EPOCH, updatedAt: EPOCH, archived: false,
  }));
}

const deal = (probability: string) => ({ probability, isClosed: String(probability === "0.0" || probability === "1.0") });
const ticket = (ticketState: string) => ({ ticketState, isClosed: String(ticketState === "CLOSED") });

function pipelines(): Record<string, Record<string, Pipeline>> {
  const sales: Pipeline = {
    id: "default", label: "Sales Pipeline", displayOrder: 0, createdAt: EPOCH, updatedAt: EPOCH, archived: false,
    stages: stages([
      ["appointmentscheduled", "Appointment Scheduled", deal("0.2")],
      ["qualifiedtobuy", "Qualified To Buy", deal("0.4")],
      ["presentationscheduled", "Presentation Scheduled", deal("0.6")],
      ["decisionmakerboughtin", "Decision Maker Bought-In", deal("0.8")],
      ["contractsent", "Contract Sent", deal("0.9")],
      ["closedwon", "Closed Won", deal("1.0")],
      ["closedlost", "Closed Lost", deal("0.0")],
    ]),
  };
  const support: Pipeline = {
    id: "0", label: "Support Pipeline", displayOrder: 0, createdAt: EPOCH, updatedAt: EPOCH, archived: false,
    stages: stages([
      ["1", "New", ticket("OPEN")],
      ["2", "Waiting on contact", ticket("OPEN")],
      ["3", "Waiting on us", ticket("OPEN")],
      ["4", "Closed", ticket("CLOSED")],
    ]),
  };
  return { deals: { default: sales }, tickets: { "0": support } };
}

type PropertySpec = [name: string, label: string, type: string, fieldType: string, options?: string[]];

const common: PropertySpec[] = [
  ["hubspot_owner_id", "Owner", "enumeration", "select"],
  ["createdate", "Create Date", "datetime", "date"],
  ["hs_lastmodifieddate", "Last Modified Date", "datetime", "date"],
  ["hs_object_id", "Record ID", "number", "number"],
];

const propertySpecs: Record<string, { group: [string, string]; specs: PropertySpec[] }> = {
  deals: {
    group: ["dealinformation", "Deal information"],
    specs: [
      ["dealname", "Deal Name", "string", "text"],
      ["amount", "Amount", "number", "number"],
      ["dealstage", "Deal Stage", "enumeration", "radio"],
      ["pipeline", "Pipeline", "enumeration", "select"],
      ["closedate", "Close Date", "datetime", "date"],
      ["dealtype", "Deal Type", "enumeration", "radio", ["newbusiness", "existingbusiness"]],
      ...common,
    ],
  },
  contacts: {
    group: ["contactinformation", "Contact information"],
    specs: [
      ["email", "Email", "string", "text"],
      ["firstname", "First Name", "string", "text"],
      ["lastname", "Last Name", "string", "text"],
      ["phone", "Phone Number", "string", "phonenumber"],
      ["company", "Company Name", "string", "text"],
      ["lifecyclestage", "Lifecycle Stage", "enumeration", "radio",
        ["subscriber", "lead", "marketingqualifiedlead", "salesqualifiedlead", "opportunity", "customer"]],
      ["lastmodifieddate", "Last Modified Date", "datetime", "date"],
      ...common,
    ],
  },
  tickets: {
    group: ["ticketinformation", "Ticket information"],
    specs: [
      ["subject", "Ticket name", "string", "text"],
      ["content", "Ticket description", "string", "textarea"],
      ["hs_pipeline", "Pipeline", "enumeration", "select"],
      ["hs_pipeline_stage", "Ticket status", "enumeration", "select"],
      ["hs_ticket_priority", "Priority", "enumeration", "select", ["LOW", "MEDIUM", "HIGH", "URGENT"]],
      ...common,
    ],
  },
  companies: {
    group: ["companyinformation", "Company information"],
    specs: [["name", "Company name", "string", "text"], ["domain", "Company Domain Name", "string", "text"], ...common],
  },
  tasks: {
    group: ["task", "Task information"],
    specs: [
      ["hs_task_subject", "Task Title", "string", "text"],
      ["hs_task_body", "Task Notes", "string", "html"],
      ["hs_timestamp", "Due date", "datetime", "date"],
      ["hs_task_status", "Task Status", "enumeration", "select", ["NOT_STARTED", "IN_PROGRESS", "WAITING", "COMPLETED", "DEFERRED"]],
      ["hs_task_priority", "Priority", "enumeration", "select", ["NONE", "LOW", "MEDIUM", "HIGH"]],
      ["hs_task_type", "Task Type", "enumeration", "select", ["TODO", "CALL", "EMAIL"]],
      ...common,
    ],
  },
};

function hubspotProperty([name, label, type, fieldType, options = []]: PropertySpec, groupName: string, displayOrder: number): Property {
  return {
    name, label, type, fieldType, groupName, description: "", displayOrder, hidden: false, formField: true,
    hasUniqueValue: false, calculated: false, externalOptions: false, hubspotDefined: true,
    options: options.map((value, i) => ({ label: value, value, displayOrder: i, hidden: false })),
    createdAt: EPOCH, updatedAt: EPOCH, archived: false,
    modificationMetadata: { archivable: false, readOnlyDefinition: true, readOnlyValue: false },
  };
}

export function seedState(portalId: number, now: string): PortalState {
  const users: Record<string, User> = {};
  const owners: Record<string, Owner> = {};
  people.forEach(([firstName, lastName, roleId, teamId], i) => {
    const id = String(1001 + i);
    const ownerId = String(5001 + i);
    const email = `${firstName.toLowerCase()}.${lastName.toLowerCase()}@demo.revstack.test`;
    users[id] = {
      id, email, firstName, lastName, roleId, ...(teamId ? { primaryTeamId: teamId } : {}), secondaryTeamIds: [],
      superAdmin: roleId === "201", sendWelcomeEmail: false, ownerId, createdAt: now, updatedAt: now,
    };
    owners[ownerId] = { id: ownerId, email, firstName, lastName, userId: Number(id), createdAt: now, updatedAt: now, archived: false };
  });
  return withSeededTypes({
    version: 1, portalId,
    sequences: { user: 1001 + people.length, owner: 5001 + people.length },
    pipelines: pipelines(), audits: {}, propertyGroups: {}, properties: {}, users, owners,
    teams: Object.fromEntries(teams.map((t) => [t.id, t])),
    roles: Object.fromEntries(roles.map((r) => [r.id, r])),
    flows: {}, objects: { contacts: {}, companies: {}, deals: {}, tickets: {}, tasks: {} },
    usage: { day: "", count: 0 },
  });
}

/**
 * HubSpot's own properties for every object type the state has none for: a new portal gets them all, and a
 * state file saved before the sandbox knew a type (tasks) gains that type's properties when loaded.
 */
export function withSeededTypes(state: PortalState): PortalState {
  for (const [type, { group: [groupName, groupLabel], specs }] of Object.entries(propertySpecs)) {
    if (state.properties[type]) continue;
    state.propertyGroups[type] = { [groupName]: { name: groupName, label: groupLabel, displayOrder: -1, archived: false } };
    state.properties[type] = Object.fromEntries(specs.map((spec, i) => [spec[0], hubspotProperty(spec, groupName, i)]));
  }
  return state;
}
