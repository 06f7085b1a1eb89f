import type { Command } from "commander";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { findProjectDir, pulumiBinary, toolEnv, WARNED_FILE_ENV } from "../../project/paths";
import { EngineError } from "../../project/pulumi";
import type { ExitWith } from "../shared/command";
import { afterUp, commandOf } from "../shared/pulumi-after-up";
import { ensureStack } from "../shared/stack-init";

/**
 * Runs the Pulumi CLI `revstack setup` recorded, in the project, with its Node 24 on PATH, and returns its exit
 * code. Before `up` or `preview`, creates the named stack when only its settings file exists (../shared/stack-init);
 * after a successful `up`, clears the pending creates that run resolved (../shared/pulumi-after-up).
 */
async function run(args: string[]): Promise<number> {
  const projectDir = findProjectDir(process.cwd()) ?? process.cwd();
  const { command, stack } = commandOf(args);
  if (stack && ["up", "update", "preview"].includes(command ?? "")) {
    try {
      await ensureStack(projectDir, stack);
    } catch (err) {
      if (!(err instanceof EngineError)) throw err;
      process.stderr.write(`revstack pulumi: ${err.message}\n`);
      return 1;
    }
  }
  const code = await withWarningsOnce((env) => runPulumi(projectDir, args, env));
  if (code === 0) await afterUp(projectDir, args);
  return code;
}

/**
 * `pulumi up` runs the program twice (preview, then update), and each run would print the program's warnings
 * again: the program records what it said in this file (program/warn.ts) and says each warning once per command.
 */
async function withWarningsOnce(command: (env: NodeJS.ProcessEnv) => Promise<number>): Promise<number> {
  const dir = mkdtempSync(path.join(tmpdir(), "revstack-warned-"));
  try {
    return await command({ [WARNED_FILE_ENV]: path.join(dir, "warned") });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function runPulumi(projectDir: string, args: string[], extra: NodeJS.ProcessEnv): Promise<number> {
  const binary = pulumiBinary(projectDir);
  return new Promise<number>((resolve) => {
    const env = { ...toolEnv(projectDir), ...extra };
    const child = spawn(binary, args, { cwd: projectDir, env, stdio: "inherit" });
    child.on("error", (err) => {
      process.stderr.write(`revstack pulumi: cannot run ${binary} (${err.message}): run \`npx revstack setup\`\n`);
      resolve(1);
    });
    child.on("exit", (status, signal) => resolve(status ?? (signal ? 1 : 0)));
  });
}

export function register(program: Command, exit: ExitWith): void {
  program
    .command("pulumi")
    .description(
      "run the Pulumi CLI that `revstack setup` recorded, in the project (e.g. revstack pulumi up --stack dev)",
    )
    .argument("[args...]", "arguments for pulumi")
    .allowUnknownOption()
    .helpOption(false)
    .action(async (args: string[]) => exit(await run(args)));
}
