// Drives the real Pulumi engine (CLI + language host + dynamic-provider plugin installed by `npm run setup:pulumi`)
// through the Automation API, on a throwaway project directory and a throwaway file backend.
import { execFile } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import YAML from "yaml";
import { LocalWorkspace, PulumiCommand, type OpMap, type PreviewResult, type Stack } from "@pulumi/pulumi/automation";

const execFileAsync = promisify(execFile);
export const repoRoot = path.resolve(__dirname, "../..");
const passphrase = "revstack-e2e";

/** The bin directory recorded by scripts/setup-pulumi.sh, or undefined when the set-up step has not run. */
export function pulumiBinDir(): string | undefined {
  const pointer = path.join(repoRoot, ".revstack/pulumi-bin");
  if (!existsSync(pointer)) return undefined;
  const dir = readFileSync(pointer, "utf8").trim();
  return existsSync(path.join(dir, "pulumi")) ? dir : undefined;
}

export interface StackOptions {
  /** Directory holding the program's index.ts; defaults to the repository's program/. */
  program?: string;
  /** Plain stack config, e.g. `{"hubspot:baseUrl": url}`. */
  config?: Record<string, string>;
  /** Secret stack config, e.g. `{"hubspot:token": token}`; encrypted with the test passphrase. */
  secrets?: Record<string, string>;
  /** Extra environment for the CLI, the program and the providers. */
  env?: Record<string, string>;
  /** Another stack of the same project and backend (stacks on one portal see each other there). */
  sibling?: EngineStack;
}

/** Counts of what an operation did or would do, without the unchanged resources. */
export type Changes = Partial<Record<keyof OpMap, number>>;

export function changesOf(summary: OpMap | undefined): Changes {
  return Object.fromEntries(Object.entries(summary ?? {}).filter(([op, n]) => op !== "same" && (n ?? 0) > 0));
}

/** A stack of a throwaway project: one temp dir for the project, one for the file backend. */
export class EngineStack {
  /** Everything the CLI printed, operation after operation. */
  readonly logs: string[] = [];

  private constructor(
    readonly stack: Stack,
    readonly projectDir: string,
    readonly backendDir: string,
    readonly env: Record<string, string>,
    /** Whether dispose removes the project and backend dirs (the first stack of a project does). */
    private readonly ownsDirs = true,
  ) {}

  static async open(name: string, options: StackOptions = {}): Promise<EngineStack> {
    const binDir = pulumiBinDir();
    if (!binDir) throw new Error("the Pulumi CLI is not set up: run `npm run setup:pulumi`");
    const projectDir =
      options.sibling?.projectDir ?? (await makeProjectDir(options.program ?? path.join(repoRoot, "program")));
    const backendDir = options.sibling?.backendDir ?? (await mkdtemp(path.join(tmpdir(), "revstack-state-")));
    const env = {
      // As in Pulumi.yaml: no `.attrs` side files, so a killed run cannot leave the checkpoint unreadable.
      PULUMI_BACKEND_URL: `file://${backendDir}?metadata=skip`,
      PULUMI_CONFIG_PASSPHRASE: passphrase,
      PULUMI_SKIP_UPDATE_CHECK: "true",
      PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true",
      ...options.env,
    };
    const pulumiCommand = await PulumiCommand.get({ root: path.dirname(binDir) });
    const stack = await LocalWorkspace.createStack(
      { stackName: name, workDir: projectDir },
      { pulumiCommand, envVars: env },
    );
    for (const [key, value] of Object.entries(options.config ?? {})) await stack.setConfig(key, { value });
    for (const [key, value] of Object.entries(options.secrets ?? {})) {
      await stack.setConfig(key, { value, secret: true });
    }
    return new EngineStack(stack, projectDir, backendDir, env, !options.sibling);
  }

  private readonly onOutput = (out: string): void => {
    this.logs.push(out);
  };

  async up(options: { refresh?: boolean; runProgram?: boolean } = {}): Promise<Changes> {
    const result = await this.stack.up({ ...options, onOutput: this.onOutput, onError: this.onOutput });
    return changesOf(result.summary.resourceChanges);
  }

  /** Runs `up` that must stop; returns what it printed and its error: what the user read. */
  async failedUp(): Promise<string> {
    const from = this.logs.length;
    const error = await this.up().then(
      () => undefined,
      (e: unknown) => e,
    );
    if (!(error instanceof Error)) throw new Error("`pulumi up` succeeded, but it was expected to stop");
    return this.logs.slice(from).join("") + String(error);
  }

