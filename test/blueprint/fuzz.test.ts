/**
 * Random and mutated YAML: whatever the input, loading ends in diagnostics or a blueprint, never an
 * exception, and every diagnostic points at a real place with a one-line message.
 */
import fc from "fast-check";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { parse, stringify } from "yaml";
import { describe, expect, it } from "vitest";
import { Blueprint, LoadOptions, loadBlueprint } from "../../src/blueprint";
import type { Diagnostic } from "../../src/blueprint";
import { memoryFiles } from "./memory-files";

const ROOT = path.resolve(__dirname, "..", "..");
/** Property runs share the machine with the whole suite; give them room beyond the 20 s default. */
const TIMEOUT = 90_000;
const BASE_TEXT = readFileSync(path.join(ROOT, "blueprints", "base.yaml"), "utf8");
const EMEA_TEXT = readFileSync(path.join(ROOT, "blueprints", "emea.yaml"), "utf8");

function wellFormed(d: Diagnostic, texts: Record<string, string>): void {
  expect(["error", "warning"]).toContain(d.severity);
  expect(Object.keys(texts)).toContain(d.file);
  expect(d.line).toBeGreaterThanOrEqual(1);
  expect(d.line).toBeLessThanOrEqual(texts[d.file].split("\n").length + 1);
  expect(d.column).toBeGreaterThanOrEqual(1);
  expect(d.message.length).toBeGreaterThan(0);
  expect(d.message).not.toMatch(/\n\s+at |TypeError|ReferenceError|undefined is not/);
}

/** Loads the files in memory; the property fails on any exception. */
async function loadsSafely(files: Record<string, string>, entry: string): Promise<void> {
  const options: LoadOptions = memoryFiles(files);
  const { blueprint, diagnostics } = await loadBlueprint(entry, options);
  for (const d of diagnostics) wellFormed(d, files);
  if (blueprint) expect(Blueprint.safeParse(blueprint).success).toBe(true);
  else expect(diagnostics.some((d) => d.severity === "error")).toBe(true);
}

const lineMutation = fc.oneof(
  fc.record({ kind: fc.constant("delete" as const), at: fc.nat() }),
  fc.record({ kind: fc.constant("duplicate" as const), at: fc.nat() }),
  fc.record({ kind: fc.constant("indent" as const), at: fc.nat(), by: fc.integer({ min: -4, max: 4 }) }),
  fc.record({
    kind: fc.constant("insert" as const),
    at: fc.nat(),
    offset: fc.nat(),
    text: fc.constantFrom(
      ":",
      "- ",
      "&a ",
      "*a",
      "{",
      "}",
      "[",
      "]",
      "'",
      '"',
      "#",
      "!!binary ",
      "__proto__: 1",
      "<<: *x",
      "~",
      "\t",
      "0.25",
      "key: ",
    ),
  }),
  fc.record({ kind: fc.constant("swap" as const), at: fc.nat(), other: fc.nat() }),
);

type Mutation = typeof lineMutation extends fc.Arbitrary<infer T> ? T : never;

function mutate(text: string, mutations: Mutation[]): string {
  const lines = text.split("\n");
  for (const m of mutations) {
    const i = m.at % lines.length;
    if (m.kind === "delete") lines.splice(i, 1);
    else if (m.kind === "duplicate") lines.splice(i, 0, lines[i]);
    else if (m.kind === "indent")
      lines[i] = m.by >= 0 ? " ".repeat(m.by) + lines[i] : lines[i].replace(new RegExp(`^ {0,${-m.by}}`), "");
    else if (m.kind === "insert") {
      const at = m.offset % (lines[i].length + 1);
      lines[i] = lines[i].slice(0, at) + m.text + lines[i].slice(at);
    } else {
      const j = m.other % lines.length;
      [lines[i], lines[j]] = [lines[j], lines[i]];
    }
    if (lines.length === 0) lines.push("");
  }
  return lines.join("\n");
}

