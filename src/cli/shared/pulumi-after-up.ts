/**
 * What `revstack pulumi up` does after Pulumi's `up` succeeded: clear the pending creates a crashed run left in the
 * state once the stack manages their objects again (Pulumi's own `up` never clears them; see ownership/pending).
 */
import { clearResolvedPending } from "../../ownership/pending";
import { EngineError, pulumi } from "../../project/pulumi";

/** Pulumi flags that take a value, so the value is not mistaken for the command. */
const WITH_VALUE = new Set(["-s", "--stack", "-C", "--cwd", "--color", "--config-file"]);

/** The Pulumi command (`up`, `preview`, `stack` …) and the `--stack` it names, from `revstack pulumi`'s arguments. */
export function commandOf(args: string[]): { command?: string; stack?: string } {
  let command: string | undefined;
  let stack: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const inline = /^(?:--stack|-s)=(.+)$/.exec(arg);
    if (inline) stack = inline[1];
    else if (arg === "-s" || arg === "--stack") stack = args[i + 1];
    if (WITH_VALUE.has(arg)) i++;
    else if (!arg.startsWith("-") && command === undefined) command = arg;
  }
  return { command, stack };
}

async function currentStack(projectDir: string): Promise<string | undefined> {
  const outcome = await pulumi(projectDir, ["stack", "--show-name", "--non-interactive"], 60_000);
  return outcome.failed ? undefined : outcome.stdout.trim() || undefined;
}

export async function afterUp(projectDir: string, args: string[]): Promise<void> {
  const { command, stack: named } = commandOf(args);
  if (command !== "up" && command !== "update") return;
  try {
    const stack = named ?? (await currentStack(projectDir));
    if (!stack) return;
    const { cleared, kept } = await clearResolvedPending(projectDir, stack);
    if (cleared.length > 0) {
      process.stdout.write(
        `revstack: cleared Pulumi's record of ${cleared.length} create(s) a crashed run left pending ` +
          `(${cleared.join(", ")}): stack ${stack} manages those objects again.\n`,
      );
    }
    if (kept.length > 0) {
      process.stderr.write(
        `revstack: ${kept.length} pending operation(s) stay in stack ${stack}'s state (${kept.join(", ")}): ` +
          "the stack does not manage their objects (again). Check them in HubSpot, then run `pulumi refresh --clear-pending-creates --yes`.\n",
      );
    }
  } catch (err) {
    if (!(err instanceof EngineError)) throw err;
    process.stderr.write(`revstack: the update succeeded, but its pending creates were not cleared: ${err.message}\n`);
  }
}
