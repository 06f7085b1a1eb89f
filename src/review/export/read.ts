/** Reads what an export needs from a live HubSpot account, in a few bulk list calls. */
import type {
  AccountDetails,
  HubSpotClient,
  LivePipeline,
  LiveProperty,
  LivePropertyGroup,
  LiveRole,
  LiveTeam,
  LiveUser,
  LiveFlow,
  LiveOwner,
  LiveList,
  LiveForm,
} from "../../clients/hubspot";
import type { LiveSchema } from "../../clients/hubspot/schemas";
import type { LiveAssociationType } from "../../clients/hubspot/association-labels";
import { CrmObject, objectTypePath, PipelineObject } from "../../blueprint/crm-objects";

export const PIPELINE_OBJECTS = PipelineObject.options;
export const PROPERTY_OBJECTS = CrmObject.options;

export interface LiveAccount {
  account: AccountDetails;
  /** By the object as a blueprint names it: deals, tickets, and each custom object by its name. */
  pipelines: Record<string, LivePipeline[]>;
  groups: Record<(typeof PROPERTY_OBJECTS)[number], LivePropertyGroup[]>;
  properties: Record<(typeof PROPERTY_OBJECTS)[number], LiveProperty[]>;
  users: LiveUser[];
  teams: LiveTeam[];
  roles: LiveRole[];
  owners: LiveOwner[];
  /** The portal's workflows (automation v4 flows). */
  flows: LiveFlow[];
  /** Lists, with the filters of those that have some. */
  lists?: LiveList[];
  schemas: LiveSchema[];
  /** The portal's forms. */
  forms?: LiveForm[];
  /** The association types of each direction between two objects (named as a blueprint names them), both ways. */
  labels?: LabelDirection[];
}

export interface LabelDirection {
  from: string;
  to: string;
  types: LiveAssociationType[];
}

/** Called before each read, e.g. to show "3/13 properties (deals)" on a terminal. */
export type OnProgress = (step: number, total: number, what: string) => void;

export async function readAccount(client: HubSpotClient, onProgress: OnProgress = () => {}): Promise<LiveAccount> {
  const total = 1 + PIPELINE_OBJECTS.length + 2 * PROPERTY_OBJECTS.length + 7;
  let step = 0;
  const read = <T>(what: string, call: () => Promise<T>): Promise<T> => {
    onProgress(++step, total, what);
    return call();
  };
  const account = await read("account", () => client.account());
  const pipelines: LiveAccount["pipelines"] = {};
  for (const object of PIPELINE_OBJECTS)
    pipelines[object] = await read(`pipelines (${object})`, () => client.listPipelines(object, true));
  const groups = {} as LiveAccount["groups"];
  const properties = {} as LiveAccount["properties"];
  for (const object of PROPERTY_OBJECTS) {
    groups[object] = await read(`property groups (${object})`, () => client.listPropertyGroups(object, true));
    properties[object] = await read(`properties (${object})`, () => client.listProperties(object, true));
  }
  const users = await read("users", () => client.listUsers(true));
  const teams = await read("teams", () => client.listTeams());
  const roles = await read("roles", () => client.listRoles());
  const lists = await read("lists", async () => {
    const all = await client.lists.all();
    const filtered = await client.lists.withFilters(
      all.filter((l) => l.processingType !== "MANUAL").map((l) => l.listId),
    );
    return all.map((l) => filtered.find((f) => f.listId === l.listId) ?? l);
  });
  const schemas = await read("custom objects", async () => {
    const all = await client.schemas.list(true);
    // A custom object's pipelines, as HubSpot publishes them for custom objects (hubspot-api.md §7).
    for (const s of all) pipelines[s.name] = await client.listPipelines(objectTypePath(s.name), true);
    return all;
  });
  const labels = await read("association labels", () => labelDirections(client, schemas));
  const owners = await read("owners", () => client.listOwners(true));
  const flows = await read("workflows", () => client.flows.list());
  const forms = await read("forms", () => client.forms.list());
  return { account, pipelines, groups, properties, users, teams, roles, lists, schemas, labels, owners, flows, forms };
}

/**
 * Every direction between two of the portal's objects, standard and custom (an object with itself too): HubSpot
 * lists labels one direction at a time, by the standard object's name or the custom object's type id.
 */
async function labelDirections(client: HubSpotClient, schemas: LiveSchema[]): Promise<LabelDirection[]> {
  const objects = [
    ...PROPERTY_OBJECTS.map((name) => ({ name, path: name as string })),
    ...schemas.map((s) => ({ name: s.name, path: s.objectTypeId })),
  ];
  const out: LabelDirection[] = [];
  for (const from of objects)
    for (const to of objects)
      out.push({ from: from.name, to: to.name, types: await client.associationLabels.types(from.path, to.path, true) });
  return out;
}
