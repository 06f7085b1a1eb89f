import { mkdtemp, readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { PortalGuardError } from "../../src/clients/hubspot";
import { readable } from "../../providers/shared/readable";
import type { ResourceImpl } from "../../providers/shared/shim";

const failing = (err: () => unknown): ResourceImpl<unknown> => {
  const fail = async (): Promise<never> => {
    throw err();
  };
  return { check: fail, diff: fail, create: fail, read: fail, update: fail, delete: fail };
};
const messageOf = (p: Promise<unknown>) =>
  p.then(
    () => "resolved",
    (e: Error) => ({ message: e.message, stack: e.stack }),
  );

describe("what a provider error shows the user", () => {
  it("shows a shared failure (the portal guard) in full once, then says the other resources stopped because of it", async () => {
    const impl = readable(
      failing(
        () => new PortalGuardError("Portal guard: hubspot:portalId is 1 but the token belongs to portal 2 (test)"),
      ),
      "user",
    );
    const shown = await Promise.all(
      Array.from({ length: 4 }, (_, i) => messageOf(impl.read(undefined, String(i), {}))),
    );
    const messages = shown.map((s) => (s as { message: string }).message);
    expect(messages.filter((m) => m.startsWith("Portal guard:"))).toHaveLength(1);
    expect(messages.filter((m) => m === "stopped: the portal guard failed (see the first error)")).toHaveLength(3);
  });

  it("cuts a deliberate error to its message, with no stack trace lines, keeping what Pulumi reads from a partial create", async () => {
    const impl = readable(
      failing(() => Object.assign(new Error('Stage "Won" still holds 3 deal(s)'), { id: "9", properties: { a: 1 } })),
      "pipeline",
    );
    const err = await impl.create(undefined, {}).catch((e) => e);
    expect(err.message).toBe('Stage "Won" still holds 3 deal(s)');
    expect(`${err}: ${err.stack}`).not.toMatch(/\n\s+at /);
    expect(err).toMatchObject({ id: "9", properties: { a: 1 } });
  });

  it("shows a bug as one line naming the log file that holds its full trace", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "revstack-logs-"));
    process.env.REVSTACK_LOG_DIR = dir;
    try {
      const impl = readable(
        failing(() => new TypeError("Cannot read properties of undefined (reading 'stages')")),
        "pipeline",
      );
      const err = await impl.update(undefined, "1", {}, {}).catch((e) => e);
      expect(`${err}: ${err.stack}`).not.toMatch(/\n\s+at /);
      const file = /full trace in (.+)\)$/.exec(err.message)?.[1];
      expect(err.message).toMatch(
        /^unexpected error: TypeError: Cannot read properties of undefined \(reading 'stages'\) \(full trace in /,
      );
      expect(await readFile(file!, "utf8")).toMatch(/provider pipeline\.update[\s\S]*TypeError[\s\S]*\n\s+at /);
    } finally {
      delete process.env.REVSTACK_LOG_DIR;
    }
  });
});
