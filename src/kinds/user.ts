/**
 * A HubSpot user, so an owner records can be assigned to; natural key: the email. Removing one who still owns
 * records is the dangerous change here: `retiredOwners` says where their records go.
 */
import type { UserSpec } from "../plan/crm";
import { quote } from "../review/describe";
import { retireHint, type OwnerRecords } from "../review/owner-records";
import { text, type ChangeSink, type Kind, type Props } from "./kind";
import { KEY_PREFIX } from "../blueprint/object-keys";

export type UserInputs = UserSpec;

export interface UserOutputs extends UserInputs {
  hubspotId: string;
  /** A retired owner: how many records were moved to `retired.reassignTo`. */
  reassigned?: number;
  roleId?: string;
  unmatched: string[];
}

/**
 * A retired owner's update is their removal, after their records move. `records` is what the program counted in
 * the preview (src/review/owner-records), when it did.
 */
function retirement(_old: Props, next: Props, out: ChangeSink): boolean {
  const to = (next.retired as { reassignTo?: string[] } | undefined)?.reassignTo;
  if (to === undefined) return false;
  const records = next.records as OwnerRecords | undefined;
  out.removed(
    `Owner ${text(next.email)} retired: their ${records ? records.owned : "records"} move to ${to.join(", ")}, then the user is removed`,
    {
      danger:
        "reassigns every contact, company, deal and ticket they own (counted and moved 100 per batch), then removes the user",
    },
  );
  return true;
}

/** An owner's removal: the counts the preview found (the apply then stops), or what happens if they own records. */
function removalDanger(p: Props): string {
  const records = p.records as OwnerRecords | undefined;
  if (records?.stops)
    return `owns ${records.owned}: the apply stops before any write; say where they go with ${retireHint(text(p.email))}`;
  return (
    "removes the user from HubSpot; the apply stops before any write, with the counts, if they still own contacts, companies, " +
    `deals or tickets: say where those go with ${retireHint(text(p.email))}`
  );
}

export const userKind: Kind<UserInputs> = {
  module: "hubspot",
  name: "User",
  identity: ["email"],
  fields: [
    { key: "firstName", label: "first name", format: quote },
    { key: "lastName", label: "last name", format: quote },
    { key: "role", label: "role" },
  ],
  alsoUpdatable: ["retired"],
  outputOnly: ["hubspotId", "reassigned", "roleId", "unmatched"],
  naturalKey: { prefix: KEY_PREFIX.user, word: "User", of: (i) => text(i.email) },
  describe: (u) => `User ${u.email}`,
  words: {
    section: "owners",
    scope: () => undefined,
    subject: (p) => `Owner ${text(p.email)}`,
    summary: (p) => text(p.role),
    deleteDanger: removalDanger,
    updateAs: retirement,
  },
};
