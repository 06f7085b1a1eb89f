// How `revstack preview` reads an owner removal: refused-with-counts unless retired, and a retired owner's
// destination, among the dangerous changes.
import { describe, expect, it } from "vitest";
import { scoped } from "../../src/words/change";
import type { PreviewDigest } from "../../src/review/engine/digest";
import { reviewDigest } from "../../src/review/engine/review";
import { ownerRecordsNote } from "../../src/kinds/owner-records";

const TYPE = "pulumi-nodejs:dynamic/hubspot:User";
const urn = (email: string) => `urn:pulumi:s::revstack::revstack:index:Blueprint$${TYPE}::user.${email}`;
const olivia = {
  key: "olivia@acme.test",
  email: "olivia@acme.test",
  firstName: "Olivia",
  lastName: "Brown",
  hubspotId: "1001",
};

/** Olivia retired to Ethan, Sam removed; with the diagnostics the program wrote in the preview, if any. */
function digestWith(diagnostics: Array<{ severity: string; message: string }> = []): PreviewDigest {
  return {
    steps: [
      {
        op: "update",
        urn: urn("olivia@acme.test"),
        oldState: { urn: urn("olivia@acme.test"), type: TYPE, outputs: olivia },
        newState: {
          urn: urn("olivia@acme.test"),
          type: TYPE,
          inputs: {
            key: olivia.key,
            email: olivia.email,
            firstName: "",
            lastName: "",
            retired: { reassignTo: ["ethan@acme.test"] },
          },
        },
      },
      {
        op: "delete",
        urn: urn("sam@acme.test"),
        oldState: {
          urn: urn("sam@acme.test"),
          type: TYPE,
          outputs: { ...olivia, key: "sam@acme.test", email: "sam@acme.test" },
        },
      },
    ],
    diagnostics,
    changeSummary: { update: 1, delete: 1 },
  } as unknown as PreviewDigest;
}

describe("revstack preview: owners with records", () => {
  it("shows the counts the program found with each owner's change, not again among the notes", () => {
    // What program/owner-removals.ts says when it counted their records.
    const review = reviewDigest(
      digestWith([
        {
          severity: "info",
          message: ownerRecordsNote("olivia@acme.test", "2 contact(s) and 3 deal(s)", ["ethan@acme.test"]) + "\n",
        },
        { severity: "warning", message: `warning: ${ownerRecordsNote("Sam@acme.test", "1 ticket(s)")}` },
        { severity: "warning", message: "warning: something else" },
      ]),
      { title: "revstack preview", mode: "preview" },
    );
    const retired = review.changes.find((c) => c.message.startsWith("Owner olivia@acme.test"))!;
    expect(retired.message).toBe(
      "Owner olivia@acme.test retired: their 2 contact(s) and 3 deal(s) move to ethan@acme.test, then the user is removed",
    );
    const removed = review.changes.find((c) => c.message.startsWith("Owner sam@acme.test"))!;
    expect(removed.danger).toBe(
      "owns 1 ticket(s): the apply stops before any write; say where they go with " +
        "retiredOwners: [{ email: sam@acme.test, reassignTo: <owner email or team key> }]",
    );
    expect(review.notes).toEqual(["something else"]);
  });

  it("a retired owner shows where their records go; a plain removal says the apply stops if they own records", () => {
    const { changes } = reviewDigest(digestWith(), { title: "revstack preview", mode: "preview" });
    const retired = changes.find((c) => c.message.startsWith("Owner olivia@acme.test"))!;
    expect(retired.message).toBe(
      "Owner olivia@acme.test retired: their records move to ethan@acme.test, then the user is removed",
    );
    expect(retired.danger).toMatch(/reassigns every contact, company, deal and ticket they own/);
    expect(changes.map(scoped)).not.toContain("Owner olivia@acme.test first name 'Olivia' → ''");
    const removed = changes.find((c) => c.message.startsWith("Owner sam@acme.test"))!;
    expect(removed.danger).toMatch(
      /the apply stops before any write, with the counts, if they still own .* retiredOwners: \[\{ email: sam@acme.test/,
    );
  });
});
