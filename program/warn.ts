import { appendFileSync, existsSync, readFileSync } from "node:fs";
import * as pulumi from "@pulumi/pulumi";
import { WARNED_FILE_ENV } from "../src/project/paths";

/**
 * A warning from the program, printed once per `revstack pulumi` command: `pulumi up` runs the program for its
 * preview and again for the update, and the second run skips what the first already said (the command names the
 * file that remembers, src/cli/commands/pulumi.ts). Run by `pulumi` itself, every run says everything.
 */
export function warn(message: string, resource?: pulumi.Resource): void {
  const file = process.env[WARNED_FILE_ENV];
  if (file) {
    const line = JSON.stringify(message);
    if (existsSync(file) && readFileSync(file, "utf8").split("\n").includes(line)) return;
    appendFileSync(file, `${line}\n`);
  }
  pulumi.log.warn(message, resource);
}
