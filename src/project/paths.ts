/**
 * Where things are for a revstack project (the user's directory with Pulumi.yaml) and for the installed revstack
 * package: the project root, the package's own files, and the tools `revstack setup` recorded under `.revstack/`.
 */
import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";

/** The revstack package's root: the nearest directory above this file whose package.json is revstack's. */
export function packageRoot(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const manifest = path.join(dir, "package.json");
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, "utf8")) as { name?: string }).name === "revstack")
      return dir;
    if (path.dirname(dir) === dir) throw new Error(`revstack's package.json not found above ${__dirname}`);
  }
}

/** The nearest directory at or above `from` with a Pulumi.yaml, or undefined. */
export function findProjectDir(from: string): string | undefined {
  for (let dir = path.resolve(from); ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, "Pulumi.yaml"))) return dir;
    if (path.dirname(dir) === dir) return undefined;
  }
}

/** The tools `revstack setup` records, one file each: `.revstack/<tool>-bin` holds a bin directory. */
export type Tool = "pulumi" | "node";

/** The bin directory recorded for `tool` in the project, else in revstack's own checkout, if it still exists. */
export function recordedBin(tool: Tool, projectDir: string): string | undefined {
  for (const root of [projectDir, packageRoot()]) {
    const pointer = path.join(root, ".revstack", `${tool}-bin`);
    if (!existsSync(pointer)) continue;
    const dir = readFileSync(pointer, "utf8").trim();
    if (existsSync(path.join(dir, tool))) return dir;
  }
  return undefined;
}

/** The Pulumi CLI to run: the recorded one, else `pulumi` from PATH. */
export function pulumiBinary(projectDir: string): string {
  const dir = recordedBin("pulumi", projectDir);
  return dir ? path.join(dir, "pulumi") : "pulumi";
}

/**
 * The environment variable naming the file where the program records the warnings it printed during one
 * `revstack pulumi` command, so the update after the preview does not print them again (program/warn.ts).
 */
export const WARNED_FILE_ENV = "REVSTACK_WARNED_FILE";

/** Where `revstack n8n start` keeps the project's local n8n (its database, URL and API key). */
export const LOCAL_N8N_DIR = path.join(".revstack", "n8n");

/**
 * The environment the Pulumi CLI runs in: the recorded Node and Pulumi bin directories first on PATH (the
 * language host and the providers run `node`), update checks and plugin downloads off, and where the project's
 * local n8n is, so the n8n providers find its API key themselves when the stack points at it
 * (providers/shared/n8n.ts): the key stays in its file, out of the environment and the stack's settings.
 */
export function toolEnv(projectDir: string, env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const dirs = (["node", "pulumi"] as const)
    .map((t) => recordedBin(t, projectDir))
    .filter((d): d is string => d !== undefined);
  return {
    ...env,
    PATH: [...dirs, env.PATH ?? ""].join(path.delimiter),
    PULUMI_SKIP_UPDATE_CHECK: "true",
    PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
    REVSTACK_LOCAL_N8N_DIR: env.REVSTACK_LOCAL_N8N_DIR ?? path.join(projectDir, LOCAL_N8N_DIR),
  };
}

/**
 * The blueprint JSON Schema as the project sees it, for editor modelines: the installed package's copy
 * (`node_modules/revstack/schemas/…`, also when that is a link), else this package's own (revstack's checkout).
 */
export function schemaFile(projectDir: string): string {
  const installed = path.join(projectDir, "node_modules", "revstack", "schemas", "blueprint.schema.json");
  return existsSync(installed) ? installed : path.join(packageRoot(), "schemas", "blueprint.schema.json");
}
