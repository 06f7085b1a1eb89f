import { readdirSync } from "node:fs";
import * as path from "node:path";
import type { Command } from "commander";
import { formatDiagnostic, loadBlueprint, type Diagnostic } from "../../blueprint";
import { checkCases, readCases } from "../../routing/cases";
import { runCases } from "../../routing/run-cases";
import { Router } from "../../routing/runtime";
import type { ExitWith } from "../shared/command";
import { exitCode } from "../shared/errors";

interface Tally {
  ran: number;
  failed: number;
  errors: number;
}

/** One blueprint's cases: its problems, or each failure at the case, then how many ran. */
async function testFile(file: string, out: NodeJS.WriteStream, explain: boolean): Promise<Tally> {
  const loaded = await loadBlueprint(file);
  const { cases, diagnostics } = await readCases(file);
  const problems: Diagnostic[] = [...loaded.diagnostics.filter((d) => d.severity === "error"), ...diagnostics];
  if (loaded.blueprint) problems.push(...checkCases(loaded.blueprint, cases));
  if (problems.length > 0 || !loaded.blueprint) {
    for (const d of problems) out.write(`${formatDiagnostic(d)}\n`);
    return { ran: 0, failed: 0, errors: problems.length };
  }
  const started = performance.now();
  const results = runCases(new Router(loaded.blueprint), cases);
  const ms = performance.now() - started;
  const failures = results.filter((r) => !r.passed);
  for (const r of explain ? results : failures) {
    const { file: f, line, column } = r.placed.loc;
    const where = `${f}:${line}:${column}: ${r.passed ? "pass" : "fail"}: ${JSON.stringify(r.placed.case.name)}`;
    if (!r.passed) out.write(`${where}: ${r.message}\n`);
    if (explain && r.explained) out.write(`${r.passed ? where : " ".repeat(where.length)}: ${r.explained}\n`);
  }
  const passed = results.length - failures.length;
  out.write(
    `${file}: ${results.length} cases ran in ${ms.toFixed(0)} ms: ${passed} passed, ${failures.length} failed\n`,
  );
  return { ran: results.length, failed: failures.length, errors: 0 };
}

/** Without files: every blueprint in blueprints/ of the current directory. */
function defaultFiles(): string[] {
  const dir = "blueprints";
  const names = (() => {
    try {
      return readdirSync(dir);
    } catch {
      return [];
    }
  })();
  return names.filter((n) => /\.ya?ml$/.test(n)).map((n) => path.join(dir, n));
}

async function run(files: string[], explain: boolean): Promise<number> {
  const targets = files.length > 0 ? files : defaultFiles();
  if (targets.length === 0) {
    process.stderr.write("revstack test: no blueprint named and none in blueprints/\n");
    return 1;
  }
  let failed = 0;
  for (const file of targets) {
    const t = await testFile(file, process.stdout, explain);
    failed += t.failed + t.errors;
  }
  return failed === 0 ? 0 : 1;
}

export function register(program: Command, exit: ExitWith): void {
  program
    .command("test")
    .description("run routing test cases offline with the routing code n8n runs; exit 0 all pass, 1 otherwise")
    .argument("[file...]", "blueprint files (YAML); default every blueprints/*.yaml")
    .option("--explain", "print every case's decision and why its first touch is due when it is")
    .addHelpText(
      "after",
      "\nCases come from the blueprint's tests: and from tests/*.yaml beside it." +
        "\nA failure is printed as <file>:<line>:<column>: fail: <case>: what happened and why.\n",
    )
    .action(async (files: string[], o: { explain?: boolean }) =>
      exit(await exitCode("test", () => run(files, o.explain === true))),
    );
}
