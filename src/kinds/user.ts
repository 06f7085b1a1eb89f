/**
 * A HubSpot user, so an owner records can be assigned to; natural key: the email. Removing one who still owns
 * records is the dangerous change here: `retiredOwners` says where their records go.
 */
import type { Blueprint, Owner, RetiredOwner } from "../blueprint/model";
import { quote } from "../words/describe";
import { retireHint, type OwnerRecords } from "./owner-records";
import { referencedDanger, type ChangeSink, type PlannedKind, type Referenced, type Shown } from "./kind";
import { known } from "./unknown";
import { KEY_PREFIX } from "../blueprint/object-keys";
import { userDocs } from "./user.docs";

export interface UserInputs {
  key: string;
  email: string;
  firstName: string;
  lastName: string;
  /** Name of a HubSpot role (permission set), when the blueprint gives one. */
  role?: string;
  /**
   * A retired owner (blueprint `retiredOwners`): their records go to these owners (round-robin, by email), then
   * HubSpot removes the user.
   */
  retired?: { reassignTo: string[] };
}

/** The blueprint's owners, then its retired owners (whose records move before the user goes). */
function userSpecs(blueprint: Blueprint): UserInputs[] {
  return [
    ...blueprint.owners.map(userSpec),
    ...(blueprint.retiredOwners ?? []).map((r) => retiredUserSpec(r, blueprint)),
  ];
}

/** A team key means its members who are not away, in blueprint order; otherwise the owner email itself. */
function retiredUserSpec(retired: RetiredOwner, blueprint: Blueprint): UserInputs {
  const members = blueprint.owners
    .filter((o) => o.team === retired.reassignTo && o.away !== true)
    .map((o) => o.email.toLowerCase());
  const reassignTo = blueprint.teams[retired.reassignTo] !== undefined ? members : [retired.reassignTo.toLowerCase()];
  const email = retired.email.toLowerCase();
  return { key: email, email, firstName: "", lastName: "", retired: { reassignTo } };
}

function userSpec(owner: Owner): UserInputs {
  const [first, ...rest] = (owner.name ?? "").split(/\s+/).filter(Boolean);
  return {
    key: owner.email.toLowerCase(),
    email: owner.email.toLowerCase(),
    firstName: owner.firstName ?? first ?? "",
    lastName: owner.lastName ?? rest.join(" "),
    ...(owner.role !== undefined ? { role: owner.role } : {}),
  };
}

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

export const userKind: PlannedKind<"users", UserInputs, UserOutputs, ShownOwner> = {
  module: "hubspot",
  name: "User",
  docs: userDocs,
  planned: { list: "users", specs: userSpecs },
  identity: ["email"],
  fields: [
    { key: "firstName", label: "first name", format: quote, clearable: true, unsaid: () => "" },
    { key: "lastName", label: "last name", format: quote, clearable: true, unsaid: () => "" },
    { key: "role", label: "role", hubspot: "roleId" },
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