/** Replaces the value at a random path of a parsed blueprint with a random JSON value. */
function replaceAt(value: unknown, choices: number[], replacement: unknown): unknown {
  if (choices.length === 0 || value === null || typeof value !== "object") return replacement;
  const keys = Object.keys(value);
  if (keys.length === 0) return replacement;
  const key = keys[choices[0] % keys.length];
  const copy: Record<string, unknown> = Array.isArray(value)
    ? ([...value] as unknown as Record<string, unknown>)
    : { ...value };
  copy[key] = replaceAt((value as Record<string, unknown>)[key], choices.slice(1), replacement);
  return copy;
}

describe("fuzzing the loader", () => {
  it(
    "random text never throws",
    async () => {
      await fc.assert(
        fc.asyncProperty(fc.string({ unit: "binary", maxLength: 300 }), async (text) =>
          loadsSafely({ "/f/x.yaml": text }, "/f/x.yaml"),
        ),
        { numRuns: 300 },
      );
    },
    TIMEOUT,
  );

  it(
    "random YAML documents never throw",
    async () => {
      await fc.assert(
        fc.asyncProperty(fc.jsonValue({ maxDepth: 6 }), async (value) =>
          loadsSafely({ "/f/x.yaml": stringify(value) }, "/f/x.yaml"),
        ),
        { numRuns: 200 },
      );
    },
    TIMEOUT,
  );

  it(
    "line-level mutations of the base example never throw",
    async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(lineMutation, { minLength: 1, maxLength: 4 }), async (mutations) =>
          loadsSafely({ "/f/base.yaml": mutate(BASE_TEXT, mutations) }, "/f/base.yaml"),
        ),
        { numRuns: 120 },
      );
    },
    TIMEOUT,
  );

  it(
    "values replaced anywhere in the base example never throw",
    async () => {
      const base = parse(BASE_TEXT);
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.nat(), { minLength: 1, maxLength: 7 }),
          fc.jsonValue({ maxDepth: 3 }),
          async (choices, value) =>
            loadsSafely({ "/f/base.yaml": stringify(replaceAt(base, choices, value)) }, "/f/base.yaml"),
        ),
        { numRuns: 150 },
      );
    },
    TIMEOUT,
  );

  it(
    "mutated child blueprints never throw, whatever they do to their base",
    async () => {
      const child = parse(EMEA_TEXT);
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.nat(), { minLength: 1, maxLength: 6 }),
          fc.oneof(
            fc.jsonValue({ maxDepth: 3 }),
            fc.constant({ remove: true }),
            fc.constant(null),
            fc.constant([{ key: "x", before: "fallback" }]),
          ),
          async (choices, value) => {
            const text = stringify({ ...(replaceAt(child, choices, value) as object), extends: "./base.yaml" });
            await loadsSafely({ "/f/base.yaml": BASE_TEXT, "/f/emea.yaml": text }, "/f/emea.yaml");
          },
        ),
        { numRuns: 120 },
      );
    },
    TIMEOUT,
  );

  it(
    "values that are maps named like object methods (toString, valueOf, constructor) never throw",
    async () => {
      const child = parse(EMEA_TEXT);
      const base = parse(BASE_TEXT);
      const methodNamed = fc.constantFrom<unknown>(
        { toString: {} },
        { valueOf: {} },
        { constructor: {} },
        { toString: 1, valueOf: [] },
        [{ toString: {} }],
      );
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.nat(), { minLength: 1, maxLength: 6 }),
          methodNamed,
          fc.boolean(),
          async (choices, value, inChild) => {
            const files: Record<string, string> = inChild
              ? {
                  "/f/base.yaml": BASE_TEXT,
                  "/f/emea.yaml": stringify({
                    ...(replaceAt(child, choices, value) as object),
                    extends: "./base.yaml",
                  }),
                }
              : { "/f/base.yaml": stringify(replaceAt(base, choices, value)) };
            await loadsSafely(files, inChild ? "/f/emea.yaml" : "/f/base.yaml");
          },
        ),
        { numRuns: 300, examples: [[[0], { toString: {} }, true]] },
      );
    },
    TIMEOUT,
  );
});
