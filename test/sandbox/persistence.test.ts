import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { api, sandbox } from "./helpers";

const stage = (label: string, displayOrder: number) => ({ label, displayOrder, metadata: { probability: "0.5" } });

describe("state file", () => {
  it("survives a restart, and ids keep counting up", async () => {
    const dir = mkdtempSync(join(tmpdir(), "revstack-sandbox-"));
    const statePath = join(dir, "state.json");
    const first = await sandbox({ statePath, portalId: 777 });
    const pipeline = (
      await api(first, "POST", "/crm/v3/pipelines/deals", { label: "Kept", displayOrder: 1, stages: [stage("One", 0)] })
    ).body;
    const user = (await api(first, "POST", "/settings/v3/users/", { email: "kept@example.com" })).body;
    const deal = (
      await api(first, "POST", "/crm/v3/objects/deals", {
        properties: { dealname: "Kept deal", pipeline: pipeline.id, dealstage: pipeline.stages[0].id },
      })
    ).body;
    await first.stop();
    expect(readdirSync(dir)).toEqual(["state.json"]);

    const second = await sandbox({ statePath });
    try {
      expect(second.portalId).toBe(777);
      expect((await api(second, "GET", `/crm/v3/pipelines/deals/${pipeline.id}`)).body.label).toBe("Kept");
      expect((await api(second, "GET", `/settings/v3/users/${user.id}`)).body.email).toBe("kept@example.com");
      expect((await api(second, "GET", `/crm/v3/objects/deals/${deal.id}`)).body.properties.dealname).toBe("Kept deal");
      const next = (
        await api(second, "POST", "/crm/v3/pipelines/deals", {
          label: "New",
          displayOrder: 2,
          stages: [stage("Two", 0)],
        })
      ).body;
      expect(Number(next.id)).toBeGreaterThan(Number(pipeline.stages[0].id));
      expect(Number(next.id)).toBeGreaterThan(Number(pipeline.id));
    } finally {
      await second.stop();
    }
  });

  it("gives a state file saved before the sandbox served tasks HubSpot's task properties, keeping the rest", async () => {
    const statePath = join(mkdtempSync(join(tmpdir(), "revstack-sandbox-")), "state.json");
    const first = await sandbox({ statePath });
    const deal = (await api(first, "POST", "/crm/v3/objects/deals", { properties: { dealname: "Old deal" } })).body;
    await first.stop();
    const old = JSON.parse(readFileSync(statePath, "utf8"));
    delete old.properties.tasks;
    delete old.propertyGroups.tasks;
    delete old.objects.tasks;
    writeFileSync(statePath, JSON.stringify(old));

    const second = await sandbox({ statePath });
    try {
      const task = await api(second, "POST", "/crm/v3/objects/tasks", {
        properties: { hs_task_subject: "Follow up", hs_timestamp: "2026-12-01T00:00:00Z" },
      });
      expect(task.status).toBe(201);
      expect((await api(second, "GET", `/crm/v3/objects/deals/${deal.id}`)).body.properties.dealname).toBe("Old deal");
    } finally {
      await second.stop();
    }
  });

  it("is on disk shortly after a write, without waiting for stop", async () => {
    // The state file's folder need not exist yet.
    const statePath = join(mkdtempSync(join(tmpdir(), "revstack-sandbox-")), "nested", "state.json");
    const sb = await sandbox({ statePath });
    try {
      await api(sb, "POST", "/crm/v3/properties/deals/groups", { name: "saved_soon", label: "Saved soon" });
      // Saved within a few milliseconds normally; polled (at most 5 s) so a loaded machine does not fail it.
      const saved = () =>
        existsSync(statePath)
          ? JSON.parse(readFileSync(statePath, "utf8")).propertyGroups.deals.saved_soon?.label
          : undefined;
      for (let i = 0; i < 100 && saved() === undefined; i++) await new Promise((resolve) => setTimeout(resolve, 50));
      expect(saved()).toBe("Saved soon");
    } finally {
      await sb.stop();
    }
  });

  it("refuses to start on an unreadable state file instead of overwriting it", async () => {
    const statePath = join(mkdtempSync(join(tmpdir(), "revstack-sandbox-")), "state.json");
    writeFileSync(statePath, "{ not json");
    await expect(sandbox({ statePath })).rejects.toThrow(/state file .*state\.json is not readable/);
    expect(readFileSync(statePath, "utf8")).toBe("{ not json");
  });
});
