// Many stacks, one portal (issue 13): a base and a unit that extends it apply to one sandbox portal through one
// backend. The unit uses what the base owns without owning it, neither changes the other, destroying the unit
// leaves the base's objects as they were, and destroying the base while the unit uses its objects is refused.
import { readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Sandbox } from "../../src/sandbox";
import type { EngineStack } from "../support/engine";
import { sandboxStack } from "../support/portal";
import {
  blueprintDir,
  driftOf,
  objectsWithIds,
  openSharedPortal,
  references,
  stateKeys,
  type SharedPortal,
} from "../support/shared-portal";
import { planClone, writeClone } from "../../src/blueprint/clone";
import { register as registerRelease } from "../../src/cli/commands/release";
import { reviewDigest } from "../../src/review/engine/review";
import { reviewStack } from "../../src/review/stack";
import { runCommands, withEnv } from "../review/cli";
import { api, resetStats, sandbox, stats } from "../providers/helpers";

const BASE_KEYS = [
  "group:shared_base",
  "pipeline:Shared Sales",
  "property:shared_budget",
  "property:shared_source",
  "user:base.one@shared.test",
  "user:base.two@shared.test",
];
const UNIT_KEYS = ["pipeline:Unit Partners", "property:unit_region", "user:unit.one@shared.test"];

describe("a base and a unit on one portal", { timeout: 600_000 }, () => {
  let portal: SharedPortal;
  let sb: Sandbox;
  let dir: string;
  let base: EngineStack;
  let unit: EngineStack;

  beforeAll(async () => {
    portal = await openSharedPortal({
      // A unit that changes a stage of the base's pipeline.
      "unit-edits-base.yaml":
        "apiVersion: revstack/v1\nkind: Blueprint\nextends: ./shared-base.yaml\nmetadata: { name: e2e-edits-base }\n" +
        "pipelines:\n  sales:\n    stages:\n      - { key: open, label: Opened }\n",
    });
    ({ sb, dir, base, unit } = portal);
  });

  afterAll(() => portal?.close());

  it("both apply; the unit owns only its own objects and uses the base's as they are", async () => {
    await base.up();
    expect(await stateKeys(base)).toEqual(BASE_KEYS);
    await unit.up();
    expect(await stateKeys(unit)).toEqual(UNIT_KEYS);
    expect(Object.values(await references(unit))).toEqual(BASE_KEYS.map(() => "base"));
  });

  it("neither changes the other: no drift on either, and a second up writes nothing", async () => {
    await resetStats(sb);
    expect(await driftOf(base)).toEqual({});
    expect(await driftOf(unit)).toEqual({});
    expect(await unit.up()).toEqual({});
    expect(await base.up()).toEqual({});
    expect((await stats(sb)).writes).toBe(0);
  });

  it("a referenced object deleted by hand stops the unit's up before any write, naming the stack that owns it", async () => {
    const pipelines = (await api(sb, "GET", "/crm/pipelines/2026-09/deals")).results as Array<{
      id: string;
      label: string;
    }>;
    await api(sb, "DELETE", `/crm/pipelines/2026-09/deals/${pipelines.find((p) => p.label === "Shared Sales")!.id}`);
    await resetStats(sb);
    await expect(unit.up()).rejects.toThrow(
      /Pipeline "Shared Sales" \(deals\) belongs to stack "base", and this stack uses it, but it is not in the portal any more.*Apply stack "base" first/s,
    );
    expect((await stats(sb)).writes).toBe(0);
    // The owner puts it back (its refresh sees it gone, its up creates it again); then the unit applies.
    await base.up({ refresh: true });
    await unit.up();
    expect(await driftOf(unit)).toEqual({});
  });

  it("a unit that changes what the base owns stops before any write and says where to make the change", async () => {
    const editing = await sandboxStack("editing-unit", sb, path.join(dir, "unit-edits-base.yaml"), { sibling: base });
    try {
      await resetStats(sb);
      await expect(editing.up()).rejects.toThrow(
        /Pipeline "Shared Sales" \(deals\) is owned by stack "base".*declares it differently \(stages\).*blueprint of stack "base"/s,
      );
      expect((await stats(sb)).writes).toBe(0);
    } finally {
      await editing.dispose();
    }
  });

  it("destroying the base while the unit uses its objects is refused, and nothing is lost", async () => {
    const before = await objectsWithIds(sb);
    await expect(base.destroy()).rejects.toThrow(/used by stack\(s\) "unit", which reference it without owning it/);
    expect(await objectsWithIds(sb)).toEqual(before);
    // The refused destroy forgot only the stage resources (their delete never touches HubSpot): the next up takes them back without a write.
    await resetStats(sb);
    await base.up();
    expect((await stats(sb)).writes).toBe(0);
    expect(await driftOf(base)).toEqual({});
  });

  it("destroying the unit leaves every object the base owns untouched", async () => {
    const before = await objectsWithIds(sb);
    await unit.destroy();
    const after = await objectsWithIds(sb);
    const unitObjects = Object.keys(before).filter((k) => !(k in after));
    expect(unitObjects.sort()).toEqual([...UNIT_KEYS].sort());
    expect(after).toEqual(Object.fromEntries(Object.entries(before).filter(([k]) => !unitObjects.includes(k))));
    expect(await driftOf(base)).toEqual({});
  });

  it("a unit made by `revstack clone` applies on the base's portal, owns nothing of the base's and destroys without touching it", async () => {
    const { plan } = await planClone({
      source: path.join(dir, "shared-base.yaml"),
      unit: "clone",
      sets: ["metadata.currency=EUR"],
      outDir: dir,
      schemaFile: "schema.json",
    });
    await writeClone(plan!);
    const clone = await sandboxStack("clone", sb, plan!.blueprintFile, { sibling: base });
    try {
      const before = await objectsWithIds(sb);
      await resetStats(sb);
      await clone.up();
      expect((await stats(sb)).writes).toBe(0);
      expect(await stateKeys(clone)).toEqual([]);
      expect(Object.keys(await references(clone))).toHaveLength(BASE_KEYS.length);
      expect(await driftOf(clone)).toEqual({});
      await clone.destroy();
      expect(await objectsWithIds(sb)).toEqual(before);
    } finally {
      await clone.dispose();
    }
  });
});

