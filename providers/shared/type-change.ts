import type { PropertyInputs } from "../../src/kinds/property";
import type { HubSpotClient } from "../../src/clients/hubspot";

/**
 * The type-change guard. HubSpot applies a change of a property's `type` or `fieldType` even when records hold
 * values, and values that do not fit the new type are then lost or unreadable (its docs warn that existing values
 * may become incompatible without saying which survive; we assume the worst). So a type change on a property that
 * holds values stops before any write, with the count, unless the blueprint sets `allowTypeChange: true`. This says
 * why, or undefined when the change is safe.
 */
export async function typeChangeRefusal(
  client: HubSpotClient,
  olds: PropertyInputs,
  news: PropertyInputs,
): Promise<string | undefined> {
  if (olds.type === news.type && olds.fieldType === news.fieldType) return undefined;
  if (news.allowTypeChange) return undefined;
  const holding = await client.countWithValue(news.objectType, news.name);
  if (holding === 0) return undefined;
  return (
    `Property "${news.name}" (${news.objectType}) would change type from ${olds.type} (${olds.fieldType}) to ${news.type} (${news.fieldType}) ` +
    `while ${holding} record(s) hold a value; HubSpot applies it, and values that do not fit the new type are lost. ` +
    `To change it anyway set allowTypeChange: true on properties.${news.objectType}.${news.name} (convert or export the values first), ` +
    "or add a new property and move the values. Nothing was changed."
  );
}
