import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { WARNED_FILE_ENV } from "../src/project/paths";

/**
 * A warning from the program, printed once per Pulumi command. `pulumi up` runs the program twice, for its preview
 * and again for the update, each time in a new language host: the second run skips what the first already said.
 * The runs share the file that remembers: the one `revstack pulumi` names (src/cli/commands/pulumi.ts), else one
 * named after the `pulumi` process both runs belong to. Where neither is known (no /proc), every run says everything.
 */
export function warn(message: string, resource?: pulumi.Resource): void {
  const file = process.env[WARNED_FILE_ENV] ?? commandFile();
  if (file) {
    const line = JSON.stringify(message);
    if (existsSync(file) && readFileSync(file, "utf8").split("\n").includes(line)) return;
    appendFileSync(file, `${line}\n`);
  }
  pulumi.log.warn(message, resource);
}

/** Where the runs of one `pulumi` command record their warnings. */
const WARNED_DIR = path.join(tmpdir(), "revstack-warned");
/** A record older than this belongs to a command long over. */
const STALE_MS = 24 * 3600_000;

/** The file of the `pulumi` command running this program (program ← language host ← pulumi), by its pid and start. */
function commandFile(): string | undefined {
  const host = processInfo(process.ppid);
  const cli = host && processInfo(host.ppid);
  if (!cli || cli.name !== "pulumi") return undefined;
  const file = path.join(WARNED_DIR, `${host.ppid}-${cli.start}`);
  if (!existsSync(file)) prune();
  mkdirSync(WARNED_DIR, { recursive: true });
  return file;
}

/** A process's name, parent and start time (in clock ticks since boot), from Linux's /proc. */
function processInfo(pid: number): { name: string; ppid: number; start: string } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // `pid (name) state ppid … starttime …`: the name may hold spaces, so fields are counted after its ")".
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return {
      name: stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")")),
      ppid: Number(fields[1]),
      start: fields[19],
    };
  } catch {
    return undefined;
  }
}

function prune(): void {
  if (!existsSync(WARNED_DIR)) return;
  for (const name of readdirSync(WARNED_DIR)) {
    const file = path.join(WARNED_DIR, name);
    // Another command may prune it first.
    const stat = statSync(file, { throwIfNoEntry: false });
    if (stat && Date.now() - stat.mtimeMs > STALE_MS) rmSync(file, { force: true });
  }
}
