import type { Command } from "commander";
import { spawn } from "node:child_process";
import { findProjectDir, pulumiBinary, toolEnv } from "../../project/paths";
import type { ExitWith } from "../shared/command";
import { afterUp } from "../shared/pulumi-after-up";

/**
 * Runs the Pulumi CLI `revstack setup` recorded, in the project, with its Node 24 on PATH, and returns its exit
 * code; after a successful `up`, clears the pending creates that run resolved (../shared/pulumi-after-up).
 */
async function run(args: string[]): Promise<number> {
  const projectDir = findProjectDir(process.cwd()) ?? process.cwd();
  const code = await runPulumi(projectDir, args);
  if (code === 0) await afterUp(projectDir, args);
  return code;
}

function runPulumi(projectDir: string, args: string[]): Promise<number> {
  const binary = pulumiBinary(projectDir);
  return new Promise<number>((resolve) => {
    const child = spawn(binary, args, { cwd: projectDir, env: toolEnv(projectDir), stdio: "inherit" });
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
