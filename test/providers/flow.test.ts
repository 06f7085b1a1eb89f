import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Sandbox } from "../../src/sandbox";
import * as flow from "../../providers/flow";
import type { HubSpotWorkflowInputs, HubSpotWorkflowOutputs } from "../../providers/flow";
import { api, faults, newProcess, sandbox, settings, stats } from "./helpers";

/**
 * The HubSpot workflow provider on the sandbox: switching several workflows off in one apply is all or nothing. The
 * engine writes them one after the other (each after the one before it, `offBefore`); when one's write fails, the
 * ones this apply switched off before it are switched back on, and the error says so.
 */
let sb: Sandbox;
beforeAll(async () => {
  sb = await sandbox();
});
afterAll(() => sb.stop());
beforeEach(newProcess);

const FLOWS = "/automation/2026-09-beta/flows";
const inputs = (name: string, steps: HubSpotWorkflowInputs["definition"]["steps"]): HubSpotWorkflowInputs => ({
  key: name.toLowerCase().replace(/\W+/g, "-"),
  name,
  enabled: true,
  definition: { object: "deals", trigger: { manual: true }, steps },
  pipelines: [],
});
const enabled = async (id: string): Promise<boolean> => (await api(sb, "GET", `${FLOWS}/${id}`)).isEnabled;

/** Three workflows on, and the switch-off of the first two in one apply: the first is written, then the second. */
async function firstOfTwoOff(prefix: string) {
  const made = async (i: HubSpotWorkflowInputs) => (await flow.create(settings(sb), i)) as { id: string; outs: any };
  const a = await made(inputs(`${prefix} A`, [{ setProperty: { property: "hs_priority", value: "high" } }]));
  const b = await made(inputs(`${prefix} B`, [{ delay: "1d" }]));
  const c = await made(inputs(`${prefix} C`, [{ delay: "2d" }]));
  const aOff = { ...inputs(`${prefix} A`, a.outs.definition.steps), enabled: false, alsoOff: [`${prefix} B`] };
  await flow.update(settings(sb), a.id, a.outs as HubSpotWorkflowOutputs, aOff);
  expect(await enabled(a.id)).toBe(false);
  const bOff = {
    ...inputs(`${prefix} B`, b.outs.definition.steps),
    enabled: false,
    alsoOff: [`${prefix} A`],
    offBefore: [`${prefix} A`],
  };
  return { a, b, c, bOff };
}

