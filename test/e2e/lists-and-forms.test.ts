// Lists (and forms) end to end with the real engine and the sandbox on 127.0.0.1, one stack for every case:
// create, no change = no call, update in place, drift in words, adoption with zero writes, release, and a delete
// refused before the first write with what uses the list counted.
import { readFile, rm, writeFile } from "node:fs/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Sandbox } from "../../src/sandbox";
import { reviewDigest } from "../../src/review/engine/review";
import type { EngineStack } from "../support/engine";
import { editableBlueprint, sandboxStack } from "../support/portal";
import { api, resetStats, sandbox, stats } from "../providers/helpers";

const L = "/crm/lists/2026-09";

interface LiveList {
  listId: string;
  name: string;
  processingType: string;
  filterBranch?: unknown;
  size: number;
}

async function list(sb: Sandbox, name: string): Promise<LiveList> {
  return (await api(sb, "GET", `${L}/object-type-id/0-1/name/${encodeURIComponent(name)}?includeFilters=true`)).list;
}

const listNames = async (sb: Sandbox): Promise<string[]> =>
  (await api(sb, "POST", `${L}/search`, {})).lists.map((l: LiveList) => l.name).sort();

/** HubSpot's filter branches: an OR root holding one AND branch of these filters. */
const oneAnd = (...filters: unknown[]) => ({
  filterBranchType: "OR",
  filters: [],
  filterBranches: [{ filterBranchType: "AND", filterBranches: [], filters }],
});

const property = (name: string, operation: object) => ({ filterType: "PROPERTY", property: name, operation });

const ANY_OF_SQL = oneAnd(
  property("lifecyclestage", { operationType: "ENUMERATION", operator: "IS_ANY_OF", values: ["salesqualifiedlead"] }),
);

describe("lists and forms with the real engine", { timeout: 300_000 }, () => {
  let sb: Sandbox;
  let engine: EngineStack;
  let dir: string;
  let blueprint: string;
  const edit = async (from: string | RegExp, to: string) =>
    writeFile(blueprint, (await readFile(blueprint, "utf8")).replace(from, to));
  const words = async (mode: "preview" | "drift", refresh = false) => {
    const { digest } = await engine.previewJson({ refresh });
    return reviewDigest(digest, { title: mode, mode }).changes.map((c) => c.message);
  };

  beforeAll(async () => {
    sb = await sandbox();
    ({ dir, file: blueprint } = await editableBlueprint("lists-and-forms.yaml"));
    engine = await sandboxStack("lists-forms", sb, blueprint);
  });

  afterAll(async () => {
    await engine?.dispose();
    await sb?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it("creates a dynamic list with HubSpot's filter branches and a manual list; a second up makes no call", async () => {
    // stack + blueprint component + property + 2 lists
    expect(await engine.up()).toEqual({ create: 5 });
    const icp = await list(sb, "Enterprise ICP");
    expect(icp.processingType).toBe("DYNAMIC");
    expect(icp.filterBranch).toEqual(
      oneAnd(
        property("employee_count", { operationType: "NUMBER", operator: "IS_GREATER_THAN_OR_EQUAL_TO", value: 1000 }),
        property("lifecyclestage", {
          operationType: "ENUMERATION",
          operator: "IS_ANY_OF",
          values: ["salesqualifiedlead", "opportunity"],
        }),
      ),
    );
    expect((await list(sb, "Event invitees")).processingType).toBe("MANUAL");
    await api(sb, "POST", "/crm/objects/2026-09/contacts", {
      properties: { email: "big@acme.test", employee_count: "5000", lifecyclestage: "opportunity" },
    });
    expect((await list(sb, "Enterprise ICP")).size).toBe(1);
    await resetStats(sb);
    expect(await engine.up()).toEqual({});
    expect((await stats(sb)).writes).toBe(0);
  });

  it("renames a list and changes its filters in place (same id), worded in the blueprint's terms", async () => {
    const before = await list(sb, "Enterprise ICP");
    await edit("name: Enterprise ICP", "name: Enterprise accounts");
    await edit("op: gte, value: 1000", "op: gte, value: 500");
    expect(await words("preview")).toEqual(
      expect.arrayContaining([
        "List 'Enterprise accounts' (enterprise-icp) name 'Enterprise ICP' → 'Enterprise accounts'",
        "List 'Enterprise accounts' (enterprise-icp) filters employee_count gte 1000 and lifecyclestage in " +
          "[salesqualifiedlead, opportunity] → employee_count gte 500 and lifecyclestage in [salesqualifiedlead, opportunity]",
      ]),
    );
    expect(await engine.up()).toEqual({ update: 1 });
    const after = await list(sb, "Enterprise accounts");
    expect(after.listId).toBe(before.listId);
    expect(JSON.stringify(after.filterBranch)).toContain('"value":500');
  });

  it("shows filters changed by hand as drift, and up --refresh puts the blueprint's back", async () => {
    const icp = await list(sb, "Enterprise accounts");
    await api(sb, "PUT", `${L}/${icp.listId}/update-list-filters`, { filterBranch: ANY_OF_SQL });
    expect((await words("drift", true)).join("\n")).toMatch(
      /filters lifecyclestage eq salesqualifiedlead → employee_count gte 500 and lifecyclestage in \[salesqualifiedlead, opportunity\]/,
    );
    await engine.up({ refresh: true });
    expect(JSON.stringify((await list(sb, "Enterprise accounts")).filterBranch)).toContain('"value":500');
    expect(await engine.preview({ refresh: true })).toEqual({});
  });

  it("adopts a list made by hand with no write, and releases it (left in HubSpot) when it leaves the blueprint", async () => {
    await api(sb, "POST", L, {
      name: "SQLs by hand",
      objectTypeId: "0-1",
      processingType: "DYNAMIC",
      filterBranch: ANY_OF_SQL,
    });
    await edit(
      "lists:\n",
      "lists:\n  sqls:\n    name: SQLs by hand\n    when: { all: [{ property: lifecyclestage, op: eq, value: salesqualifiedlead }] }\n",
    );
    await engine.stack.setConfig("revstack:adoptObjects", { value: JSON.stringify(["list:contacts/SQLs by hand"]) });
    await resetStats(sb);
    expect(await engine.up()).toEqual({ create: 1 });
    expect((await stats(sb)).writes).toBe(0);
    await edit(/  sqls:\n.*\n.*\n/, "");
    expect(await engine.up()).toEqual({ delete: 1 });
    expect(await listNames(sb)).toContain("SQLs by hand");
  });

  it("refuses to delete a list another list filters on, before the first write, with the count", async () => {
    const icp = await list(sb, "Enterprise accounts");
    await api(sb, "POST", L, {
      name: "ICP in the US",
      objectTypeId: "0-1",
      processingType: "DYNAMIC",
      filterBranch: oneAnd({ filterType: "IN_LIST", listId: icp.listId, operator: "IN_LIST" }),
    });
    await edit(/  enterprise-icp:\n(?: {4}.*\n)+/, "");
    await edit("type: number", "type: number\n      description: counted");
    await resetStats(sb);
    const failure = await engine.failedUp();
    expect(failure).toMatch(/List "Enterprise accounts" \(contacts\) is used by 1 list \(ICP in the US\)/);
    expect((await stats(sb)).writes).toBe(0);
    expect(await listNames(sb)).toContain("Enterprise accounts");
  });
});
