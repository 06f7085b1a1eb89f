/**
 * The kinds' pages in docs/kinds/ are written from the kinds (src/kinds/docs.ts): this fails when one is out of date
 * with its kind, when a page has no kind, or when the docs index does not lead to them.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { KINDS } from "../../src/kinds";
import { keyForm, kindPage, kindPages } from "../../src/kinds/docs";

const DOCS = path.resolve(__dirname, "..", "..", "docs");

describe("the kinds' docs pages", () => {
  const pages = kindPages();

  it.each([...pages.keys()])("docs/%s is as `npm run docs:kinds` writes it", (file) => {
    const committed = existsSync(path.join(DOCS, file)) ? readFileSync(path.join(DOCS, file), "utf8") : "(missing)";
    expect(committed, `docs/${file} is out of date with its kind: run \`npm run docs:kinds\``).toBe(pages.get(file));
  });

  it("has no page in docs/kinds/ that no kind writes", () => {
    const written = readdirSync(path.join(DOCS, "kinds")).map((f) => path.join("kinds", f));
    expect(written.filter((f) => !pages.has(f))).toEqual([]);
  });

  it("is reached from the docs index", () => {
    expect(readFileSync(path.join(DOCS, "README.md"), "utf8")).toContain("(kinds/README.md)");
  });

  it("documents every field of the kind, with what a change does and the field's danger", () => {
    for (const kind of KINDS) {
      const page = kindPage(kind);
      for (const field of kind.fields) {
        expect(page, `${kind.name}.${field.key}`).toContain(`| \`${field.key}\` |`);
        if (field.danger) expect(page).toContain(field.danger);
      }
      for (const key of kind.identity)
        expect(page).toMatch(new RegExp(`\\| \`${key}\` \\|.*\\| replaces the object \\|`));
    }
  });

  it("reads a natural key's form from the kind's own key function", () => {
    const forms = KINDS.map(keyForm).filter(Boolean);
    expect(forms).toEqual(
      expect.arrayContaining(["property:<objectType>/<name>", "user:<email>", "pipeline:<objectType>/<label>"]),
    );
  });
});
