/**
 * The kind registry (src/kinds/index.ts): a kind is its file, its provider and one line there. This fails when a
 * kind is listed twice, lacks a docs page, a provider or review words, or when a module that handles every CRM kind
 * names one instead of reading the registry.
 */
import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { Blueprint } from "../../src/blueprint";
import { KINDS, REGISTRY, tokenOf } from "../../src/kinds";
import { SECTIONS } from "../../src/words/change";
import { CRM_DECLARATION_ORDER, CRM_KINDS, crmPlan } from "../../src/plan/crm";
import { customObjectKind } from "../../src/kinds/custom-object";
import { providerFile } from "../../providers/shared/resource";

const ROOT = path.resolve(__dirname, "..", "..");

describe("the kind registry", () => {
  it("lists each kind once, under one type token and one docs page", () => {
    expect(KINDS).toBe(REGISTRY);
    expect(new Set(KINDS.map(tokenOf)).size).toBe(KINDS.length);
    expect(new Set(KINDS.map((k) => k.docs.page)).size).toBe(KINDS.length);
  });

  it("gives every kind a docs page, review words and a provider", () => {
    for (const kind of KINDS) {
      expect(existsSync(path.join(ROOT, "docs", "kinds", `${kind.docs.page}.md`)), kind.name).toBe(true);
      expect(SECTIONS).toContain(kind.words.section);
      expect(typeof kind.words.subject).toBe("function");
    }
  });

  it("gives every planned kind its own CRM plan list, a natural key, and a provider named after it", () => {
    const lists = CRM_KINDS.map((k) => k.planned.list);
    expect(new Set(lists).size).toBe(lists.length);
    const empty = Blueprint.parse({ apiVersion: "revstack/v1", kind: "Blueprint", metadata: { name: "t" } });
    expect(Object.keys(crmPlan(empty)).sort()).toEqual([...lists].sort());
    for (const kind of CRM_KINDS) {
      expect(kind.naturalKey, kind.name).toBeDefined();
      const provider = path.join(ROOT, "providers", `${providerFile(kind)}.ts`);
      expect(existsSync(provider), provider).toBe(true);
      expect(readFileSync(provider, "utf8")).toMatch(/export \{ settingsFrom \}/);
    }
    // What a planned kind needs first is a kind the program declares before it (a custom object before its
    // pipeline, though reviews list pipelines first); or objects of its own kind (a custom object associated with
    // another), which its specs list first. Otherwise the program declares the kinds in the registry's order.
    expect([...CRM_DECLARATION_ORDER].sort((a, b) => a.name.localeCompare(b.name))).toEqual(
      [...CRM_KINDS].sort((a, b) => a.name.localeCompare(b.name)),
    );
    for (const kind of CRM_DECLARATION_ORDER) {
      for (const after of [kind.planned.after ?? []].flat())
        if (tokenOf(after.kind) !== tokenOf(kind))
          expect(CRM_DECLARATION_ORDER.indexOf(kind)).toBeGreaterThan(
            CRM_DECLARATION_ORDER.findIndex((k) => tokenOf(k) === tokenOf(after.kind)),
          );
    }
    const independent = CRM_DECLARATION_ORDER.filter((k) => k !== customObjectKind);
    expect(independent).toEqual(CRM_KINDS.filter((k) => k !== customObjectKind));
  });

  it("has the plan, ownership and the program's declarations read the registry, not list kinds", () => {
    for (const file of ["src/plan/crm.ts", "src/ownership/plan.ts"]) {
      const text = readFileSync(path.join(ROOT, file), "utf8");
      expect(text, file).not.toMatch(/from "\.\.\/kinds\/[a-z-]+"/);
    }
    // The program names only the pipeline (which declares its stages) and the users (whose roles it warns about).
    const program = readFileSync(path.join(ROOT, "program", "crm.ts"), "utf8");
    const named = [...program.matchAll(/from "\.\.\/src\/kinds\/([a-z-]+)"/g)].map((m) => m[1]);
    expect(named.sort()).toEqual(["pipeline", "user"]);
  });
});
