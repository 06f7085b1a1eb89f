// Killing `pulumi up` the way a crash does (SIGKILL to its whole process group) and checking that no process it
// started outlives it: the language host, the program and the dynamic-provider plugin run in process groups of
// their own, so the kill does not reach them.
import { spawn, type ChildProcess } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { mkdtemp, symlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { pulumiBinDir, repoRoot, type EngineStack } from "./engine";

/** A bin dir whose `pulumi-language-nodejs` is this checkout's (scripts/), put first on PATH. */
export async function checkoutLanguageHost(): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), "revstack-langhost-"));
  await symlink(path.join(repoRoot, "scripts/pulumi-language-nodejs.js"), path.join(dir, "pulumi-language-nodejs"));
  return dir;
}

/** `pulumi up` of the stack in a process group of its own, as a user's shell would start it. */
export function startUp(stack: EngineStack, hostDir: string, log: string[]): ChildProcess {
  const bin = pulumiBinDir()!;
  const child = spawn(
    path.join(bin, "pulumi"),
    ["up", "--yes", "--skip-preview", "--non-interactive", "--stack", stack.stack.name],
    {
      cwd: stack.projectDir,
      env: { ...process.env, ...stack.cliEnv, PATH: `${hostDir}:${bin}:${process.env.PATH}` },
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  child.stdout!.on("data", (d) => log.push(String(d)));
  child.stderr!.on("data", (d) => log.push(String(d)));
  return child;
}

/** Every live process below `pid` (children, grandchildren, ...), zombies left out. */
export function descendants(pid: number): number[] {
  const parent = new Map<number, number>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = statOf(Number(entry));
    if (stat && stat.state !== "Z") parent.set(Number(entry), stat.ppid);
  }
  const found: number[] = [];
  const walk = (p: number) => {
    for (const [child, pp] of parent)
      if (pp === p) {
        found.push(child);
        walk(child);
      }
  };
  walk(pid);
  return found;
}

/** A process that is still running (not gone, not a zombie). */
export function running(pid: number): boolean {
  const stat = statOf(pid);
  return stat !== undefined && stat.state !== "Z";
}

function statOf(pid: number): { state: string; ppid: number } | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, "utf8");
    const [state, ppid] = text.slice(text.lastIndexOf(")") + 2).split(" ");
    return { state, ppid: Number(ppid) };
  } catch {
    return undefined;
  }
}

/** Polls `writes()` until it reaches `atWrites` (or the run ends); then SIGKILLs the run's process group. */
export async function killAt(
  child: ChildProcess,
  writes: () => Promise<number>,
  atWrites: number,
): Promise<{ killed: boolean; plugins: number[] }> {
  let exited = false;
  child.once("exit", () => {
    exited = true;
  });
  for (let i = 0; i < 6000 && !exited; i++) {
    if ((await writes()) >= atWrites) {
      const plugins = descendants(child.pid!);
      process.kill(-child.pid!, "SIGKILL");
      return { killed: true, plugins };
    }
    await sleep(20);
  }
  return { killed: false, plugins: [] };
}

/** Waits up to `ms` for every process to end; returns those still running. */
export async function survivors(pids: number[], ms: number): Promise<number[]> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline && pids.some(running)) await sleep(200);
  return pids.filter(running);
}