  async preview(options: { refresh?: boolean; runProgram?: boolean } = {}): Promise<Changes> {
    const result: PreviewResult = await this.stack.preview({
      ...options,
      onOutput: this.onOutput,
      onError: this.onOutput,
    });
    return changesOf(result.changeSummary);
  }

  async refresh(options: { runProgram?: boolean } = {}): Promise<Changes> {
    const result = await this.stack.refresh({ ...options, onOutput: this.onOutput, onError: this.onOutput });
    return changesOf(result.summary.resourceChanges);
  }

  async destroy(options: { runProgram?: boolean } = {}): Promise<Changes> {
    const result = await this.stack.destroy({ ...options, onOutput: this.onOutput, onError: this.onOutput });
    return changesOf(result.summary.resourceChanges);
  }

  /** The environment the CLI runs with (backend, passphrase), for running `pulumi` directly. */
  get cliEnv(): Record<string, string> {
    return { ...this.env };
  }

  /** `pulumi preview --json` as printed by the CLI (the Automation API has no JSON preview). */
  async previewJson(options: { refresh?: boolean } = {}): Promise<{ text: string; digest: PreviewDigest }> {
    const { stdout } = await this.cli(["preview", "--json", ...(options.refresh ? ["--refresh"] : [])]);
    return { text: stdout, digest: JSON.parse(stdout) as PreviewDigest };
  }

  /**
   * The Pulumi CLI itself on this stack, as a user runs it (`pulumi up` with its preview: the Automation API's `up`
   * skips the preview), non-interactive; what it printed is also kept in `logs`.
   */
  async cli(args: string[]): Promise<{ stdout: string; stderr: string }> {
    const { command } = this.stack.workspace.pulumiCommand;
    const { stdout, stderr } = await execFileAsync(
      command,
      [...args, "--non-interactive", "--stack", this.stack.name],
      {
        cwd: this.projectDir,
        env: { ...process.env, ...this.env, PATH: `${path.dirname(command)}:${process.env.PATH}` },
        timeout: 180_000,
        maxBuffer: 64 * 1024 * 1024,
      },
    );
    this.logs.push(stdout, stderr);
    return { stdout, stderr };
  }

  /** Path of the stack's state file in the file backend. */
  get statePath(): string {
    return path.join(this.backendDir, ".pulumi/stacks/revstack", `${this.stack.name}.json`);
  }

  async stateText(): Promise<string> {
    return readFile(this.statePath, "utf8");
  }

  /** The resources recorded in state, without the stack and provider entries. */
  async resources(): Promise<StateResource[]> {
    const state = JSON.parse(await this.stateText()) as { checkpoint: { latest?: { resources?: StateResource[] } } };
    return (state.checkpoint.latest?.resources ?? []).filter(
      (r) => r.custom && !r.type.startsWith("pulumi:providers:"),
    );
  }

  /** Removes the stack (whatever it still holds) and both temp dirs. */
  async dispose(): Promise<void> {
    await this.stack.workspace.removeStack(this.stack.name, { force: true }).catch(() => undefined);
    if (!this.ownsDirs) return;
    await rm(this.projectDir, { recursive: true, force: true });
    await rm(this.backendDir, { recursive: true, force: true });
  }
}

export interface StateResource {
  urn: string;
  type: string;
  custom: boolean;
  id?: string;
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
}

export interface PreviewDigest {
  steps: { op: string; urn: string; diffReasons?: string[]; detailedDiff?: Record<string, unknown> }[];
  changeSummary: OpMap;
  diagnostics?: { message: string; severity: string }[];
}

/**
 * A project dir with the repository's Pulumi.yaml settings whose program is `program`. The engine runs the program
 * in its real directory, so `program`'s parent must hold a tsconfig.pulumi.json like the repository root does. Its
 * node_modules is the repository's, so `@pulumi/pulumi` resolves for the program and the dynamic-provider plugin; the
 * program imports the sources by relative path, and the providers find `revstack/...` from the program's real
 * directory by Node's package self-reference (the checkout's dist/, which then loads the providers' sources).
 */
async function makeProjectDir(program: string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "revstack-project-"));
  await symlink(path.join(repoRoot, "node_modules"), path.join(dir, "node_modules"), "dir");
  await symlink(program, path.join(dir, "program"), "dir");
  // The backend comes from PULUMI_BACKEND_URL; everything else is the repository's project settings.
  const { backend: _backend, ...settings } = YAML.parse(readFileSync(path.join(repoRoot, "Pulumi.yaml"), "utf8"));
  await writeFile(path.join(dir, "Pulumi.yaml"), YAML.stringify(settings));
  await mkdir(path.join(dir, "stacks"));
  return dir;
}
