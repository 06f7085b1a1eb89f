/** The loader's guarantees: positions, limits, no prototype pollution, durations that parse or say why. */
import { describe, expect, it } from "vitest";
import { formatDiagnostic, loadBlueprint, parseDuration, formatDuration } from "../../src/blueprint";
import { closest } from "../../src/blueprint/diagnostics";
import { DEFAULT_LIMITS, parseYaml } from "../../src/blueprint/yaml-tree";
import { memoryFiles } from "./memory-files";

const TOO_DEEP =
  "nesting is deeper than 64 levels (maps and lists inside one another); a blueprint never needs that many: " +
  "look for an unclosed bracket or runaway indentation here";
const load = (text: string, limits = DEFAULT_LIMITS) =>
  loadBlueprint("/bp/x.yaml", { ...memoryFiles({ "/bp/x.yaml": text }), limits });
const printed = async (text: string, limits = DEFAULT_LIMITS) =>
  (await load(text, limits)).diagnostics.map(formatDiagnostic);

describe("durations", () => {
  it.each([
    ["15m", 15],
    ["4h", 240],
    ["2d", 2880],
    ["1w", 10080],
    ["14d", 20160],
    ["1d12h", 2160],
  ])("%s is %i minutes", (text, minutes) => {
    expect(parseDuration(text)).toEqual({ ok: true, minutes });
    expect(parseDuration(formatDuration(minutes))).toEqual({ ok: true, minutes });
  });

  it.each(["", "15", "2 weeks", "1h2d", "15s", "-1d", "0m"])(
    "rejects %j with a message naming the accepted forms",
    (text) => {
      const result = parseDuration(text);
      expect(result.ok).toBe(false);
      expect(result.ok ? "" : result.message).toMatch(text === "0m" ? /longer than zero/ : /15m, 4h, 2d, 1w/);
    },
  );
});

describe("did you mean", () => {
  it("suggests close spellings, including swapped letters, and nothing for unrelated words", () => {
    expect(closest("lable", ["label", "key"])).toBe("label");
    expect(closest("stalledAfer", ["stalledAfter", "requires"])).toBe("stalledAfter");
    expect(closest("colour", ["probability", "requires"])).toBeUndefined();
  });
});

describe("YAML safety", () => {
  it("never lets __proto__ reach an object prototype", async () => {
    const lines = await printed(
      "apiVersion: revstack/v1\nkind: Blueprint\nmetadata: { name: x }\nteams:\n  __proto__: { polluted: true }\n",
    );
    expect(lines).toContain('/bp/x.yaml:5:3: error: the key "__proto__" is not allowed');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty("polluted");
  });

  it("stops a billion-laughs file fast", async () => {
    const rows = ["a: &a [x,x,x,x,x,x,x,x,x,x]"];
    for (let i = 1; i < 10; i++)
      rows.push(
        `${"abcdefghij"[i]}: &${"abcdefghij"[i]} [${Array(10)
          .fill(`*${"abcdefghij"[i - 1]}`)
          .join(",")}]`,
      );
    const started = Date.now();
    const lines = await printed(rows.join("\n"));
    expect(Date.now() - started).toBeLessThan(2000);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^\/bp\/x\.yaml:7:\d+: error: the file expands to more than 2,000,000 values/);
  });

  it("refuses files over the size limit before parsing them", async () => {
    const lines = await printed("a: 1\n".repeat(100), { ...DEFAULT_LIMITS, maxBytes: 100 });
    expect(lines).toEqual(["/bp/x.yaml:1:1: error: cannot read blueprint: it is 500 bytes, the limit is 100 bytes"]);
  });

  it("refuses nesting deeper than the limit", async () => {
    const lines = await printed(`a: ${"[".repeat(80)}${"]".repeat(80)}`);
    expect(lines).toEqual([`/bp/x.yaml:1:68: error: ${TOO_DEEP}`]);
  });

  it.each([
    ["brackets", `a: ${"[".repeat(5000)}${"]".repeat(5000)}`, "1:131"],
    ["flow maps", `a: ${"{b: ".repeat(3000)}1${"}".repeat(3000)}`, "1:512"],
    ["indented lists", Array.from({ length: 3000 }, (_, i) => `${" ".repeat(i)}- `).join("\n") + "x", "128:128"],
    ["indented maps", Array.from({ length: 3000 }, (_, i) => `${" ".repeat(i)}k:`).join("\n") + " 1", "129:129"],
  ])(
    "refuses runaway nesting (%s) at its place, in its own words, not the parser's stack overflow",
    async (_name, text, at) => {
      const lines = await printed(text);
      expect(lines).toEqual([`/bp/x.yaml:${at}: error: ${TOO_DEEP}`]);
    },
  );

  it("reports an alias that refers to its own parent instead of looping", () => {
    const parsed = parseYaml("a: &a [1, *a]\n", "x.yaml");
    expect(parsed.diagnostics.map(formatDiagnostic)).toEqual([
      "x.yaml:1:11: error: alias *a refers to a map or list that contains it",
    ]);
  });

  it("reports duplicate keys with both places", async () => {
    const lines = await printed("apiVersion: revstack/v1\nkind: Blueprint\nmetadata: { name: x, name: y }\n");
    expect(lines).toEqual(['/bp/x.yaml:3:22: error: duplicate key "name": already defined at line 3']);
  });

  it("reports a file that is not there without a stack trace", async () => {
    const { diagnostics } = await loadBlueprint("/nonexistent/blueprint.yaml");
    expect(diagnostics.map(formatDiagnostic)).toEqual([
      "/nonexistent/blueprint.yaml:1:1: error: cannot read blueprint: no such file",
    ]);
  });
});

describe("positions", () => {
  it("points at the value that is wrong, deep inside lists and maps, in block and flow style", async () => {
    const text = [
      "apiVersion: revstack/v1",
      "kind: Blueprint",
      "metadata:",
      "  name: x",
      "pipelines:",
      "  nb:",
      "    label: NB",
      "    stages:",
      "      - key: open",
      "        label: Open",
      "        probability: 0.5",
      "        stalledAfter: soon",
      "      - { key: won, label: Won, probability: 1.0, closed: wonn }",
    ].join("\n");
    expect(await printed(text)).toEqual([
      '/bp/x.yaml:12:23: error: expected a duration such as 15m, 4h, 2d, 1w or 1d12h (units: w, d, h, m); found string "soon"',
      '/bp/x.yaml:13:59: error: expected one of: won, lost; found string "wonn"; did you mean "won"?',
    ]);
  });
});
