import type { HubSpotClient, LiveOwner } from "../../src/clients/hubspot";
import { retireHint } from "../../src/kinds/owner-records";

/** The record types HubSpot assigns owners on (`hubspot_owner_id`). */
const OWNED_TYPES = ["contacts", "companies", "deals", "tickets"] as const;
const OWNER = "hubspot_owner_id";
const words: Record<(typeof OWNED_TYPES)[number], string> = {
  contacts: "contact(s)",
  companies: "company(ies)",
  deals: "deal(s)",
  tickets: "ticket(s)",
};

export type OwnedCounts = Partial<Record<(typeof OWNED_TYPES)[number], number>>;

/** The owner HubSpot derived from a user (records point at the owner id, not the user id). */
export async function ownerOfUser(
  client: HubSpotClient,
  user: { id: string; email: string },
): Promise<LiveOwner | undefined> {
  const owners = await client.listOwners(true);
  return (
    owners.find((o) => String(o.userId) === user.id) ??
    owners.find((o) => o.email.toLowerCase() === user.email.toLowerCase())
  );
}

/** How many records of each type the owner holds (one search per type); types with none are left out. */
export async function countOwned(client: HubSpotClient, ownerId: string): Promise<OwnedCounts> {
  const counts: OwnedCounts = {};
  for (const type of OWNED_TYPES) {
    const { total } = await client.recordsWhere(type, { property: OWNER, value: ownerId }, 1);
    if (total > 0) counts[type] = total;
  }
  return counts;
}

export const totalOwned = (counts: OwnedCounts): number => Object.values(counts).reduce((a, b) => a + (b ?? 0), 0);

/** "3 deal(s) and 2 contact(s)". */
export function describeOwned(counts: OwnedCounts): string {
  const parts = OWNED_TYPES.filter((t) => counts[t]).map((t) => `${counts[t]} ${words[t]}`);
  return parts.length <= 1 ? parts.join("") : `${parts.slice(0, -1).join(", ")} and ${parts[parts.length - 1]}`;
}

/** Why removing an owner who still owns records is refused, and how to fix it. */
export function ownerRemovalRefused(email: string, counts: OwnedCounts): string {
  return (
    `Removing owner ${email} would leave ${describeOwned(counts)} assigned to an owner who no longer exists. ` +
    `Say where they go in the blueprint (${retireHint(email)}) or reassign them in HubSpot first. Nothing was changed.`
  );
}

/**
 * Moves every record of `from` to the owners `to` (round-robin), 100 per batch, type by type, re-searching after
 * each batch until none is left; bounded by the counts seen before plus slack for records assigned meanwhile.
 * Returns how many were moved.
 */
export async function reassignOwned(
  client: HubSpotClient,
  from: string,
  to: string[],
  counts: OwnedCounts,
): Promise<number> {
  let moved = 0;
  for (const type of OWNED_TYPES) {
    const expected = counts[type] ?? 0;
    for (let batch = 0; ; batch++) {
      const { ids } = await client.recordsWhere(type, { property: OWNER, value: from });
      if (ids.length === 0) break;
      if (batch > Math.ceil(expected / 100) + 5) {
        throw new Error(`${words[type]} kept being assigned to owner ${from} while moving them away; apply again`);
      }
      await client.setRecordValues(
        type,
        OWNER,
        ids.map((id, i) => ({ id, value: to[(moved + i) % to.length] })),
      );
      moved += ids.length;
    }
  }
  return moved;
}
