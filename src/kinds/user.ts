/**
 * A HubSpot user, so an owner records can be assigned to; natural key: the email. Removing one who still owns
 * records is the dangerous change here: `retiredOwners` says where their records go.
 */
import type { UserSpec } from "../plan/crm";
import { quote } from "../review/describe";
import { text, type ChangeSink, type Kind, type Props } from "./kind";

export type UserInputs = UserSpec;

export interface UserOutputs extends UserInputs {
  hubspotId: string;
  /** A retired owner: how many records were moved to `retired.reassignTo`. */
  reassigned?: number;
  roleId?: string;
  unmatched: string[];
}

/** A retired owner's update is their removal, after their records move. */
function retirement(_old: Props, next: Props, out: ChangeSink): boolean {
  const to = (next.retired as { reassignTo?: string[] } | undefined)?.reassignTo;
  if (to === undefined) return false;
  out.removed(`Owner ${text(next.email)} retired: their records move to ${to.join(", ")}, then the user is removed`, {
    danger: "reassigns every contact, company, deal and ticket they own (counted and moved 100 per batch), then removes the user",
  });
  return true;
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
  naturalKey: { prefix: "user", word: "User", of: (i) => text(i.email) },
  describe: (u) => `User ${u.email}`,
  words: {
    section: "owners",
    scope: () => undefined,
    subject: (p) => `Owner ${text(p.email)}`,
    summary: (p) => text(p.role),
    deleteDanger: (p) => "removes the user from HubSpot; the apply stops, with the counts, if they still own contacts, companies, " +
      `deals or tickets: say where those go with retiredOwners: [{ email: ${text(p.email)}, reassignTo: <owner email or team key> }]`,
    updateAs: retirement,
  },
};
