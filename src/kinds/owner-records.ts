/**
 * What a preview says about the records of an owner who leaves the blueprint. The Pulumi program counts them
 * (program/owner-removals.ts) and says it as a diagnostic, because a deleted owner has no resource left to carry
 * the counts; `revstack preview` reads the same sentence back and shows it with the owner's change. One module
 * writes and reads the wording, so the two cannot drift apart.
 */

/** The fix the user writes in the blueprint. */
export const retireHint = (email: string): string =>
  `retiredOwners: [{ email: ${email}, reassignTo: <owner email or team key> }]`;

/** `Owner x owns 3 deal(s): …`: the apply stops (no `to`), or the records move to `to`. */
export function ownerRecordsNote(email: string, owned: string, to?: string[]): string {
  return to === undefined
    ? `Owner ${email} owns ${owned}: \`pulumi up\` will stop before any write unless the blueprint says where they go (${retireHint(email)})`
    : `Owner ${email} owns ${owned}: they move to ${to.join(", ")}, then the user is removed`;
}

export interface OwnerRecords {
  /** "3 deal(s) and 2 contact(s)". */
  owned: string;
  /** Whether `pulumi up` stops on them (no `retiredOwners` entry). */
  stops: boolean;
}

const NOTE = /^Owner (\S+) owns (.+?): (`pulumi up` will stop|they move to) /;

/** The notes among a preview's messages, by owner email (lower case). */
export function ownerRecordsIn(messages: string[]): Map<string, OwnerRecords> {
  const found = new Map<string, OwnerRecords>();
  for (const message of messages) {
    const m = NOTE.exec(message.trim());
    if (m) found.set(m[1].toLowerCase(), { owned: m[2], stops: m[3] !== "they move to" });
  }
  return found;
}

export const isOwnerRecordsNote = (message: string): boolean => NOTE.test(message.trim());
