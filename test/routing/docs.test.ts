/**
 * docs/routing-changes.md, run: every `$ ` command the page shows, in order, in a copy of the demo project on a
 * branch, with the edits the page describes made between them, through the installed bin.
 */
import { execFile } from "node:child_process";
import { cpSync, readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { TempRepo } from "../review/git-repo";

const ROOT = path.resolve(__dirname, "..", "..");
const PAGE = readFileSync(path.join(ROOT, "docs/routing-changes.md"), "utf8");
const commands = [...PAGE.matchAll(/^\$ (.+)$/gm)].map((m) => m[1]);

/** 900 leads over 30 days from 5 January 2026, a fixed mix over the demo's rules. */
function sampleLeads(): string {
  const mix = [
    { is_existing_customer: "true" },
    { company_size: "5000", country: "United States", state: "NY" },
    { company_size: "600", country: "United States", state: "CA", lead_source: "demo_request" },
    { company_size: "750", country: "Canada", state: "ON", hubspotscore: "80" },
    { lead_source: "demo_request", company_size: "300" },
    { hubspotscore: "85" },
    { lead_source: "ebook" },
    { lead_source: "free_trial" },
    { lead_source: "paid_search" },
  ];
  const start = Date.parse("2026-01-05T00:00:00Z");
  return Array.from({ length: 900 }, (_, i) =>
    JSON.stringify({
      id: String(5001 + i),
      createdAt: new Date(start + Math.round((i * 30 * 86_400_000) / 900)).toISOString(),
      properties: mix[(i * 4) % mix.length],
    }),
  ).join("\n");
}

function run(repo: TempRepo, command: string): Promise<{ code: number; stdout: string }> {
  const words = [...command.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2]);
  const [file, args] =
    words[0] === "npx"
      ? [process.execPath, [path.join(ROOT, "bin/revstack.js"), ...words.slice(2)]]
      : [words[0], words.slice(1)];
  const env = {
    ...process.env,
    GIT_AUTHOR_NAME: "t",
    GIT_AUTHOR_EMAIL: "t@x.test",
    GIT_COMMITTER_NAME: "t",
    GIT_COMMITTER_EMAIL: "t@x.test",
  };
  return new Promise((resolve) =>
    execFile(file, args, { cwd: repo.dir, env }, (error, stdout) =>
      resolve({ code: error ? Number(error.code) : 0, stdout }),
    ),
  );
}

function edit(repo: TempRepo, file: string, change: (text: string) => string): void {
  const before = readFileSync(repo.path(file), "utf8");
  const after = change(before);
  expect(after).not.toBe(before);
  writeFileSync(repo.path(file), after);
}

const repos: TempRepo[] = [];
afterAll(() => repos.forEach((r) => r.remove()));

