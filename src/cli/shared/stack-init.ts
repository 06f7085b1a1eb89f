/**
 * A stack whose settings file the project holds (`stacks/Pulumi.<stack>.yaml`, as `revstack init` writes for `dev`)
 * but that the backend does not know yet is created before `revstack pulumi up|preview` and `revstack preview` run
 * on it: the settings are the user's declaration of the stack, and Pulumi would otherwise stop with "no stack named
 * 'dev' found" (or ask at a terminal). `pulumi stack init` keeps the file's settings and its encryption salt.
 */
import { checkStackName, EngineError, pulumi } from "../../project/pulumi";
import { stackConfigValues } from "../../review/engine/run";

/** Creates `stack` when its settings file exists and the backend has no such stack; says so on stderr. */
export async function ensureStack(projectDir: string, stack: string): Promise<void> {
  checkStackName(stack);
  if (stackConfigValues(projectDir, stack) === undefined) return;
  const listed = await pulumi(projectDir, ["stack", "ls", "--json", "--non-interactive"], 60_000);
  if (listed.failed) return; // The command that follows reports what is wrong with the backend.
  const names = (JSON.parse(listed.stdout || "[]") as Array<{ name: string }>).map((s) => s.name.split("/").pop());
  if (names.includes(stack)) return;
  const created = await pulumi(projectDir, ["stack", "init", stack, "--non-interactive"], 60_000);
  if (created.failed) throw new EngineError(`cannot create the stack "${stack}": ${created.stderr.trim()}`);
  process.stderr.write(`revstack: created the stack "${stack}" from its settings in the project\n`);
}
