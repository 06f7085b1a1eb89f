import type { HubSpotClient } from "../../src/clients/hubspot";
import type { PropertyInputs } from "../../src/kinds/property";

/**
 * Counting before a property loses values. HubSpot deletes a property that records hold values in, and drops an
 * option records hold, without asking: revstack counts first (one search) and stops before the write, with the
 * count and what to do. Never left to HubSpot to refuse.
 */

const records = (objectType: string) => `${objectType.replace(/s$/, "")} record(s)`;

/** Why deleting a property that records hold values in stops, naming the count; undefined when none do. */
export async function propertyDeleteRefusal(client: HubSpotClient, p: PropertyInputs): Promise<string | undefined> {
  const holding = await client.countWithValue(p.objectType, p.name);
  if (holding === 0) return undefined;
  return (
    `Property "${p.name}" (${p.objectType}) still holds a value on ${holding} ${records(p.objectType)}; deleting it would lose them. ` +
    `Keep it in the blueprint, or clear or move the values in HubSpot first, then apply again. Nothing was changed.`
  );
}

/**
 * Why removing options records still hold stops, with the count per option: the records would keep a value no one can
 * choose again, and every later write of that value fails. Hiding the option (`hidden: true`) keeps it for them.
 */
export async function optionRemovalRefusal(
  client: HubSpotClient,
  olds: PropertyInputs,
  news: PropertyInputs,
): Promise<string | undefined> {
  const kept = new Set((news.options ?? []).map((o) => o.value));
  const removed = (olds.options ?? []).filter((o) => !kept.has(o.value));
  if (removed.length === 0 || news.type !== "enumeration") return undefined;
  const multiple = news.fieldType === "checkbox";
  const held: string[] = [];
  for (const o of removed) {
    const count = await client.countWithOption(news.objectType, news.name, o.value, multiple);
    if (count > 0) held.push(`"${o.value}" on ${count} ${records(news.objectType)}`);
  }
  if (held.length === 0) return undefined;
  return (
    `Property "${news.name}" (${news.objectType}) would lose options records still hold: ${held.join(", ")}. ` +
    `Hide them instead (hidden: true on the option in properties.${news.objectType}.${news.name}), or change those records first. Nothing was changed.`
  );
}
