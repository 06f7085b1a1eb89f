/** `revstack test`: routing cases run offline with routing.js; exit codes, failures and errors at their place. */
import { execFile } from "node:child_process";
import { appendFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { register as routingTest } from "../../src/cli/commands/test";
import { runCommands } from "../review/cli";
import { SMALL, writeProject } from "./fixtures";

const ROOT = path.resolve(__dirname, "..", "..");
const run = (...args: string[]) => runCommands([routingTest], ["test", ...args]);

// Arrival by default: Monday 2026-01-05 15:00 UTC; both owners work 09:00–17:00 UTC.
const CASES = `tests:
  - name: big companies go to enterprise
    lead: { company_size: 1200 }
    expect: { rule: enterprise-inbound, owner: ethan.wright@x.test, slaDue: "2026-01-05T16:00:00Z" }
  - name: a late lead is due the next working day
    lead: { company_size: 10 }
    at: "2026-01-09T16:30:00Z"
    expect: { rule: fallback, team: mid-market, slaDue: "2026-01-12T16:30:00Z" }
`;

describe("revstack test", () => {
  it("passes cases written in the blueprint and in tests/*.yaml beside it: exit 0, and says how many ran", async () => {
    const file = writeProject(SMALL, {
      "tests/more.yaml": `tests:\n  - name: small ones go to mid-market\n    lead: { company_size: 10 }\n    expect: { owner: olivia.brown@x.test }\n`,
    });
    appendFileSync(file, CASES);
    const result = await run(file);
    expect(result.stdout).toMatch(/routing\.yaml: 3 cases ran in \d+ ms: 3 passed, 0 failed\n$/);
    expect(result.code).toBe(0);
  });

  it("points a failure at its case and says which rule matched first and on what: exit 1", async () => {
    const file = writeProject(SMALL, {
      "tests/enterprise.yaml": [
        "tests:",
        "  - name: fine",
        "    lead: { company_size: 5 }",
        "    expect: { rule: fallback }",
        "  - name: olivia takes the big ones",
        "    lead: { company_size: 1200 }",
        "    expect: { owner: olivia.brown@x.test, rule: fallback }",
        "",
      ].join("\n"),
    });
    const result = await run(file);
    const where = path.join(path.dirname(file), "tests/enterprise.yaml");
    expect(result.stdout).toContain(
      `${where}:5:5: fail: "olivia takes the big ones": expected rule fallback, got enterprise-inbound; ` +
        "expected owner olivia.brown@x.test, got ethan.wright@x.test: " +
        "rule enterprise-inbound matched first (company_size 1200 ≥ 1000); " +
        "olivia.brown@x.test is not in team enterprise\n",
    );
    expect(result.stdout).toMatch(/2 cases ran in \d+ ms: 1 passed, 1 failed/);
    expect(result.code).toBe(1);
  });

  it("gives a case's lead its lists: a list rule matches the lead in it, and an unknown list is refused", async () => {
    const withList = {
      ...SMALL,
      lists: { icp: { name: "Enterprise ICP", when: { all: [{ property: "company_size", op: "gte", value: 5000 }] } } },
      routing: [
        { key: "icp", when: { all: [{ list: "icp", op: "in" }] }, assign: { team: "enterprise" } },
        ...SMALL.routing.slice(1),
      ],
    };
    const file = writeProject(withList, {
      "tests/lists.yaml": [
        "tests:",
        "  - name: in the list",
        "    lists: [icp]",
        "    expect: { rule: icp }",
        "  - name: not in it",
        "    expect: { rule: icp }",
        "",
      ].join("\n"),
    });
    const where = path.join(path.dirname(file), "tests/lists.yaml");
    const result = await run(file);
    expect(result.stdout).toContain(
      `${where}:5:5: fail: "not in it": expected rule icp, got fallback: rule fallback matched first (the fallback); ` +
        "icp does not match (in list icp is false)",
    );
    expect(result.stdout).toMatch(/2 cases ran in \d+ ms: 1 passed, 1 failed/);
    const typo = writeProject(withList, {
      "tests/lists.yaml": "tests:\n  - name: typo\n    lists: [icq]\n    expect: { rule: icp }\n",
    });
    const refused = await run(typo);
    expect(refused.stdout).toContain(`tests/lists.yaml:3:13: error: unknown list "icq"; did you mean "icp"?`);
    expect(refused.code).toBe(1);
  });

  it("says why a first touch is due when it is, in the owner's calendar; --explain says it for every case", async () => {
    const file = writeProject(SMALL);
    appendFileSync(
      file,
      [
        "tests:",
        "  - name: a Friday-afternoon lead is due on Saturday",
        "    lead: { company_size: 10 }",
        '    at: "2026-01-09T16:30:00Z"',
        '    expect: { slaDue: "2026-01-10T16:30:00Z" }',
        "  - name: big companies go to enterprise",
        "    lead: { company_size: 1200 }",
        "    expect: { rule: enterprise-inbound }",
        "",
      ].join("\n"),
    );
    const failed = await run(file);
    expect(failed.stdout).toContain(
      ': fail: "a Friday-afternoon lead is due on Saturday": expected first touch due 2026-01-10T16:30:00Z, got 2026-01-12T16:30:00.000Z: ' +
        "rule fallback matched first (the fallback); first touch due Mon 2026-01-12 16:30 UTC: 1 business day (8 working hours) " +
        "from Fri 2026-01-09 16:30, in working hours 09:00–17:00 Mon–Fri; skipping 17:00–09:00, Sat 2026-01-10–Sun 2026-01-11 (days off)\n",
    );
    const explained = await run(file, "--explain");
    expect(explained.stdout).toMatch(
      /:\d+:5: pass: "big companies go to enterprise": rule enterprise-inbound, owner ethan\.wright@x\.test \(team enterprise\); first touch due Mon 2026-01-05 16:00 UTC: 1 working hour from Mon 2026-01-05 15:00, in working hours 09:00–17:00 Mon–Fri\n/,
    );
    expect(explained.code).toBe(1);
  });

  it("says when the expected owner is away and who covered", async () => {
    const file = writeProject({
      ...SMALL,
      owners: [...SMALL.owners, { email: "ava.patel@x.test", team: "enterprise" }],
    });
    appendFileSync(
      file,
      "tests:\n  - name: ethan first\n    lead: { company_size: 2000 }\n    state: { away: [ethan.wright@x.test] }\n    expect: { owner: ethan.wright@x.test }\n",
    );
    const result = await run(file);
    expect(result.stdout).toContain("ethan.wright@x.test is away");
    expect(result.stdout).toContain("got ava.patel@x.test");
    expect(result.code).toBe(1);
  });

  it("refuses unknown owners, teams, rules and properties at their place, with did-you-mean, and runs nothing", async () => {
    const file = writeProject(SMALL, {
      "tests/typos.yaml": [
        "tests:",
        "  - name: typos",
        "    lead: { company_sise: 1200 }",
        "    state: { away: [etan.wright@x.test], roundRobin: { mid-markt: olivia.brown@x.test } }",
        "    expect: { rule: enterprise-inbund, team: enterprize }",
        "",
      ].join("\n"),
    });
    const where = path.join(path.dirname(file), "tests/typos.yaml");
    const result = await run(file);
    expect(result.stdout.trim().split("\n")).toEqual([
      `${where}:3:13: error: unknown lead property "company_sise"; did you mean "company_size"?`,
      `${where}:4:21: error: unknown owner "etan.wright@x.test"; did you mean "ethan.wright@x.test"?`,
      `${where}:4:56: error: unknown team "mid-markt"; did you mean "mid-market"?`,
      `${where}:5:21: error: unknown rule "enterprise-inbund"; did you mean "enterprise-inbound"?`,
      `${where}:5:46: error: unknown team "enterprize"; did you mean "enterprise"?`,
    ]);
    expect(result.code).toBe(1);
  });

  it("sets a weighted team's credit from the case's state, and refuses credit that cannot apply at its place", async () => {
    // In mid-market Olivia weighs 2, Ava 1: from empty credit Olivia goes first (2 against 1). Credit -2 and +1
    // makes it 0 against 2: Ava's turn.
    const weighted = {
      ...SMALL,
      teams: {
        ...SMALL.teams,
        "mid-market": {
          manager: "olivia.brown@x.test",
          strategy: "weighted",
          weights: { "olivia.brown@x.test": 2, "ava.patel@x.test": 1 },
        },
      },
      owners: [...SMALL.owners, { email: "ava.patel@x.test", team: "mid-market" }],
    };
    // Cases of one lead (company_size 10, the fallback to mid-market) with the given state and expected owner.
    const credit = async (...cases: [string, string][]) => {
      const lines = cases.flatMap(([state, owner], i) => [
        `  - name: case ${i + 1}`,
        "    lead: { company_size: 10 }",
        ...(state ? [`    state: { credit: ${state} }`] : []),
        `    expect: { owner: ${owner} }`,
      ]);
      const file = writeProject(weighted, { "tests/credit.yaml": ["tests:", ...lines, ""].join("\n") });
      return { ...(await run(file)), where: path.join(path.dirname(file), "tests/credit.yaml") };
    };
    const passed = await credit(
      ["", "olivia.brown@x.test"],
      ["{ mid-market: { olivia.brown@x.test: -2, ava.patel@x.test: 1 } }", "ava.patel@x.test"],
    );
    expect(passed.stdout).toMatch(/2 cases ran in \d+ ms: 2 passed, 0 failed\n$/);
    expect(passed.code).toBe(0);

    const notNumber = await credit(["{ mid-market: { olivia.brown@x.test: lots } }", "ava.patel@x.test"]);
    expect(notNumber.stdout).toMatch(new RegExp(`^${notNumber.where}:4:\\d+: error: .*number`, "m"));
    expect(notNumber.code).toBe(1);

    const named = await credit([
      "{ enterprise: { ethan.wright@x.test: 1 }, mid-market: { olivia.brwn@x.test: 1 } }",
      "ava.patel@x.test",
    ]);
    expect(named.stdout.trim().split("\n")).toEqual([
      `${named.where}:4:24: error: no rule assigns team enterprise with the weighted strategy: credit has no effect`,
      `${named.where}:4:78: error: unknown member of team mid-market "olivia.brwn@x.test"; did you mean "olivia.brown@x.test"?`,
    ]);
    expect(named.code).toBe(1);
  });

  it("refuses a malformed case at its place (the blueprint loader's words)", async () => {
    const file = writeProject(SMALL, {
      "tests/bad.yaml": "tests:\n  - name: no expectation\n    lead: {}\n    expct: { rule: fallback }\n",
    });
    const result = await run(file);
    expect(result.stdout).toContain(`tests/bad.yaml:4:5: error: unknown key "expct"; did you mean "expect"?`);
    expect(result.code).toBe(1);
  });

  it("skips tests files made for another blueprint", async () => {
    const file = writeProject(SMALL, {
      "tests/other.yaml": "blueprint: other.yaml\ntests:\n  - name: x\n    expect: { rule: nothing-here }\n",
    });
    const result = await run(file);
    expect(result.stdout).toMatch(/0 cases ran/);
    expect(result.code).toBe(0);
  });

  it("runs the demo blueprint's suite from the installed bin (npm test builds dist first)", async () => {
    const result = await new Promise<{ code: number; stdout: string }>((resolve) => {
      execFile(process.execPath, ["bin/revstack.js", "test", "blueprints/base.yaml"], { cwd: ROOT }, (error, stdout) =>
        resolve({ code: error ? Number(error.code) : 0, stdout }),
      );
    });
    expect(result.stdout).toMatch(/^blueprints\/base\.yaml: (\d+) cases ran in \d+ ms: \1 passed, 0 failed\n$/);
    expect(result.code).toBe(0);
  });
});
