/**
 * Everything about a resource kind lives in its descriptor (src/kinds/<kind>.ts): this fails when another module
 * restates a kind's type token, field list or label matching instead of reading the descriptor.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { KEY_PREFIXES } from "../../src/blueprint/object-keys";
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

/** Every module but the sandbox's, the descriptors included: what may name object keys only through their table. */
const keyReaders = ["src", "providers", "program"]
  .flatMap((dir) => sources(path.join(ROOT, dir)))
  .filter((file) => !file.includes(`${path.sep}src${path.sep}sandbox${path.sep}`))
  .map((file) => ({ file: path.relative(ROOT, file), text: code(readFileSync(file, "utf8")) }))
  .filter((r) => r.file !== path.join("src", "blueprint", "object-keys.ts"));

/** A module's code without its comment lines (which may show a key or two as an example). */
function code(text: string): string {
  return text
    .split("\n")
    .filter((line) => !/^\s*(?:\/\/|\/\*|\*)/.test(line))
    .join("\n");
}

/** The prefixes a module writes out as keys: `property:deals/x`, `user:jo@x.test`, `group:<object>/…`, `pipeline:${…}`. */
function keysWritten(text: string): string[] {
  return KEY_PREFIXES.filter((p) => new RegExp(`\\b${p}:(?:\\$\\{|<|[a-z]+/|[^\\s"'\`,;)]+@)`).test(text));
}

describe("one table of object keys (src/blueprint/object-keys.ts)", () => {
  it("gives each key prefix to one kind, as its natural key's prefix", () => {
    const prefixes = KINDS.flatMap((k) => (k.naturalKey ? [k.naturalKey.prefix] : []));
    expect([...prefixes].sort()).toEqual([...KEY_PREFIXES].sort());
  });

  it("has each descriptor take its natural key's prefix from the table", () => {
    const descriptors = keyReaders.filter((r) => r.file.startsWith(path.join("src", "kinds") + path.sep));
    const withKeys = descriptors.filter((r) => r.text.includes("naturalKey: {"));
    expect(withKeys.length).toBe(KEY_PREFIXES.length);
    for (const d of withKeys) expect(d.text, d.file).toMatch(/naturalKey: \{\s*prefix: KEY_PREFIX\.[a-z]+,/);
  });

  it("lists the prefixes nowhere else: no literal list of them, no examples or forms of several kinds of key", () => {
    const restated = keyReaders
      .filter(
        (r) =>
          [...r.text.matchAll(/\[([^[\]]*)\]/g)].some(
            ([, list]) => KEY_PREFIXES.filter((p) => list.includes(`"${p}"`)).length >= 2,
          ) || keysWritten(r.text).length >= 2,
      )
      .map((r) => r.file);
    expect(restated).toEqual([]);
  });

  it("builds no key by hand outside the table (team: is left out: `team:<key>` is also a notification target)", () => {
    const byHand = keyReaders
      .filter((r) => KEY_PREFIXES.some((p) => p !== "team" && r.text.includes(`${p}:\${`)))
      .map((r) => r.file);
    expect(byHand).toEqual([]);
  });
});

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
    // A search of live objects by label is findByLabel's (src/kinds/kind.ts); the client compares labels below it.
    const matchers = readers
      .filter((r) => !r.file.startsWith(path.join("src", "clients") + path.sep))
      .filter((r) => /\.find\(\(\w+\) =>[^\n]*sameLabel\(\w+\.label/.test(r.text))
      .map((r) => r.file);
    expect(matchers).toEqual([]);
  });

  it("keeps a property's settings list, and what HubSpot holds when they are unsaid, in the property kind", () => {
    // The kind plans the blueprint's settings into the spec (src/kinds/property.ts, where the list is declared); the
    // provider's body and reads, export and the review take them from the kind's fields.
    const users = readers.filter((r) => r.text.includes("OPTIONAL_PROPERTY_FIELDS")).map((r) => r.file);
    expect(users).toEqual([]);
    // A default a blueprint leaves out (a type's own field type, an empty description) is the field's `unsaid`.
    const defaults = readers
      .filter((r) => /FIELD_TYPES\[[^\]]+\]\??\.?\[0\]|description: \w+\.description \?\? ""/.test(r.text))
      .map((r) => r.file);
    expect(defaults).toEqual([]);
    const unsaid = readers
      .filter(
        (r) => /hidden: false,\s*\n\s*displayOrder: -1/.test(r.text) || /dataSensitivity: "non_sensitive"/.test(r.text),
      )
      .map((r) => r.file);
    expect(unsaid).toEqual([]);
  });

  it("writes and reads a kind's fields through the kind: no provider or export copies them one by one", () => {
    // `label: spec.label, displayOrder: spec.displayOrder` or `groupName: live.groupName`: the object's own fields by
    // hand. Options, stages and holders (`o.label`, `s.label`, `h.label`) are not the object's fields.
    // One such copy is a lookup by label; two or more fields copied is a field list restated.
    const own = /\b(label|displayOrder|groupName|fieldType|description): (?:p|g|spec|inputs|news|live|props)\.\1\b/g;
    const byHand = readers
      .filter((r) => /^providers\/[^/]+\.ts$/.test(r.file) || r.file.startsWith(path.join("src", "review", "export")))
      .filter((r) => new Set([...r.text.matchAll(own)].map((m) => m[1])).size >= 2)
      .map((r) => r.file);
    expect(byHand).toEqual([]);
  });

  it("names HubSpot's default pipeline ids only in their table (src/blueprint/checks/builtin-pipelines.ts)", () => {
    const restated = readers
      .filter((r) => r.file !== path.join("src", "blueprint", "checks", "builtin-pipelines.ts"))
      .filter((r) => /\? "default" : "0"|=== "default"|"default" \? |id === "0"/.test(r.text))
      .map((r) => r.file);
    expect(restated).toEqual([]);
  });
});

/** The folders a layer may not import from: each points only down (words → kinds → ownership → review). */
const LAYERS: Array<[layer: string, below: string[]]> = [
  [path.join("src", "words"), ["kinds", "ownership", "review"]],
  [path.join("src", "kinds"), ["ownership", "review"]],
  [path.join("src", "ownership"), ["review"]],
];

describe("layers that only point down", () => {
  for (const [layer, above] of LAYERS) {
    it(`${layer} imports nothing from ${above.map((a) => `src/${a}`).join(", ")}`, () => {
      const files = sources(path.join(ROOT, layer));
      expect(files.length).toBeGreaterThan(0);
      const upward = files.flatMap((file) =>
        [...readFileSync(file, "utf8").matchAll(/from "(\.[^"]+)"/g)]
          .map(([, spec]) => path.relative(path.join(ROOT, "src"), path.resolve(path.dirname(file), spec)))
          .filter((target) => above.some((a) => target === a || target.startsWith(a + path.sep)))
          .map((target) => `${path.relative(ROOT, file)} → src/${target}`),
      );
      expect(upward).toEqual([]);
    });
  }
});
