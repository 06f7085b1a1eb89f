import { KEY_PREFIX, splitKey, splitObject } from "../blueprint/object-keys";
import { LIST_OBJECT_TYPE_IDS, type HubSpotClient } from "../clients/hubspot";
import { describeKey } from "./keys";

/**
 * Whether the object a key names is in the portal now: read fresh, never from a run's cache. An object another
 * stack owns is only referenced by this one, so nothing else re-reads it before routing and automations lean on it.
 */
export async function existsLive(client: HubSpotClient, key: string): Promise<boolean> {
  const { prefix, rest } = splitKey(key);
  const { object, name } = splitObject(rest);
  switch (prefix) {
    case KEY_PREFIX.property:
      return (await client.findProperty(object, name, true)) !== undefined;
    case KEY_PREFIX.group:
      return (await client.findPropertyGroup(object, name, true)) !== undefined;
    case KEY_PREFIX.pipeline:
      return (await client.findPipeline(object, { label: name }, true)) !== undefined;
    case KEY_PREFIX.user:
      return (await client.findUser({ email: rest }, true)) !== undefined;
    case KEY_PREFIX.team:
      return (await client.findTeam({ name: rest }, true)) !== undefined;
    case KEY_PREFIX.list:
      return (await client.lists.find({ objectTypeId: LIST_OBJECT_TYPE_IDS[object] ?? object, name })) !== undefined;
    case KEY_PREFIX.form:
      return (await client.forms.findByName(rest)) !== undefined;
    default:
      return true;
  }
}

/**
 * The referenced objects (key → the stack that owns it) that are gone from the portal, each said with its owner and
 * what to do. One fresh list read per kind and object type.
 */
export async function goneReferences(client: HubSpotClient, references: Record<string, string>): Promise<string[]> {
  const gone: string[] = [];
  for (const [key, owner] of Object.entries(references)) {
    if (await existsLive(client, key)) continue;
    gone.push(
      `${describeKey(key)} belongs to stack "${owner}", and this stack uses it, but it is not in the portal any more ` +
        `(deleted by hand, or the portal was rebuilt). Apply stack "${owner}" first so it creates it again, ` +
        "or take it out of this blueprint.",
    );
  }
  return gone;
}
