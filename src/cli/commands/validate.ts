import type { Command } from "commander";
import pc from "picocolors";
import { Diagnostic, formatDiagnostic, loadBlueprint } from "../../blueprint";
import { EngineError } from "../../review/engine/run";
import { validateStack } from "../../review/stack-delivery";
import { setExitCode } from "../exit-code";

type Colors = ReturnType<typeof pc.createColors>;

/** Colors only on a terminal, and never when NO_COLOR is set. */
export function colorsFor(stream: NodeJS.WriteStream): Colors {
  return pc.createColors(Boolean(stream.isTTY) && !("NO_COLOR" in process.env));
}

export function renderDiagnostic(d: Diagnostic, c: Colors): string {
  const line = formatDiagnostic(d);
  if (!c.isColorSupported) return line;
  const where = `${d.file}:${d.line}:${d.column}:`;
  const severity = d.severity === "error" ? c.red(c.bold("error:")) : c.yellow(c.bold("warning:"));
  return `${c.bold(where)} ${severity} ${d.message}`;
}

export function printDiagnostics(diagnostics: Diagnostic[], stream: NodeJS.WriteStream): void {
  const c = colorsFor(stream);
  for (const d of diagnostics) stream.write(`${renderDiagnostic(d, c)}\n`);
}

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

async function run(files: string[], options: { format: string; stack?: string; cwd?: string }): Promise<void> {
  const results: FileResult[] = [];
  for (const file of files) results.push(await check(file));
  if (options.stack) {
    try {
      results.push(await checkStack(options.stack, options.cwd));
    } catch (err) {
      if (!(err instanceof EngineError)) throw err;
      process.stderr.write(`revstack validate: ${err.message}\n`);
      setExitCode(1);
      return;
    }
  }
  const valid = results.every((r) => r.valid);
  setExitCode(valid ? 0 : 1);
  if (options.format === "json") {
    process.stdout.write(`${JSON.stringify({ valid, files: results }, null, 2)}\n`);
    return;
  }
  const out = process.stdout;
  const c = colorsFor(out);
  for (const result of results) {
    printDiagnostics(result.diagnostics, out);
    const status = result.valid ? c.green("valid") : c.red("invalid");
    const counts = `${plural(result.errors, "error")}, ${plural(result.warnings, "warning")}`;
    out.write(`${result.file}: ${status} (${counts})\n`);
  }
}

export function register(program: Command): void {
  program
    .command("validate")
    .description("check blueprints: schema, references and semantic rules; exit 0 when all are valid, 1 when not")
    .argument("[file...]", "blueprint files (YAML)")
    .option("--format <format>", "text or json", "text")
    .option("--stack <stack>", "also check the stack's blueprint against its configuration: undeliverable notifications are errors")
    .option("--cwd <dir>", "the project directory (with --stack; default: the nearest Pulumi.yaml)")
    .addHelpText("after", "\nEach problem is printed as <file>:<line>:<column>: error|warning: <message>.")
    .action(async (files: string[], options: { format: string; stack?: string; cwd?: string }) => {
      if (options.format !== "text" && options.format !== "json") {
        process.stderr.write(`revstack validate: --format must be text or json, found "${options.format}"\n`);
        setExitCode(1);
        return;
      }
      if (files.length === 0 && !options.stack) {
        process.stderr.write("revstack validate: name blueprint files, or a stack with --stack <stack>\n");
        setExitCode(1);
        return;
      }
      await run(files, options);
    });
}
