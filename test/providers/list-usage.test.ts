// What uses a list, counted by revstack against the sandbox: lists that filter on it (IN_LIST) and workflows that
// name it (an enrollment filter, a suppression list), never a list or workflow that does not.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HubSpotClient } from "../../src/clients/hubspot";
import type { Sandbox } from "../../src/sandbox";
import { describeUsage, listUsage } from "../../providers/shared/list-usage";
import { api, contactFlow, sandbox, TOKEN } from "./helpers";

const L = "/crm/lists/2026-09";
const inList = (listId: string) => ({
  filterBranchType: "OR",
  filters: [],
  filterBranches: [
    { filterBranchType: "AND", filterBranches: [], filters: [{ filterType: "IN_LIST", listId, operator: "IN_LIST" }] },
  ],
});
describe("list usage", () => {
  let sb: Sandbox;
  beforeAll(async () => {
    sb = await sandbox();
  });
  afterAll(async () => sb?.stop());

  it("counts the lists filtering on it and the workflows naming it", async () => {
    const make = async (name: string, filterBranch?: object) =>
      (
        await api(sb, "POST", L, {
          name,
          objectTypeId: "0-1",
          processingType: filterBranch ? "DYNAMIC" : "MANUAL",
          ...(filterBranch && { filterBranch }),
        })
      ).list.listId as string;
    const target = await make("Target");
    const other = await make("Other");
    await make("Uses target", inList(target));
    await make("Uses other", inList(other));
    await api(sb, "POST", "/automation/v4/flows", contactFlow({ suppressionListIds: [Number(target)] }));
    await api(
      sb,
      "POST",
      "/automation/v4/flows",
      contactFlow({ enrollmentCriteria: { listFilterBranch: inList(target) } }),
    );
    await api(sb, "POST", "/automation/v4/flows", contactFlow({ suppressionListIds: [Number(other)] }));
    const client = new HubSpotClient({ baseUrl: sb.url, token: TOKEN });
    const usage = await listUsage(client, target);
    expect(usage).toEqual({ lists: 1, workflows: 2, listNames: ["Uses target"] });
    expect(describeUsage(usage)).toBe("1 list (Uses target) and 2 workflows");
  });
});