describe("docs/routing-changes.md", () => {
  it("shows these commands, and each does what the page says", async () => {
    expect(commands).toEqual([
      "git switch -c enterprise-500",
      "npx revstack test",
      "npx revstack test blueprints/base.yaml",
      "npx revstack test blueprints/base.yaml --explain",
      "npx revstack plan blueprints/base.yaml --base main --leads leads.jsonl",
      "npx revstack capacity blueprints/base.yaml --leads leads.jsonl",
      "npx revstack capacity blueprints/base.yaml --leads leads.jsonl --growth 2x",
      'git commit -qam "Enterprise starts at 500 employees"',
    ]);
    const repo = new TempRepo();
    repos.push(repo);
    cpSync(path.join(ROOT, "blueprints"), repo.path("blueprints"), { recursive: true });
    repo.commit("the demo project", { "leads.jsonl": sampleLeads() });
    const [branch, testAll, testBase, explain, plan, capacity, capacity2x, commit] = commands;

    // What the page says of main: the same leads fit, and James breaks first at twice the volume.
    const onMain = await run(repo, capacity);
    expect(onMain.stdout).toContain("\nAt 30 leads a day, no team or owner saturates;");
    expect(onMain.stdout).toContain(
      "\nBreaking point: from 59 leads a day (2.0× this volume), owner james.miller@acme.test saturates,",
    );
    expect(PAGE).toContain("the breaking point is at 59 leads a day (2.0×), James again");

    expect((await run(repo, branch)).code).toBe(0);
    edit(repo, "blueprints/base.yaml", (t) =>
      t.replace(
        "- { property: company_size, op: gte, value: 1000 }",
        "- { property: company_size, op: gte, value: 500 }",
      ),
    );
    const failing = await run(repo, testAll);
    expect(failing.code).toBe(1);
    expect(failing.stdout).toContain(
      'blueprints/tests/base.yaml:18:5: fail: "one employee short of enterprise, a demo request goes to mid-market, Olivia first": expected rule demo-request, got enterprise-inbound;',
    );
    expect(failing.stdout).toContain(
      "rule enterprise-inbound matched first (company_size 999 ≥ 500, country United States in [United States, Canada]); olivia.brown@acme.test is not in team enterprise-ae",
    );
    expect(failing.stdout).toMatch(/blueprints\/base\.yaml: 14 cases ran in \d+ ms: 13 passed, 1 failed/);

    const newCase = /^ {2}- name: a 600-person company[\s\S]*?expect: .*\n/m.exec(PAGE)![0];
    edit(
      repo,
      "blueprints/tests/base.yaml",
      (t) => t.replace("company_size: 999,", "company_size: 499,") + "\n" + newCase,
    );
    const passing = await run(repo, testBase);
    expect(passing.stdout).toMatch(/^blueprints\/base\.yaml: 15 cases ran in \d+ ms: 15 passed, 0 failed\n$/);
    expect(passing.code).toBe(0);

    // Every case with its decision and due time, and the page quotes one line as it is.
    const explained = await run(repo, explain);
    expect(explained.code).toBe(0);
    const friday = explained.stdout.split("\n").find((l) => l.includes('"a Friday-afternoon fallback lead'))!;
    expect(friday).toContain("skipping 17:00–08:00, Sat 2026-01-10–Sun 2026-01-11 (days off)");
    expect(PAGE).toContain(`\n${friday}\n`);

    const impact = await run(repo, plan);
    expect(impact.code).toBe(0);
    for (const line of [
      "### Routing impact: 900 leads from leads.jsonl replayed through the base and the changed routing",
      "200 leads change rule, 200 change team, 302 change owner.",
      "| enterprise-inbound | 100 | 300 | +200 | 200 | 0 |",
      "| demo-request | 200 | 100 | -100 | 0 | 100 |",
      "| james.miller@acme.test | 9 | 4 | 7 | 0 |",
      "First-touch SLA due times: 280 move (116 later, 164 earlier; median -15m).",
      "The largest move, lead 5148: before, high-intent-score → sam.lee@acme.test, due Mon 2026-01-12 08:36 America/New_York: 1 working hour from Fri 2026-01-09 16:36, in working hours 08:00–17:00 Mon–Fri; skipping 17:00–08:00, Sat 2026-01-10–Sun 2026-01-11 (days off); after, enterprise-inbound → james.miller@acme.test, due Fri 2026-01-09 16:51 America/New_York: 15 working minutes from Fri 2026-01-09 16:36, in working hours 08:30–17:30 Mon–Fri.",
      "Leads only the fallback catches: 100. Given over capacity: 0. Nobody could take: 0.",
    ]) {
      expect(impact.stdout).toContain(line);
      expect(PAGE).toContain(line);
    }

    // The page quotes the capacity model's first lines as they are: the period is fixed by the leads, not today.
    for (const command of [capacity, capacity2x]) {
      const model = await run(repo, command);
      expect(model.code).toBe(0);
      const headline = model.stdout.split("\n").find((l) => l.startsWith("At "))!;
      expect(PAGE).toContain(`\n${headline}\n`);
      if (command === capacity) {
        const [heading, , , , breaking] = model.stdout.split("\n");
        expect(breaking).toMatch(/^Breaking point: /);
        for (const line of [heading, breaking]) expect(PAGE).toContain(`\n${line}\n`);
      }
    }
    expect((await run(repo, commit)).code).toBe(0);
  }, 120_000); // eight real commands through the installed bin, each a fresh node process
});
