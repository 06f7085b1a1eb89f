// Crash recovery (issue 13): `pulumi up` killed with its whole process group at seeded points of a first apply and
// of an edit. After `pulumi cancel` (the file backend keeps the killed run's lock), one plain `revstack pulumi up` (a
// scaffolded project's `npm run up`) converges to the portal a clean apply makes: same objects, no duplicates, no adopt
// setting, and no pending operation left in the state. No process the killed run
// started (language host, program, provider) outlives the kill by more than 10 s.
import { execFile } from "node:child_process";
import { readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Sandbox } from "../../src/sandbox";
import { pulumiBinDir, repoRoot, type EngineStack } from "../support/engine";
import { checkoutLanguageHost, killAt, startUp, survivors } from "../support/crash";
import { editableBlueprint, sandboxStack } from "../support/portal";
import { objectsWithIds, stateKeys } from "../support/shared-portal";
import { faults, resetStats, sandbox, stats } from "../providers/helpers";

const run = promisify(execFile);

/** The portal without HubSpot ids (they differ between portals): what "the same portal" means here. */
const withoutIds = (objects: Record<string, string>) =>
  Object.fromEntries(
    Object.entries(objects).map(([k, v]) => [k, /^(pipeline|user):/.test(k) ? v.replace(/^\S+ /, "") : v]),
  );

/** Makes the edit the edit scenarios interrupt: two new properties, two relabelled, one owner renamed. */
async function edit(file: string): Promise<void> {
  const text = await readFile(file, "utf8");
  await writeFile(
    file,
    text
      .replace("Crash property 1,", "Crash property one,")
      .replace("Crash property 2,", "Crash property two,")
      .replace("lastName: User1 }", "lastName: Renamed }")
      .replace(
        "\nowners:",
        "    crash_new1: { label: New one, type: number, group: crash }\n    crash_new2: { label: New two, type: number, group: crash }\n\nowners:",
      ),
  );
}

/** The stack's pending operations as `pulumi stack export` shows them. */
async function pendingOperations(stack: EngineStack): Promise<unknown[]> {
  const env = { ...process.env, ...stack.cliEnv };
  const { stdout } = await run(
    path.join(pulumiBinDir()!, "pulumi"),
    ["stack", "export", "--non-interactive", "--stack", stack.stack.name],
    { cwd: stack.projectDir, env, maxBuffer: 64 * 1024 * 1024 },
  );
  return (
    (JSON.parse(stdout) as { deployment?: { pending_operations?: unknown[] } }).deployment?.pending_operations ?? []
  );
}

interface Reference {
  objects: Record<string, string>;
  keys: string[];
  writes: number;
}

/** A clean apply (and a clean edit) on a portal of its own: what every interrupted run must converge to. */
async function cleanApply(editToo: boolean): Promise<Reference> {
  const sb = await sandbox();
  const { dir, file } = await editableBlueprint("crash.yaml");
  const stack = await sandboxStack("clean", sb, file);
  try {
    await stack.up();
    if (editToo) {
      await edit(file);
      await resetStats(sb);
      await stack.up();
    }
    return {
      objects: withoutIds(await objectsWithIds(sb)),
      keys: await stateKeys(stack),
      writes: (await stats(sb)).writes,
    };
  } finally {
    await stack.dispose();
    await sb.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

describe("crash recovery", { timeout: 900_000 }, () => {
  let hostDir: string;
  let first: Reference;
  let edited: Reference;

  beforeAll(async () => {
    if (!pulumiBinDir()) throw new Error("the Pulumi CLI is not set up: run `npm run setup:pulumi`");
    hostDir = await checkoutLanguageHost();
    first = await cleanApply(false);
    edited = await cleanApply(true);
  }, 600_000);

  afterAll(async () => {
    await rm(hostDir, { recursive: true, force: true });
  });

  /** Applies (and with `editFirst`, applies then edits), kills the run at `share` of its writes, recovers. */
  async function crashAndRecover(share: number, editFirst: boolean): Promise<void> {
    const sb: Sandbox = await sandbox();
    const { dir, file } = await editableBlueprint("crash.yaml");
    const stack = await sandboxStack(`crash-${editFirst ? "edit" : "first"}-${share * 100}`, sb, file);
    try {
      if (editFirst) {
        await stack.up();
        await edit(file);
      }
      const expected = editFirst ? edited : first;
      const target = Math.max(1, Math.ceil(expected.writes * share));
      await resetStats(sb);
      // Writes slowed down, so creates are in flight when the kill lands.
      await faults(sb, { latencyMs: 150 });
      const log: string[] = [];
      const up = startUp(stack, hostDir, log);
      const { killed, plugins } = await killAt(up, async () => (await stats(sb)).writes, target);
      expect(killed, `the run ended before ${target} writes:\n${log.join("")}`).toBe(true);
      expect(plugins.length).toBeGreaterThan(0);
      expect(await survivors(plugins, 10_000)).toEqual([]);
      await faults(sb, {});

      const env = { ...process.env, ...stack.cliEnv, PATH: `${pulumiBinDir()}:${process.env.PATH}` };
      await run(
        path.join(pulumiBinDir()!, "pulumi"),
        ["cancel", "--yes", "--non-interactive", "--stack", stack.stack.name],
        { cwd: stack.projectDir, env },
      ).catch(() => undefined);
      expect(await pendingOperations(stack)).not.toEqual([]);
      // The rerun a scaffolded project's `npm run up` makes: Pulumi's `up`, then the pending creates it took back cleared.
      const rerun = await run(
        process.execPath,
        [
          path.join(repoRoot, "bin/revstack.js"),
          "pulumi",
          "up",
          "--yes",
          "--skip-preview",
          "--non-interactive",
          "--stack",
          stack.stack.name,
        ],
        { cwd: stack.projectDir, env, maxBuffer: 64 * 1024 * 1024 },
      );
      expect(rerun.stderr).not.toMatch(/were not cleared|stay in stack/);
      expect(await pendingOperations(stack)).toEqual([]);
      expect(await stateKeys(stack)).toEqual(expected.keys);
      expect(withoutIds(await objectsWithIds(sb))).toEqual(expected.objects);
      expect((await stack.stack.getAllConfig())["revstack:adopt"]).toBeUndefined();
      expect(await stack.preview({ refresh: true })).toEqual({});
    } finally {
      await stack.dispose();
      await sb.stop();
      await rm(dir, { recursive: true, force: true });
    }
  }

  for (const share of [0.1, 0.4, 0.8]) {
    it(`a first apply killed after ${share * 100} % of its writes converges with one plain revstack pulumi up, no pending operation left`, () =>
      crashAndRecover(share, false));
  }
  for (const share of [0.4, 0.8]) {
    it(`an edit killed after ${share * 100} % of its writes converges with one plain revstack pulumi up, no pending operation left`, () =>
      crashAndRecover(share, true));
  }
});
