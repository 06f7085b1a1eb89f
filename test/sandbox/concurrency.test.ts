import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Sandbox } from "../../src/sandbox";
import { api, sandbox } from "./helpers";

let sb: Sandbox;
beforeAll(async () => {
  sb = await sandbox({ rateLimits: false });
});
afterAll(() => sb.stop());

const statuses = (responses: Array<{ status: number }>) => responses.map((r) => r.status).sort();

describe("parallel writes keep uniqueness rules", () => {
  it("lets exactly one of 40 parallel pipelines with the same label through", async () => {
    const body = {
      label: "Race",
      displayOrder: 1,
      stages: [{ label: "A", displayOrder: 0, metadata: { probability: "0.1" } }],
    };
    const responses = await Promise.all(
      Array.from({ length: 40 }, () => api(sb, "POST", "/crm/v3/pipelines/deals", body)),
    );
    expect(statuses(responses)).toEqual([201, ...Array(39).fill(400)]);
    const all = (await api(sb, "GET", "/crm/v3/pipelines/deals")).body.results;
    expect(all.filter((p: { label: string }) => p.label === "Race")).toHaveLength(1);
  });

  it("gives parallel stages distinct ids and refuses duplicate labels", async () => {
    const distinct = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        api(sb, "POST", "/crm/v3/pipelines/deals/default/stages", {
          label: `Parallel ${i}`,
          displayOrder: 10 + i,
          metadata: { probability: "0.3" },
        }),
      ),
    );
    expect(new Set(distinct.map((r) => r.body.id)).size).toBe(30);
    const same = await Promise.all(
      Array.from({ length: 10 }, () =>
        api(sb, "POST", "/crm/v3/pipelines/deals/default/stages", {
          label: "Twin",
          displayOrder: 99,
          metadata: { probability: "0.3" },
        }),
      ),
    );
    expect(statuses(same)).toEqual([201, ...Array(9).fill(400)]);
  });

  it("provisions one user and one contact per email under parallel requests", async () => {
    const users = await Promise.all(
      Array.from({ length: 20 }, () => api(sb, "POST", "/settings/v3/users/", { email: "race@example.com" })),
    );
    expect(statuses(users)).toEqual([201, ...Array(19).fill(409)]);
    const contacts = await Promise.all(
      Array.from({ length: 20 }, () =>
        api(sb, "POST", "/crm/v3/objects/contacts", { properties: { email: "race@example.com" } }),
      ),
    );
    expect(statuses(contacts)).toEqual([201, ...Array(19).fill(409)]);
  });
});