describe("switching several HubSpot workflows off in one apply", () => {
  it("switches back on the ones it switched off when a later one's write is refused", async () => {
    const { a, b, c, bOff } = await firstOfTwoOff("Refused");
    // Someone edits B in HubSpot meanwhile: HubSpot's revision check refuses B's write.
    const live = await api(sb, "GET", `${FLOWS}/${b.id}`);
    await api(sb, "PUT", `${FLOWS}/${b.id}`, { ...live, name: "Refused B" });
    const failed = flow.update(settings(sb), b.id, b.outs as HubSpotWorkflowOutputs, bOff);
    await expect(failed).rejects.toThrow(
      'HubSpot workflow "Refused B" was edited in HubSpot since this stack last read it',
    );
    await expect(failed).rejects.toThrow(
      'The HubSpot workflow(s) this apply had switched off with it were switched back on, so none is off half-way: "Refused A".',
    );
    expect([await enabled(a.id), await enabled(b.id), await enabled(c.id)]).toEqual([true, true, true]);
  });

  it("says which stay off when switching them back on fails too", async () => {
    const { a, b, bOff } = await firstOfTwoOff("Down");
    // HubSpot refuses every workflow write from here: B's, and switching A back on.
    await faults(sb, { error5xx: 1, statuses: [503], routes: [`PUT ${FLOWS}/{flowId}`] });
    try {
      const failed = flow.update(settings(sb), b.id, b.outs as HubSpotWorkflowOutputs, bOff);
      await expect(failed).rejects.toThrow(/These stay off and could not be switched back on: "Down A" \(.*503/);
    } finally {
      await faults(sb, {});
    }
    expect((await stats(sb)).byRoute).toHaveProperty([`PUT ${FLOWS}/{flowId}`]);
    expect([await enabled(a.id), await enabled(b.id)]).toEqual([false, true]);
  });

  it("switches nothing back on when the failed write was not a switch-off", async () => {
    const { a, b } = await firstOfTwoOff("Alone");
    // B alone is changed (not switched off): its failure touches nothing else.
    const live = await api(sb, "GET", `${FLOWS}/${b.id}`);
    await api(sb, "PUT", `${FLOWS}/${b.id}`, { ...live, name: "Alone B" });
    const changed = { ...inputs("Alone B", [{ delay: "3d" }]), offBefore: ["Alone A"] };
    await expect(flow.update(settings(sb), b.id, b.outs as HubSpotWorkflowOutputs, changed)).rejects.toThrow(
      /edited in HubSpot since this stack last read it[^]*drift --fix` to restore the blueprint's version\.$/,
    );
    expect(await enabled(a.id)).toBe(false);
  });
});

describe("a condition HubSpot's filters cannot test for its property's type in the portal", () => {
  it("fails the preview's check, names the property and its type, and the apply writes nothing", async () => {
    // A property of the portal the blueprint does not declare and validate cannot type: text in HubSpot.
    await api(sb, "POST", "/crm/v3/properties/deals", {
      name: "partner_code",
      label: "Partner code",
      type: "string",
      fieldType: "text",
      groupName: "dealinformation",
    });
    const w = {
      ...inputs("Big partners", [{ delay: "1d" }]),
      definition: {
        object: "deals" as const,
        trigger: { manual: true as const },
        when: { all: [{ property: "partner_code", op: "gte" as const, value: 5 }] },
        steps: [],
      },
    };
    const why =
      `HubSpot workflow "Big partners": HubSpot's enrollment filters cannot test property partner_code (of type string ` +
      "in HubSpot): op gte on a string property has no list filter. Nothing was written: change the condition in the blueprint.";
    expect((await flow.check({}, w, settings(sb))).failures).toEqual([{ property: "definition", reason: why }]);
    const before = (await stats(sb)).writes;
    await expect(flow.create(settings(sb), w)).rejects.toThrow(why);
    expect((await stats(sb)).writes).toBe(before);
    // A test the type allows passes the check.
    const fine = {
      ...w,
      definition: { ...w.definition, when: { all: [{ property: "partner_code", op: "eq" as const, value: "P5" }] } },
    };
    expect((await flow.check({}, fine, settings(sb))).failures).toBeUndefined();
  });
});

describe("deleting a switched-on HubSpot workflow: the records that meet its enrollment filters, counted first", () => {
  const made = async (i: HubSpotWorkflowInputs) => (await flow.create(settings(sb), i)) as { id: string; outs: any };
  const exists = async (id: string) => (await api(sb, "GET", `${FLOWS}/${id}`)).id === id;
  const deal = (properties: Record<string, string>) => api(sb, "POST", "/crm/objects/2026-09/deals", { properties });

  it("stops before the delete with the count of records its trigger and conditions meet now", async () => {
    await deal({ dealname: "meets", hs_priority: "high", amount: "2000" });
    await deal({ dealname: "too small", hs_priority: "high", amount: "500" });
    await deal({ dealname: "not high", hs_priority: "low", amount: "5000" });
    const w = inputs("Big high deals", [{ delay: "1d" }]);
    w.definition = {
      ...w.definition,
      trigger: { propertyChanged: { property: "hs_priority", value: "high" } },
      when: { all: [{ property: "amount", op: "gte", value: 1000 }] },
    };
    const { id, outs } = await made(w);
    await expect(flow.delete(settings(sb), id, outs)).rejects.toThrow(
      'Deleting HubSpot workflow "Big high deals" while it is on: 1 deal meets its enrollment filters now and may be ' +
        "enrolled; HubSpot publishes no count of those enrolled, and any that are leave it mid-way. Nothing was written",
    );
    expect(await exists(id)).toBe(true);
    // Once no record meets them, it goes.
    const nobody = {
      ...w,
      definition: { ...w.definition, when: { all: [{ property: "amount", op: "gte" as const, value: 10 ** 9 }] } },
    };
    const updated = await flow.update(settings(sb), id, outs, nobody);
    await flow.delete(settings(sb), id, updated.outs as HubSpotWorkflowOutputs);
    await expect(api(sb, "GET", `${FLOWS}/${id}`)).rejects.toThrow("404");
  });

  it("counts a list-membership trigger by the list's size, and deletes one switched off", async () => {
    const list = (
      await api(sb, "POST", "/crm/lists/2026-09", { name: "Enrolling", objectTypeId: "0-1", processingType: "MANUAL" })
    ).list;
    const ids = [];
    for (const email of ["a@enrolled.test", "b@enrolled.test"])
      ids.push((await api(sb, "POST", "/crm/objects/2026-09/contacts", { properties: { email } })).id);
    await api(sb, "PUT", `/crm/lists/2026-09/${list.listId}/memberships/add`, ids);
    const w: HubSpotWorkflowInputs = {
      ...inputs("From the list", [{ delay: "1d" }]),
      definition: { object: "contacts", trigger: { listJoined: { list: "enrolling" } }, steps: [{ delay: "1d" }] },
      lists: [{ key: "enrolling", name: "Enrolling", object: "contacts" }],
    };
    const { id, outs } = await made(w);
    await expect(flow.delete(settings(sb), id, outs)).rejects.toThrow(
      'Deleting HubSpot workflow "From the list" while it is on: 2 contacts are in its list "Enrolling" now and may be enrolled',
    );
    const off = await flow.update(settings(sb), id, outs, { ...w, enabled: false });
    await flow.delete(settings(sb), id, off.outs as HubSpotWorkflowOutputs);
    await expect(api(sb, "GET", `${FLOWS}/${id}`)).rejects.toThrow("404");
  });

  it("says so when it cannot count: records enrolled by hand", async () => {
    const { id, outs } = await made(inputs("By hand", [{ delay: "1d" }]));
    await expect(flow.delete(settings(sb), id, outs)).rejects.toThrow(
      'Deleting HubSpot workflow "By hand" while it is on: revstack cannot count the records that meet its enrollment ' +
        "filters (records are enrolled in it by hand)",
    );
    expect(await exists(id)).toBe(true);
  });
});
