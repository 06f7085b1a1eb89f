/**
 * The corpus of bad blueprints: each fixture must fail to load with exactly the diagnostics in
 * its `.expected` file (position, severity and message), as `revstack validate` prints them.
 */
import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { formatDiagnostic, loadBlueprint } from "../../src/blueprint";

const ROOT = path.resolve(__dirname, "..", "..");
const DIR = path.join(ROOT, "test", "fixtures");
const fixtures = readdirSync(DIR)
  .filter((f) => f.endsWith(".yaml"))
  .sort();

describe("bad blueprint corpus", () => {
  it("has at least 30 bad blueprints, each with its expected diagnostics", () => {
    expect(fixtures.length).toBeGreaterThanOrEqual(30);
    for (const name of fixtures) expect(readdirSync(DIR)).toContain(name.replace(/\.yaml$/, ".expected"));
  });

  it.each(fixtures)("%s fails with the expected diagnostics", async (name) => {
    const { blueprint, diagnostics } = await loadBlueprint(path.join(DIR, name));
    expect(blueprint).toBeUndefined();
    expect(diagnostics.some((d) => d.severity === "error")).toBe(true);
    const printed = diagnostics.map((d) => formatDiagnostic({ ...d, file: path.relative(ROOT, d.file) }));
    const expected = readFileSync(path.join(DIR, name.replace(/\.yaml$/, ".expected")), "utf8")
      .trimEnd()
      .split("\n");
    expect(printed).toEqual(expected);
  });

  it("the base the composition fixtures extend is itself valid and clean", async () => {
    const { blueprint, diagnostics } = await loadBlueprint(path.join(DIR, "bases", "base.yaml"));
    expect(diagnostics).toEqual([]);
    expect(blueprint?.metadata.name).toBe("fx");
  });
});