describe("two stacks applying at once on one portal", { timeout: 600_000 }, () => {
  let portal: SharedPortal;
  let sb: Sandbox;
  let base: EngineStack;
  let unit: EngineStack;

  beforeAll(async () => {
    portal = await openSharedPortal();
    ({ sb, base, unit } = portal);
  });

  afterAll(() => portal?.close());

  it("makes no duplicates, each object has one owner, and the loser's rerun converges", async () => {
    const first = await Promise.allSettled([base.up(), unit.up()]);
    const failed = first
      .map((r, i) => (r.status === "rejected" ? [base, unit][i] : undefined))
      .filter((s) => s !== undefined);
    for (const r of first)
      if (r.status === "rejected") expect(String(r.reason)).toMatch(/owned by stack|being created by stack/);
    for (const stack of failed) await stack!.up();

    const owned = [...(await stateKeys(base)), ...(await stateKeys(unit))];
    expect(owned.sort()).toEqual([...BASE_KEYS, ...UNIT_KEYS].sort());
    const objects = await objectsWithIds(sb);
    for (const key of [...BASE_KEYS, ...UNIT_KEYS]) expect(objects[key], key).toBeDefined();
    expect(
      Object.keys(objects)
        .filter((k) => k.startsWith("pipeline:"))
        .sort(),
    ).toEqual(["pipeline:Sales Pipeline", "pipeline:Shared Sales", "pipeline:Unit Partners"]);
    expect(await driftOf(base)).toEqual({});
    expect(await driftOf(unit)).toEqual({});
  });
});

