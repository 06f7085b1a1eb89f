import type { Command } from "commander";
import { loadBlueprint, type Diagnostic } from "../../blueprint";
import { validateStack } from "../../review/stack-delivery";
import type { ExitWith } from "../shared/command";
import { colorsFor, printDiagnostics } from "../shared/diagnostics";
import { exitCode } from "../shared/errors";

interface FileResult {
  file: string;
  valid: boolean;
  errors: number;
  warnings: number;
  diagnostics: Diagnostic[];
}

async function check(file: string): Promise<FileResult> {
  const { blueprint, diagnostics } = await loadBlueprint(file);
  const errors = diagnostics.filter((d) => d.severity === "error").length;
  return { file, valid: blueprint !== undefined, errors, warnings: diagnostics.length - errors, diagnostics };
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

/** With `--stack`: the stack's blueprint, where a notification the stack cannot deliver is an error. */
async function checkStack(stack: string, cwd: string | undefined): Promise<FileResult> {
  const { file, diagnostics } = await validateStack(stack, cwd);
  const errors = diagnostics.filter((d) => d.severity === "error").length;
  return { file, valid: errors === 0, errors, warnings: diagnostics.length - errors, diagnostics };
}

async function run(files: string[], options: { format: string; stack?: string; cwd?: string }): Promise<number> {
  const results: FileResult[] = [];
  for (const file of files) results.push(await check(file));
  // An engine error here (the stack's config cannot be read) is said by `exitCode`, before any result is printed.
  if (options.stack) results.push(await checkStack(options.stack, options.cwd));
  const valid = results.every((r) => r.valid);
  const code = valid ? 0 : 1;
  if (options.format === "json") {
    process.stdout.write(`${JSON.stringify({ valid, files: results }, null, 2)}\n`);
    return code;
  }
  const out = process.stdout;
  const c = colorsFor(out);
  for (const result of results) {
    printDiagnostics(result.diagnostics, out);
    const status = result.valid ? c.green("valid") : c.red("invalid");
    const counts = `${plural(result.errors, "error")}, ${plural(result.warnings, "warning")}`;
    out.write(`${result.file}: ${status} (${counts})\n`);
  }
  return code;
}

export function register(program: Command, exit: ExitWith): void {
  program
    .command("validate")
    .description("check blueprints: schema, references and semantic rules; exit 0 when all are valid, 1 when not")
    .argument("[file...]", "blueprint files (YAML)")
    .option("--format <format>", "text or json", "text")
    .option(
      "--stack <stack>",
      "also check the stack's blueprint against its configuration: undeliverable notifications are errors",
    )
    .option("--cwd <dir>", "the project directory (with --stack; default: the nearest Pulumi.yaml)")
    .addHelpText("after", "\nEach problem is printed as <file>:<line>:<column>: error|warning: <message>.")
    .action(async (files: string[], options: { format: string; stack?: string; cwd?: string }) => {
      if (options.format !== "text" && options.format !== "json") {
        process.stderr.write(`revstack validate: --format must be text or json, found "${options.format}"\n`);
        return exit(1);
      }
      if (files.length === 0 && !options.stack) {
        process.stderr.write("revstack validate: name blueprint files, or a stack with --stack <stack>\n");
        return exit(1);
      }
      exit(await exitCode("validate", () => run(files, options)));
    });
}
