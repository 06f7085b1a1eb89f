import { DEFAULT_GROUPS, type DefaultProperty } from "./defaults";
import type { Owner, Pipeline, PortalState, Property, Role, Stage, Team, User } from "./model";

/**
 * A new sandbox portal: what HubSpot hands over (its default pipelines, groups and properties, and the account's
 * creator as its one super admin), plus, only when asked for (`demoPeople`), a small demo sales team.
 */
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

type Person = [first: string, last: string, roleId: string, teamId?: string];

/** The account's creator: every HubSpot portal has the user who made it, a super admin. */
const creator: Person = ["Ada", "Admin", "201"];

const people: Person[] = [
  creator,
  ["Marta", "Lindqvist", "202", "101"],
  ["Jonas", "Weber", "203", "101"],
  ["Priya", "Nair", "203", "102"],
  ["Diego", "Ramos", "203", "102"],
  ["Sam", "Okafor", "204", "103"],
];

function stages(specs: Array<[id: string, label: string, metadata: Record<string, string>]>): Stage[] {
  return specs.map(([id, label, metadata], displayOrder) => ({
    id,
    label,
    displayOrder,
    metadata,
    createdAt: EPOCH,
    updatedAt: EPOCH,
    archived: false,
  }));
}

const deal = (probability: string) => ({
  probability,
  isClosed: String(probability === "0.0" || probability === "1.0"),
});
const ticket = (ticketState: string) => ({ ticketState, isClosed: String(ticketState === "CLOSED") });

function pipelines(): Record<string, Record<string, Pipeline>> {
  const sales: Pipeline = {
    id: "default",
    label: "Sales Pipeline",
    displayOrder: 0,
    createdAt: EPOCH,
    updatedAt: EPOCH,
    archived: false,
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
    id: "0",
    label: "Support Pipeline",
    displayOrder: 0,
    createdAt: EPOCH,
    updatedAt: EPOCH,
    archived: false,
    stages: stages([
      ["1", "New", ticket("OPEN")],
      ["2", "Waiting on contact", ticket("OPEN")],
      ["3", "Waiting on us", ticket("OPEN")],
      ["4", "Closed", ticket("CLOSED")],
    ]),
  };
  return { deals: { default: sales }, tickets: { "0": support } };
}

function hubspotProperty(
  [name, label, type, fieldType, options = [], flags = ""]: DefaultProperty,
  groupName: string,
  displayOrder: number,
): Property {
  const readOnly = flags.split(" ").includes("ro");
  const calculated = flags.split(" ").includes("calc");
  return {
    name,
    label,
    type,
    fieldType,
    groupName,
    description: "",
    displayOrder,
    hidden: false,
    formField: !readOnly,
    hasUniqueValue: false,
    calculated,
    externalOptions: name === "hubspot_owner_id",
    hubspotDefined: true,
    options: options.map((option, i) => {
      const [value, text = value] = option.split("=");
      return { label: text, value, displayOrder: i, hidden: false, description: "" };
    }),
    createdAt: EPOCH,
    updatedAt: EPOCH,
    archived: false,
    dataSensitivity: "non_sensitive",
    modificationMetadata: {
      archivable: false,
      readOnlyDefinition: true,
      readOnlyValue: readOnly,
      readOnlyOptions: type !== "enumeration" || calculated,
    },
  };
}

/**
 * A portal as HubSpot hands it over: HubSpot's own objects and its creator, no users or teams anyone else made.
 * `demoPeople` adds the demo sales team (five more users with owners, three teams) for demos and tests that want them.
 */
export function seedState(portalId: number, now: string, demoPeople = false): PortalState {
  const users: Record<string, User> = {};
  const owners: Record<string, Owner> = {};
  (demoPeople ? people : [creator]).forEach(([firstName, lastName, roleId, teamId], i) => {
    const id = String(1001 + i);
    const ownerId = String(5001 + i);
    const email = `${firstName.toLowerCase()}.${lastName.toLowerCase()}@demo.revstack.test`;
    users[id] = {
      id,
      email,
      firstName,
      lastName,
      roleId,
      ...(teamId ? { primaryTeamId: teamId } : {}),
      secondaryTeamIds: [],
      superAdmin: roleId === "201",
      sendWelcomeEmail: false,
      ownerId,
      createdAt: now,
      updatedAt: now,
    };
    owners[ownerId] = {
      id: ownerId,
      email,
      firstName,
      lastName,
      userId: Number(id),
      createdAt: now,
      updatedAt: now,
      archived: false,
    };
  });
  return withSeededTypes({
    version: 1,
    portalId,
    sequences: { user: 1001 + people.length, owner: 5001 + people.length },
    pipelines: pipelines(),
    audits: {},
    propertyGroups: {},
    properties: {},
    users,
    owners,
    teams: demoPeople ? Object.fromEntries(teams.map((t) => [t.id, t])) : {},
    roles: Object.fromEntries(roles.map((r) => [r.id, r])),
    flows: {},
    objects: { contacts: {}, companies: {}, deals: {}, tickets: {}, tasks: {} },
    usage: { day: "", count: 0 },
  });
}

/**
 * HubSpot's own groups and properties that the state lacks: a new portal gets them all, and a state file saved by
 * an older sandbox gains the ones it did not know yet (nothing the user made is overwritten).
 */
export function withSeededTypes(state: PortalState): PortalState {
  for (const [type, groups] of Object.entries(DEFAULT_GROUPS)) {
    const groupsOfType = (state.propertyGroups[type] ??= {});
    const propertiesOfType = (state.properties[type] ??= {});
    groups.forEach((group, groupOrder) => {
      groupsOfType[group.name] ??= { name: group.name, label: group.label, displayOrder: groupOrder, archived: false };
      group.properties.forEach((spec, i) => {
        propertiesOfType[spec[0]] ??= hubspotProperty(spec, group.name, i);
      });
    });
  }
  return state;
}
