/** The words of the user's docs page (src/kinds/docs.ts writes docs/kinds/user.md from them and the kind). */
import type { KindDocs } from "./kind";
import type { UserInputs, UserOutputs } from "./user";

export const userDocs: KindDocs<UserInputs, UserOutputs> = {
  page: "user",
  title: "User (owner)",
  summary:
    "A HubSpot user, so records can be assigned to them as an owner, from `owners[]`; provisioned without a welcome " +
    "email. A `retiredOwners[]` entry is a user whose records move to others before the user is removed.",
  example: `apiVersion: revstack/v1
kind: Blueprint
metadata: { name: team }
owners:
  - { email: sam.lee@acme.test, firstName: Sam, lastName: Lee, role: SDR }
retiredOwners:
  - { email: old.rep@acme.test, reassignTo: sam.lee@acme.test }`,
  inputs: {
    key: { type: "email", blueprint: "—", meaning: "The email in lower case: the resource's name." },
    email: { type: "email", meaning: "The user's email: their natural key." },
    firstName: { type: "string", default: "empty", meaning: "First name (or the first word of `name`)." },
    lastName: { type: "string", default: "empty", meaning: "Last name (or the rest of `name`)." },
    role: {
      type: "role name",
      meaning:
        "A HubSpot role (permission set), matched by name: HubSpot's API cannot create roles, so a name the portal lacks is warned about and is not drift.",
    },
    retired: {
      type: "`{ reassignTo }`",
      blueprint: "`retiredOwners[].reassignTo`",
      change: "moves the owner's records there, then removes the user",
      meaning:
        "Where a retired owner's records go: an owner's email, or a team key (its members who are not away take turns).",
    },
  },
  outputs: {
    hubspotId: "HubSpot's id of the user.",
    reassigned: "A retired owner: how many records were moved.",
    roleId: "The portal's id of the role.",
    unmatched: "The role the portal lacks, if it lacks it.",
  },
  adoption:
    "A user who already exists with the blueprint's email is taken over only when the stack adopts them " +
    "(`revstack:adopt` or `revstack:adoptObjects`). The account's super admins are the account's: `revstack export` " +
    "leaves them out. Removing an adopted user from the blueprint **releases** them: nothing is removed in HubSpot.",
  dangers: [
    "Removing an owner who still owns contacts, companies, deals or tickets stops the whole `up` before any write, naming the owner and the counts per type; `retiredOwners` says where their records go, and they are moved first, 100 per batch.",
    "`pulumi destroy` (which does not run the program) is stopped by the same count when it reaches the user.",
  ],
};
