import { spawn, type ChildProcess, type StdioOptions } from "node:child_process";
import { join } from "node:path";

/**
 * `revstack sandbox` in a child process as a user runs it: the command module on a commander program, from source
 * via tsx, so no build is needed. Shared by the CLI test and the benchmark.
 */
export function spawnSandboxCli(args: string[], stdio: StdioOptions = ["ignore", "pipe", "pipe"]): ChildProcess {
  const script = [
    'const { Command } = require("commander");',
    'const program = new Command("revstack");',
    'require("./src/cli/commands/sandbox.ts").register(program, (code) => { process.exitCode = code; });',
    `program.parseAsync(["node", "revstack", "sandbox", ...${JSON.stringify(args)}]);`,
  ].join("\n");
  return spawn(process.execPath, ["--import", "tsx", "-e", script], { cwd: join(__dirname, "../.."), stdio });
}
