/**
 * Routing test cases: read from a blueprint's `tests:` and from `tests/*.yaml` beside it, each case kept with the
 * place it was written so a failure or a wrong name points at file:line:column. Names a case uses (owners, teams,
 * rules, lead properties) are checked against the blueprint with the loader's did-you-mean.
 */
import { promises as fs } from "node:fs";
import * as path from "node:path";
import { z } from "zod";
import { Names } from "../blueprint/checks/names";
import {
  diagnostic,
  didYouMean,
  formatDiagnostic,
  type Diagnostic,
  type Loc,
  type PathSegment,
} from "../blueprint/diagnostics";
import { issuesToDiagnostics } from "../blueprint/issues";
import { DEFAULT_ARRIVAL, RoutingCase, type Blueprint } from "../blueprint/model";
import { locate, parseYaml } from "../blueprint/yaml-tree";
import { leadProperties as ruleProperties } from "../plan/n8n/routing";
import type { Props } from "./runtime";
import type { MixLead } from "./capacity";

/** A tests file: its cases, and optionally the blueprint file (beside the tests/ folder) they are for. */
const TestsFile = z.strictObject({
  blueprint: z.string().min(1).optional().describe("The blueprint file these cases test; default every one"),
  tests: z.array(RoutingCase),
});

export interface PlacedCase {
  case: RoutingCase;
  /** Where the case starts, and its raw value (with locations) for pointing inside it. */
  loc: Loc;
  raw: unknown;
}

export interface CaseSet {
  cases: PlacedCase[];
  diagnostics: Diagnostic[];
}

/** The cases for one blueprint: its own `tests:` and those of tests/*.yaml beside it that are for it. */
export async function readCases(file: string): Promise<CaseSet> {
  const own = await readFile(file, (value) => ({ tests: (value as { tests?: unknown }).tests ?? [] }), z.any());
  const dir = path.join(path.dirname(file), "tests");
  const names = await fs.readdir(dir).catch(() => [] as string[]);
  const sets = [own];
  for (const name of names.filter((n) => /\.ya?ml$/.test(n)).sort()) {
    const set = await readFile(path.join(dir, name), (value) => value, TestsFile, path.basename(file));
    sets.push(set);
  }
  return { cases: sets.flatMap((s) => s.cases), diagnostics: sets.flatMap((s) => s.diagnostics) };
}

/**
 * The leads the capacity model routes when it has no lead history: those of the blueprint's test cases (the ones
 * `revstack test` runs), in turn. Cases it cannot read are warnings, never left out silently.
 */
export interface LeadSample {
  leads: MixLead[];
  /** What the leads are, in words: "the leads of its 11 test cases in turn". */
  source: string;
  /** When the earliest case arrives (epoch ms): the week the cases are set in. */
  firstArrival: number;
  warnings: string[];
}

export async function caseSample(file: string): Promise<LeadSample> {
  const { cases, diagnostics } = await readCases(file);
  return sampleOf(
    cases.map((c) => c.case),
    diagnostics.map((d) => `${formatDiagnostic(d)} (the capacity model routes the test cases it could read)`),
  );
}

/** The sample of cases already read (a blueprint's own `tests:`, for a caller without its file). */
export function sampleOf(cases: RoutingCase[], warnings: string[] = []): LeadSample {
  const n = cases.length;
  return {
    // A case says which lists its lead is in: none when it names none.
    leads: n ? cases.map((c) => ({ properties: c.lead as Props, lists: c.lists ?? [] })) : [{ properties: {} }],
    source: n
      ? `the leads of its ${n} test case${n === 1 ? "" : "s"} in turn`
      : "leads with no properties (no test cases)",
    firstArrival: Math.min(...cases.map((c) => Date.parse(c.at)), Date.parse(DEFAULT_ARRIVAL)),
    warnings,
  };
}

