import type { Command } from "commander";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { findProjectDir, packageRoot, toolEnv } from "../../project/paths";
import type { ExitWith } from "../shared/command";

interface SetupFlags {
  n8n?: boolean;
  printPulumiVersion?: boolean;
}

/** The version of the Pulumi SDK revstack runs with: the CLI must match it. */
function sdkVersion(): string {
  const manifest = require.resolve("@pulumi/pulumi/package.json", { paths: [packageRoot()] });
  return (JSON.parse(readFileSync(manifest, "utf8")) as { version: string }).version;
}

/**
 * Runs one of revstack's set-up scripts for the project; each records what it found or installed under the
 * project's `.revstack/`. The recorded Node 24 goes first on PATH for the scripts after it.
 */
function script(name: string, projectDir: string): boolean {
  const result = spawnSync("bash", [path.join(packageRoot(), "scripts", name), projectDir], {
    // setup-node.sh prints the bin directory on stdout for scripts; here its message on stderr says it.
    stdio: ["ignore", name === "setup-node.sh" ? "ignore" : "inherit", "inherit"],
    env: toolEnv(projectDir),
  });
  return result.status === 0;
}

function run(flags: SetupFlags): number {
  if (flags.printPulumiVersion) {
    process.stdout.write(`${sdkVersion()}\n`);
    return 0;
  }
  const projectDir = findProjectDir(process.cwd()) ?? process.cwd();
  const steps = ["setup-node.sh", "setup-pulumi.sh", ...(flags.n8n ? ["setup-n8n.sh"] : [])];
  for (const step of steps) {
    if (!script(step, projectDir)) {
      process.stderr.write(`revstack setup: ${step} failed (see above); run it again once that is fixed\n`);
      return 1;
    }
  }
  process.stdout.write(
    `recorded in ${path.join(projectDir, ".revstack")}: ${["node-bin", "pulumi-bin", ...(flags.n8n ? ["n8n-dir"] : [])].join(", ")}\n`,
  );
  return 0;
}

export function register(program: Command, exit: ExitWith): void {
  program
    .command("setup")
    .description(
      "install what local use needs and is missing (Node 24, the Pulumi CLI, n8n with --n8n) and record where in .revstack/",
    )
    .option(
      "--n8n",
      "also install the pinned n8n (about 5 minutes and 2 GB the first time, cached in ~/.cache/revstack)",
    )
    .option("--print-pulumi-version", "print the Pulumi version revstack's SDK needs (for CI) and install nothing")
    .action((flags: SetupFlags) => exit(run(flags)));
}
