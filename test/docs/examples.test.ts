/**
 * Every code example in the README and docs/ is checked, as the docs' readers would use it:
 * - a YAML block that is a whole blueprint (`apiVersion: revstack/v1`) loads with revstack's loader without errors
 *   (`extends: ./base.yaml` finds blueprints/base.yaml);
 *   any other YAML block (a fragment of one, a stack file, a workflow) is valid YAML;
 * - in a shell block, every `revstack <command>` names a real command (and subcommand) of the CLI and passes only
 *   options that command has; every `npm run <script>` names a script of this repository or of a project
 *   `revstack init` writes. Commands are checked, not run: they start servers, need a portal or take minutes, and
 *   the ones a newcomer runs first are run by test/package/pack.test.ts.
 */
import { copyFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { Command } from "commander";
import { parseAllDocuments } from "yaml";
import { afterAll, describe, expect, it } from "vitest";
import { formatDiagnostic, loadBlueprint } from "../../src/blueprint";
import { commands } from "../../src/cli/commands";
import { PROJECT_SCRIPTS } from "../../src/project/scaffold";

const ROOT = path.resolve(__dirname, "../..");
const FILES = [
  "README.md",
  ...["docs", "docs/kinds"].flatMap((dir) =>
    readdirSync(path.join(ROOT, dir))
      .filter((f) => f.endsWith(".md"))
      .map((f) => `${dir}/${f}`),
  ),
];
const tmp = mkdtempSync(path.join(tmpdir(), "revstack-docs-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
// A business unit's example says `extends: ./base.yaml`: the base beside it is the repository's example.
copyFileSync(path.join(ROOT, "blueprints/base.yaml"), path.join(tmp, "base.yaml"));

interface Block {
  file: string;
  line: number;
  lang: string;
  text: string;
}

function blocks(file: string): Block[] {
  const out: Block[] = [];
  const lines = readFileSync(path.join(ROOT, file), "utf8").split("\n");
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\w*)\s*$/.exec(lines[i]);
    if (!open) continue;
    const end = lines.findIndex((l, j) => j > i && /^```\s*$/.test(l));
    out.push({ file, line: i + 1, lang: open[1], text: lines.slice(i + 1, end).join("\n") });
    i = end;
  }
  return out;
}

const all = FILES.flatMap(blocks);
const yamlBlocks = all.filter((b) => b.lang === "yaml");
const shellBlocks = all.filter((b) => b.lang === "sh" || b.lang === "bash");
const at = (b: Block) => `${b.file}:${b.line}`;

/** The CLI as users call it: every command and subcommand, with its long options. */
function cli(): Command {
  const program = new Command("revstack");
  for (const register of commands) register(program, () => undefined);
  return program;
}

/** The command lines of a shell block: continuations joined, comments dropped. */
function commandLines(text: string): string[] {
  return text
    .replace(/\\\n/g, " ")
    .split("\n")
    .map((l) => l.replace(/(^|\s)#.*$/, "").trim())
    .filter(Boolean);
}

/** What is wrong with each `revstack …` and `npm run …` in one command line. */
function problems(line: string, program: Command, scripts: Set<string>): string[] {
  const out: string[] = [];
  for (const m of line.matchAll(/\bnpm run ([\w:-]+)/g))
    if (!scripts.has(m[1])) out.push(`npm run ${m[1]}: no such script`);
  for (const m of line.matchAll(/(?:^|[\s;(&|])(?:npx (?:--no-install )?)?revstack ([^;&|)]*)/g)) {
    const words = m[1].trim().split(/\s+/);
    let command: Command = program;
    for (const word of words) {
      const sub = command.commands.find((c) => c.name() === word);
      if (!sub) break;
      command = sub;
    }
    if (command === program) {
      if (!["--help", "--version"].includes(words[0])) out.push(`revstack ${words[0]}: no such command`);
      continue;
    }
    if (command.name() === "pulumi") continue; // Its arguments are Pulumi's.
    const known = new Set([...command.options.map((o) => o.long), "--help"]);
    for (const word of words) {
      const option = /^(--[\w-]+)/.exec(word)?.[1];
      if (option && !known.has(option)) out.push(`revstack ${command.name()} ${option}: no such option`);
    }
  }
  return out;
}

describe("the docs' code examples", () => {
  it("are found: README.md and every page of docs/ with their fenced blocks", () => {
    expect(FILES).toContain("docs/README.md");
    expect(yamlBlocks.length).toBeGreaterThan(5);
    expect(shellBlocks.length).toBeGreaterThan(5);
  });

  it.each(yamlBlocks.map((b) => [at(b), b] as const))("%s: the YAML loads", async (_, block) => {
    if (/^apiVersion: revstack\/v1$/m.test(block.text)) {
      const file = path.join(tmp, `${block.file.replace(/\W/g, "_")}-${block.line}.yaml`);
      writeFileSync(file, block.text);
      const { diagnostics } = await loadBlueprint(file);
      expect(diagnostics.filter((d) => d.severity === "error").map(formatDiagnostic)).toEqual([]);
    } else {
      const errors = parseAllDocuments(block.text).flatMap((d) => ("errors" in d ? d.errors : []));
      expect(errors.map((e) => e.message)).toEqual([]);
    }
  });

  it("use only revstack commands, options and npm scripts that exist", () => {
    const program = cli();
    const manifest = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as {
      scripts: Record<string, string>;
    };
    const scripts = new Set([...Object.keys(manifest.scripts), ...Object.keys(PROJECT_SCRIPTS)]);
    const found = shellBlocks.flatMap((b) =>
      commandLines(b.text).flatMap((line) => problems(line, program, scripts).map((p) => `${at(b)}: ${p}`)),
    );
    expect(found).toEqual([]);
  });

  it("the check itself catches a command, an option and a script that do not exist", () => {
    const program = cli();
    const scripts = new Set(["up"]);
    expect(problems("npx revstack vaildate blueprints/*.yaml", program, scripts)).toEqual([
      "revstack vaildate: no such command",
    ]);
    expect(problems("npx revstack preview --stak dev && npm run upp", program, scripts)).toEqual([
      "npm run upp: no such script",
      "revstack preview --stak: no such option",
    ]);
    expect(problems("revstack n8n start --port 5678 && npm run up", program, scripts)).toEqual([]);
  });
});