async function readFile(
  file: string,
  select: (value: object) => unknown,
  schema: z.ZodType,
  blueprintName?: string,
): Promise<CaseSet> {
  const parsed = parseYaml(await fs.readFile(file, "utf8"), file);
  if (parsed.value === undefined) return { cases: [], diagnostics: parsed.diagnostics };
  if (parsed.value === null || typeof parsed.value !== "object") {
    return { cases: [], diagnostics: [diagnostic(parsed.root, "error", "expected a map with tests: [...]")] };
  }
  const checked = schema.safeParse(parsed.value);
  if (!checked.success) {
    return { cases: [], diagnostics: issuesToDiagnostics(schema, parsed.value, checked.error.issues, parsed.root) };
  }
  const forBlueprint = (parsed.value as { blueprint?: string }).blueprint;
  if (blueprintName && forBlueprint && forBlueprint !== blueprintName) return { cases: [], diagnostics: [] };
  const list = (select(parsed.value) as { tests: unknown[] }).tests;
  if (!Array.isArray(list)) return { cases: [], diagnostics: [] };
  const cases = list.map((raw, i) => ({
    case: RoutingCase.parse(raw),
    loc: locate(parsed.value, ["tests", i], parsed.root),
    raw,
  }));
  return { cases, diagnostics: [] };
}

/** Unknown owners, teams, rules and lead properties in the cases, each at its place with a did-you-mean. */
export function checkCases(bp: Blueprint, cases: PlacedCase[]): Diagnostic[] {
  const names = new Names(bp);
  const owners = [...names.owners.keys()];
  const properties = [...leadProperties(bp, names)];
  const weightedTeams = new Set(
    bp.routing.flatMap((r) => {
      const team = r.assign.team;
      return team && (r.assign.strategy ?? bp.teams[team]?.strategy) === "weighted" ? [team] : [];
    }),
  );
  const out: Diagnostic[] = [];
  for (const placed of cases) {
    const at = (p: PathSegment[], what: string, value: string, known: string[], prefer: "key" | "value") => {
      if (known.includes(value)) return;
      const loc = locate(placed.raw, p, placed.loc, prefer);
      out.push(diagnostic(loc, "error", `unknown ${what} "${value}"${didYouMean(value, known)}`));
    };
    const c = placed.case;
    for (const p of Object.keys(c.lead)) at(["lead", p], "lead property", p, properties, "key");
    (c.lists ?? []).forEach((l, i) => at(["lists", i], "list", l, Object.keys(bp.lists ?? {}), "value"));
    (c.state?.away ?? []).forEach((e, i) => at(["state", "away", i], "owner", e, owners, "value"));
    for (const e of Object.keys(c.state?.load ?? {})) at(["state", "load", e], "owner", e, owners, "key");
    for (const [team, member] of Object.entries(c.state?.roundRobin ?? {})) {
      at(["state", "roundRobin", team], "team", team, [...names.teams], "key");
      const members = names.teamMembers(team).map((o) => o.email);
      if (names.teams.has(team)) at(["state", "roundRobin", team], `member of team ${team}`, member, members, "value");
    }
    for (const [team, credits] of Object.entries(c.state?.credit ?? {})) {
      at(["state", "credit", team], "team", team, [...names.teams], "key");
      if (!names.teams.has(team)) continue;
      if (!weightedTeams.has(team)) {
        const loc = locate(placed.raw, ["state", "credit", team], placed.loc, "key");
        out.push(
          diagnostic(loc, "error", `no rule assigns team ${team} with the weighted strategy: credit has no effect`),
        );
      }
      const members = names.teamMembers(team).map((o) => o.email);
      for (const m of Object.keys(credits))
        at(["state", "credit", team, m], `member of team ${team}`, m, members, "key");
    }
    if (c.expect.rule) at(["expect", "rule"], "rule", c.expect.rule, [...names.rules], "value");
    if (c.expect.owner) at(["expect", "owner"], "owner", c.expect.owner, owners, "value");
    if (c.expect.team) at(["expect", "team"], "team", c.expect.team, [...names.teams], "value");
  }
  return out;
}

/** Properties a case's lead may carry: declared contact properties, HubSpot's defaults, and what the rules read. */
function leadProperties(bp: Blueprint, names: Names): Set<string> {
  return new Set([...names.properties("contacts"), ...ruleProperties(bp)]);
}
