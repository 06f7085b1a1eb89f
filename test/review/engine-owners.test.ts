// How `revstack preview` reads an owner removal: refused-with-counts unless retired, and a retired owner's
// destination, among the dangerous changes.
import { describe, expect, it } from "vitest";
import { scoped } from "../../src/review/change";
import type { PreviewDigest } from "../../src/review/engine/digest";
import { reviewDigest } from "../../src/review/engine/review";

const TYPE = "pulumi-nodejs:dynamic/hubspot:User";
const urn = (email: string) => `urn:pulumi:s::revstack::revstack:index:Blueprint$${TYPE}::user.${email}`;
const olivia = { key: "olivia@acme.test", email: "olivia@acme.test", firstName: "Olivia", lastName: "Brown", hubspotId: "1001" };

describe("revstack preview: owners with records", () => {
  it("a retired owner shows where their records go; a plain removal says the apply stops if they own records", () => {
    const digest: PreviewDigest = {
      steps: [
        { op: "update", urn: urn("olivia@acme.test"),
          oldState: { urn: urn("olivia@acme.test"), type: TYPE, outputs: olivia },
          newState: { urn: urn("olivia@acme.test"), type: TYPE, inputs: { key: olivia.key, email: olivia.email, firstName: "", lastName: "", retired: { reassignTo: ["ethan@acme.test"] } } } },
        { op: "delete", urn: urn("sam@acme.test"),
          oldState: { urn: urn("sam@acme.test"), type: TYPE, outputs: { ...olivia, key: "sam@acme.test", email: "sam@acme.test" } } },
      ],
      changeSummary: { update: 1, delete: 1 },
    } as unknown as PreviewDigest;
    const { changes } = reviewDigest(digest, { title: "revstack preview", mode: "preview" });
    const retired = changes.find((c) => c.message.startsWith("Owner olivia@acme.test"))!;
    expect(retired.message).toBe("Owner olivia@acme.test retired: their records move to ethan@acme.test, then the user is removed");
    expect(retired.danger).toMatch(/reassigns every contact, company, deal and ticket they own/);
    expect(changes.map(scoped)).not.toContain("Owner olivia@acme.test first name 'Olivia' → ''");
    const removed = changes.find((c) => c.message.startsWith("Owner sam@acme.test"))!;
    expect(removed.danger).toMatch(/the apply stops, with the counts, if they still own .* retiredOwners: \[\{ email: sam@acme.test/);
  });
});
