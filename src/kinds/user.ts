/**
 * A HubSpot user, so an owner records can be assigned to; natural key: the email. Removing one who still owns
 * records is the dangerous change here: `retiredOwners` says where their records go.
 */
import type { UserSpec } from "../plan/crm";
import { quote } from "../words/describe";
import { retireHint, type OwnerRecords } from "./owner-records";
import { referencedDanger, type ChangeSink, type Kind, type Referenced, type Shown } from "./kind";
import { known } from "./unknown";
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
 * An owner as the review reads it: the provider's outputs, and what the program counted of their records in the
 * preview (src/review/owner-records), when it did.
 */
export type ShownOwner = Shown<UserOutputs> & { records?: OwnerRecords; references?: Referenced };

/** How people name an owner: by email. */
export const ownerName = (email: string): string => `Owner ${email}`;

/** A retired owner's update is their removal, after their records move. */
function retirement(_old: ShownOwner, next: ShownOwner, out: ChangeSink): boolean {
  const to = known(next.retired)?.reassignTo;
  if (to === undefined) return false;
  const records = next.records;
  out.removed(
    `${ownerName(next.email ?? "")} retired: their ${records ? records.owned : "records"} move to ${to.join(", ")}, then the user is removed`,
    {
      danger:
        "reassigns every contact, company, deal and ticket they own (counted and moved 100 per batch), then removes the user",
    },
  );
  return true;
}

/** An owner's removal: the counts the preview found (the apply then stops), or what happens if they own records. */
function removalDanger(p: ShownOwner): string {
  const records = p.records;
  if (records?.stops)
    return `owns ${records.owned}: the apply stops before any write; say where they go with ${retireHint(p.email ?? "")}`;
  return referencedDanger(
    "removes the user from HubSpot; the apply stops before any write, with the counts, if they still own contacts, companies, " +
      `deals or tickets: say where those go with ${retireHint(p.email ?? "")}`,
    p.references,
  );
}

export const userKind: Kind<UserInputs, UserOutputs, ShownOwner> = {
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
  naturalKey: { prefix: KEY_PREFIX.user, word: "User", of: (i) => i.email },
  describe: (u) => `User ${u.email}`,
  words: {
    section: "owners",
    scope: () => undefined,
    subject: (p) => ownerName(p.email ?? ""),
    summary: (p) => p.role ?? "",
    deleteDanger: removalDanger,
    deleteDetails: (p) => p.references?.details ?? [],
    updateAs: retirement,
  },
};
