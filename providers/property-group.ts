import type { LivePropertyGroup } from "../src/clients/hubspot";
import { isBuiltinGroup } from "../src/blueprint/checks/builtin-properties";
import { keyedResource } from "./shared/keyed";
import { hubspotFields, liveFields } from "../src/kinds/kind";
import { propertyGroupKind } from "../src/kinds/property-group";
import type { PropertyGroupInputs } from "../src/kinds/property-group";
export type { PropertyGroupInputs } from "../src/kinds/property-group";

export { settingsFrom } from "./shared/config";
export const {
  check,
  diff,
  create,
  read,
  update,
  delete: del,
} = keyedResource<PropertyGroupInputs, LivePropertyGroup>({
  kind: propertyGroupKind,
  create: (client, g) =>
    client.createPropertyGroup(g.objectType, { ...hubspotFields(propertyGroupKind, g, "create"), name: g.name }),
  find: (client, _id, g) => client.findPropertyGroup(g.objectType, g.name),
  write: (client, _id, g) =>
    client.updatePropertyGroup(g.objectType, g.name, hubspotFields(propertyGroupKind, g, "update")),
  // HubSpot's default groups are released, never deleted: removing one from the blueprint leaves it in HubSpot.
  remove: async (client, _id, g) =>
    isBuiltinGroup(g.objectType, g.name) ? undefined : client.deletePropertyGroup(g.objectType, g.name),
  idOf: (_live, g) => `${g.objectType}/${g.name}`,
  asInputs: async (_client, live, g) => ({ ...g, ...liveFields(propertyGroupKind, live, g) }),
  outputs: async (_client, _live, g) => g,
});
export { del as delete };