describe("adoption per object, and release", { timeout: 600_000 }, () => {
  let sb: Sandbox;
  let dir: string;
  let base: EngineStack;
  let adopter: EngineStack;
  let blueprint: string;
  const handMade = {
    name: "hand_made",
    label: "Made by hand",
    type: "string",
    fieldType: "text",
    groupName: "dealinformation",
  };

  beforeAll(async () => {
    sb = await sandbox({ tier: 250 });
    // The adopting stack declares the base's budget property exactly as the base does, and a property someone
    // made by hand in HubSpot.
    dir = await blueprintDir({
      "adopter.yaml":
        "apiVersion: revstack/v1\nkind: Blueprint\nmetadata: { name: e2e-adopter }\nproperties:\n  groups:\n" +
        "    shared_base: { label: Shared base }\n  deals:\n    shared_budget: { label: Budget, type: number, group: shared_base }\n" +
        "    hand_made: { label: Made by hand, type: string, group: dealinformation }\n",
    });
    blueprint = path.join(dir, "adopter.yaml");
    base = await sandboxStack("base", sb, path.join(dir, "shared-base.yaml"));
    adopter = await sandboxStack("adopter", sb, blueprint, { sibling: base });
    await base.up();
    await api(sb, "POST", "/crm/v3/properties/deals", handMade);
  });

  afterAll(async () => {
    await adopter?.dispose();
    await base?.dispose();
    await sb?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it("an existing object nobody manages is not taken without a word: the error gives the command adopting just it", async () => {
    await resetStats(sb);
    await expect(adopter.up()).rejects.toThrow(
      /Property "hand_made" \(deals\) already exists in HubSpot .* no stack manages it.*pulumi config set --path 'revstack:adoptObjects\[0\]' 'property:deals\/hand_made'/s,
    );
    expect((await stats(sb)).writes).toBe(0);
  });

  it("adopting by key takes only the named object, never one another stack owns, and writes nothing", async () => {
    await adopter.stack.setConfig("revstack:adoptObjects", {
      value: JSON.stringify(["property:deals/hand_made", "property:deals/shared_budget"]),
    });
    const before = await objectsWithIds(sb);
    const { digest } = await adopter.previewJson();
    const lines = reviewDigest(digest as never, { title: "t", mode: "preview" })
      .changes.map((c) => c.message)
      .join("\n");
    expect(lines).toMatch(/Property 'Made by hand' \(hand_made\) adopted/);
    await resetStats(sb);
    await adopter.up();
    expect((await stats(sb)).writes).toBe(0);
    expect(await stateKeys(adopter)).toEqual(["property:hand_made"]);
    expect(await references(adopter)).toEqual({
      "group:deals/shared_base": "base",
      "property:deals/shared_budget": "base",
    });
    expect(await objectsWithIds(sb)).toEqual(before);
    expect(await driftOf(base)).toEqual({});
  });

  it("an adopted object that leaves the blueprint is released: the stack forgets it, HubSpot keeps it as it is", async () => {
    await writeFile(blueprint, (await readFile(blueprint, "utf8")).replace(/    hand_made:.*\n/, ""));
    const { digest } = await adopter.previewJson();
    const review = reviewDigest(digest as never, { title: "t", mode: "preview" });
    expect(review.changes.map((c) => c.message).join("\n")).toMatch(
      /Property 'Made by hand' \(hand_made\) released: this stack forgets it, HubSpot keeps it as it is/,
    );
    const before = await objectsWithIds(sb);
    await resetStats(sb);
    await adopter.up();
    expect((await stats(sb)).writes).toBe(0);
    expect(await stateKeys(adopter)).toEqual([]);
    expect(await objectsWithIds(sb)).toEqual(before);
  });

  it("an adopted object the blueprint's delete: list names is deleted from HubSpot when it leaves the blueprint", async () => {
    await api(sb, "POST", "/crm/v3/properties/deals", { ...handMade, name: "hand_gone", label: "Gone by hand" });
    await writeFile(
      blueprint,
      `${await readFile(blueprint, "utf8")}    hand_gone: { label: Gone by hand, type: string, group: dealinformation }\n`,
    );
    await adopter.stack.setConfig("revstack:adoptObjects", {
      value: JSON.stringify(["property:deals/shared_budget", "property:deals/hand_gone"]),
    });
    await adopter.up();
    expect(await stateKeys(adopter)).toEqual(["property:hand_gone"]);

    await writeFile(
      blueprint,
      (await readFile(blueprint, "utf8")).replace(/    hand_gone:.*\n/, "") + "delete:\n  - property:deals/hand_gone\n",
    );
    const review = await withEnv(adopter.cliEnv, () => reviewStack("adopter", "preview", adopter.projectDir));
    const removal = review.changes.find((c) => c.message.includes("hand_gone"));
    expect(removal?.message).toBe(
      "Property 'Gone by hand' (hand_gone) deleted from HubSpot: adopted, and the blueprint's delete: list names it",
    );
    expect(removal?.danger).toBeDefined();
    await adopter.up();
    expect(await stateKeys(adopter)).toEqual([]);
    expect((await objectsWithIds(sb))["property:hand_gone"]).toBeUndefined();
    expect((await objectsWithIds(sb))["property:hand_made"]).toBeDefined();
  });

  it("a delete: list that names another stack's object stops the run before any write", async () => {
    await writeFile(
      blueprint,
      (await readFile(blueprint, "utf8")).replace("delete:\n", "delete:\n  - property:deals/shared_budget\n"),
    );
    const before = await objectsWithIds(sb);
    await resetStats(sb);
    await expect(adopter.up()).rejects.toThrow(
      /delete: list names Property "shared_budget" \(deals\) \(property:deals\/shared_budget\), which stack "base" owns: only that stack can delete it/,
    );
    expect((await stats(sb)).writes).toBe(0);
    expect(await objectsWithIds(sb)).toEqual(before);
  });

  it("`revstack release` makes a stack forget an object it created, without touching HubSpot", async () => {
    const before = await objectsWithIds(sb);
    await resetStats(sb);
    const { code, stdout, stderr } = await withEnv(base.cliEnv, () =>
      runCommands(
        [registerRelease],
        ["release", "pipeline:deals/shared sales", "--stack", "base", "--cwd", base.projectDir],
      ),
    );
    expect(stderr).toBe("");
    expect(code).toBe(0);
    expect(stdout).toMatch(
      /released Pipeline "Shared Sales" \(deals\): stack base no longer manages it; HubSpot was not touched/,
    );
    expect((await stats(sb)).writes).toBe(0);
    expect(await stateKeys(base)).not.toContain("pipeline:Shared Sales");
    expect((await base.resources()).filter((r) => r.type.endsWith("PipelineStage"))).toEqual([]);
    expect(await objectsWithIds(sb)).toEqual(before);
    const unknown = await withEnv(base.cliEnv, () =>
      runCommands([registerRelease], ["release", "property:deals/nope", "--stack", "base", "--cwd", base.projectDir]),
    );
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/manages no Property "nope" \(deals\)/);
  });
});
