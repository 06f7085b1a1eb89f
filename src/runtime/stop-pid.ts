/**
 * Stops exactly one process by its id: SIGTERM, then SIGKILL if it has not exited within the grace period.
 * Never by name — other people on the same machine run the same programs.
 */
export async function stopPid(pid: number, graceMs = 10_000): Promise<void> {
  if (!signal(pid, "SIGTERM")) return;
  if (await exited(pid, graceMs)) return;
  signal(pid, "SIGKILL");
  if (!(await exited(pid, 5_000))) throw new Error(`process ${pid} did not exit after SIGKILL`);
}

/** False when the process is already gone. */
function signal(pid: number, sig: NodeJS.Signals | 0): boolean {
  try {
    process.kill(pid, sig);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ESRCH") return false;
    throw err;
  }
}

async function exited(pid: number, withinMs: number): Promise<boolean> {
  const deadline = Date.now() + withinMs;
  while (Date.now() < deadline) {
    if (!signal(pid, 0)) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return !signal(pid, 0);
}
