import { describe, expect, it } from "vitest";
import { api, clientSandbox } from "./helpers";

/**
 * Workflows as HubSpot publishes them for the 2026 generation (automation v4 as 2026-09-beta, hubspot-api.md §11):
 * every replace names the revision it replaces, a stale one is refused, and each earlier revision stays readable at
 * `/flows/{flowId}/revisions/{revisionId}` — a path HubSpot publishes only in the dated family, never under v4.
 * Enrollment state is the flow's `isEnabled`; HubSpot publishes no read of enrolled-record counts, so none is served.
 */
const t = clientSandbox();
const beta = "/automation/2026-09-beta/flows";

const flow = (name: string, delayMinutes: string) => ({
  type: "PLATFORM_FLOW",
  objectTypeId: "0-3",
  flowType: "WORKFLOW",
  name,
  isEnabled: true,
  startActionId: "1",
  nextAvailableActionId: "2",
  actions: [
    {
      type: "SINGLE_CONNECTION",
      actionId: "1",
      actionTypeVersion: 0,
      actionTypeId: "0-1",
      fields: { delta: delayMinutes, time_unit: "MINUTES" },
    },
  ],
  timeWindows: [],
  blockedDates: [],
  customProperties: {},
  dataSources: [],
});

describe("flow revisions and enrollment state", () => {
  it("keeps each revision readable, refuses a stale one, and records a switch-off as a revision", async () => {
    const made = await api(t.sb, "POST", beta, flow("Lead nurture", "2880"));
    expect(made.status).toBe(201);
    const id = made.body.id as string;
    const edited = await api(t.sb, "PUT", `${beta}/${id}`, { ...flow("Lead nurture", "4320"), revisionId: "1" });
    expect(edited.body).toMatchObject({ revisionId: "2", actions: [{ fields: { delta: "4320" } }] });

    const first = await api(t.sb, "GET", `${beta}/${id}/revisions/1`);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ id, revisionId: "1", actions: [{ fields: { delta: "2880" } }] });
    expect((await api(t.sb, "GET", `${beta}/${id}/revisions/2`)).body.actions[0].fields.delta).toBe("4320");
    expect((await api(t.sb, "GET", `${beta}/${id}/revisions/9`)).status).toBe(404);
    // Not a v4 path HubSpot publishes.
    expect((await api(t.sb, "GET", `/automation/v4/flows/${id}/revisions/1`)).status).toBe(404);

    // A stale replace (made from revision 1 while revision 2 is current) is refused; the flow is unchanged.
    const stale = await api(t.sb, "PUT", `${beta}/${id}`, { ...flow("Overwrite", "60"), revisionId: "1" });
    expect(stale.status).toBe(409);
    expect((await api(t.sb, "GET", `${beta}/${id}`)).body).toMatchObject({ name: "Lead nurture", revisionId: "2" });

    // Switching it off is an ordinary replace: a new revision with isEnabled false.
    const off = await api(t.sb, "PUT", `${beta}/${id}`, {
      ...flow("Lead nurture", "4320"),
      isEnabled: false,
      revisionId: "2",
    });
    expect(off.body).toMatchObject({ isEnabled: false, revisionId: "3" });
    expect((await api(t.sb, "GET", `${beta}/${id}/revisions/2`)).body.isEnabled).toBe(true);
  });

  it("refuses a flowType or type outside HubSpot's enums", async () => {
    const bad = await api(t.sb, "POST", beta, { ...flow("Bad", "1"), flowType: "SEQUENCE" });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain("flowType must be one of WORKFLOW, ACTION_SET, UNKNOWN");
    expect((await api(t.sb, "POST", beta, { ...flow("Bad", "1"), type: "DEAL_FLOW" })).status).toBe(400);
  });
});
