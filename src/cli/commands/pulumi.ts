import type { Command } from "commander";
import { spawn } from "node:child_process";
import { findProjectDir, pulumiBinary, toolEnv } from "../../project/paths";
import { setExitCode } from "../exit-code";
import { afterUp } from "./pulumi-after-up";

/** Runs the Pulumi CLI `revstack setup` recorded, in the project, with its Node 24 on PATH; exits with its code. */
async function run(args: string[]): Promise<void> {
  const projectDir = findProjectDir(process.cwd()) ?? process.cwd();
  const binary = pulumiBinary(projectDir);
  const code = await new Promise<number>((resolve) => {
    const child = spawn(binary, args, { cwd: projectDir, env: toolEnv(projectDir), stdio: "inherit" });
    child.on("error", (err) => {
      process.stderr.write(`revstack pulumi: cannot run ${binary} (${err.message}): run \`npx revstack setup\`\n`);
      resolve(1);
    });
    child.on("exit", (status, signal) => resolve(status ?? (signal ? 1 : 0)));
  });
  setExitCode(code);
  if (code === 0) await afterUp(projectDir, args);
}

export function register(program: Command): void {
  program
    .command("pulumi")
    .description("run the Pulumi CLI that `revstack setup` recorded, in the project (e.g. revstack pulumi up --stack dev)")
    .argument("[args...]", "arguments for pulumi")
    .allowUnknownOption()
    .helpOption(false)
    .action(async (args: string[]) => run(args));
}
