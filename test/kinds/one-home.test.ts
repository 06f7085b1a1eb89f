/**
 * Everything about a resource kind lives in its descriptor (src/kinds/<kind>.ts): this fails when another module
 * restates a kind's type token, field list or label matching instead of reading the descriptor.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { KINDS, tokenOf, updatable } from "../../src/kinds";

const ROOT = path.resolve(__dirname, "..", "..");

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    return statSync(file).isDirectory() ? sources(file) : file.endsWith(".ts") ? [file] : [];
  });
}

/** The code that must read descriptors: everything but the descriptors and the sandbox (which plays HubSpot). */
const readers = ["src", "providers", "program"]
  .flatMap((dir) => sources(path.join(ROOT, dir)))
  .filter(
    (file) =>
      !file.includes(`${path.sep}src${path.sep}kinds${path.sep}`) &&
      !file.includes(`${path.sep}src${path.sep}sandbox${path.sep}`),
  )
  .map((file) => ({ file: path.relative(ROOT, file), text: readFileSync(file, "utf8") }));

describe("one home per resource kind", () => {
  it("names each type token only in its descriptor", () => {
    for (const kind of KINDS) {
      const restated = readers.filter((r) => r.text.includes(`"${tokenOf(kind)}"`)).map((r) => r.file);
      expect(restated, tokenOf(kind)).toEqual([]);
    }
  });

  it("has every provider and the review read the descriptors", () => {
    const providerFiles = readers.filter((r) => /^providers\/[^/]+\.ts$/.test(r.file));
    expect(providerFiles.length).toBe(KINDS.length);
    for (const p of providerFiles) expect(p.text, p.file).toMatch(/from "\.\.\/src\/kinds\/[a-z-]+"/);
    const review = readers.find((r) => r.file === "src/review/engine/resources.ts")!;
    expect(review.text).toMatch(/from "\.\.\/\.\.\/kinds"/);
  });

  it("lists no kind's updatable fields outside its descriptor", () => {
    for (const kind of KINDS) {
      const fields = updatable(kind);
      if (fields.length < 2) continue;
      // A literal array holding every updatable field of the kind, in any order, is a restated field list.
      const restated = readers
        .filter((r) =>
          [...r.text.matchAll(/\[([^\]\n]*)\]/g)].some(([, list]) => fields.every((f) => list.includes(`"${f}"`))),
        )
        .map((r) => r.file);
      expect(restated, tokenOf(kind)).toEqual([]);
    }
  });

  it("matches pipelines and stages by label only through the descriptors (as HubSpot compares labels)", () => {
    const exact = readers.filter((r) => /\.label === |=== [\w.]+\.label\b/.test(r.text)).map((r) => r.file);
    expect(exact).toEqual([]);
  });
});
