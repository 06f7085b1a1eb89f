// The provider side of ownership, against the sandbox: what a create does with an object that exists, what a
// delete of an adopted object does, and that the recorded origin survives updates and refreshes.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Sandbox } from "../../src/sandbox";
import * as group from "../../providers/property-group";
import type { PropertyGroupInputs } from "../../providers/property-group";
import type { OwnershipOutput } from "../../src/ownership/decide";
import type { Owned } from "../../providers/shared/adopt";
import * as pipeline from "../../providers/pipeline";
import { api, newProcess, resetStats, sandbox, settings, stats } from "../providers/helpers";

let sb: Sandbox;
beforeAll(async () => (sb = await sandbox()));
afterAll(() => sb.stop());

const groupOf = (name: string, ownership?: OwnershipOutput): PropertyGroupInputs & Owned => ({
  key: name,
  objectType: "deals",
  name,
  label: "Made by hand",
  displayOrder: 0,
  ownership,
});

describe("ownership in the providers", () => {
  it("takes back an object its own interrupted run created, without an adopt setting, and records it as created", async () => {
    newProcess();
    await api(sb, "POST", "/crm/v3/properties/deals/groups", {
      name: "taken_back",
      label: "Made by hand",
      displayOrder: 0,
    });
    await resetStats(sb);
    const { outs } = await group.create(settings(sb), groupOf("taken_back", { stack: "s", recover: true }));
    expect(outs.ownership).toEqual({ stack: "s", origin: "created" });
    expect((await stats(sb)).writes).toBe(0);
  });

  it("releases an adopted object on delete: no call to HubSpot, the object stays", async () => {
    newProcess();
    const props = { ...groupOf("adopted_one"), ownership: { stack: "s", origin: "adopted" as const } };
    await api(sb, "POST", "/crm/v3/properties/deals/groups", {
      name: "adopted_one",
      label: "Made by hand",
      displayOrder: 0,
    });
    await resetStats(sb);
    await group.delete(settings(sb), "deals/adopted_one", props);
    expect(await stats(sb)).toMatchObject({ reads: 0, writes: 0 });
    expect((await api(sb, "GET", "/crm/v3/properties/deals/groups/adopted_one")).name).toBe("adopted_one");
  });

  it("keeps the recorded origin through an update and a refresh", async () => {
    newProcess();
    const olds = { ...groupOf("kept"), ownership: { stack: "s", origin: "adopted" as const } };
    await api(sb, "POST", "/crm/v3/properties/deals/groups", { name: "kept", label: "Made by hand", displayOrder: 0 });
    const { outs } = await group.update(settings(sb), "deals/kept", olds, {
      ...groupOf("kept", { stack: "s" }),
      label: "Renamed",
    });
    expect(outs.ownership).toEqual({ stack: "s", origin: "adopted" });
    const read = await group.read(settings(sb), "deals/kept", outs);
    expect((read.props as { ownership: unknown }).ownership).toEqual({ stack: "s", origin: "adopted" });
  });

  it("releases an adopted pipeline with its stages and records", async () => {
    newProcess();
    const live = await api(sb, "POST", "/crm/v3/pipelines/deals", {
      label: "Adopted Sales",
      displayOrder: 5,
      stages: [{ label: "Open", displayOrder: 0, metadata: { probability: "0.1" } }],
    });
    const props = {
      key: "sales",
      objectType: "deals",
      label: "Adopted Sales",
      displayOrder: 5,
      stages: [],
      retiredStages: {},
      hubspotId: live.id,
      stageIds: {},
      unmanagedStages: [],
      ownership: { stack: "s", origin: "adopted" as const },
    };
    await resetStats(sb);
    await pipeline.delete(settings(sb), live.id, props as never);
    expect((await stats(sb)).writes).toBe(0);
    expect((await api(sb, "GET", `/crm/v3/pipelines/deals/${live.id}`)).label).toBe("Adopted Sales");
  });
});
