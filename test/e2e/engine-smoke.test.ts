// The real engine on this machine: CLI, language host and dynamic-provider plugin from `npm run setup:pulumi`,
// driven through the Automation API against a throwaway program whose resources are files.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EngineStack } from "../support/engine";

const token = "pat-na1-smoke-0c4f6e1a-token";

describe("the Pulumi engine on this machine", { timeout: 240_000 }, () => {
  let notesDir: string;
  let engine: EngineStack;
  const note = (name: string) => path.join(notesDir, `${name}.txt`);

  beforeAll(async () => {
    notesDir = await mkdtemp(path.join(tmpdir(), "revstack-notes-"));
    engine = await EngineStack.open("smoke", {
      program: path.join(__dirname, "fixtures/notes"),
      config: { "notes:dir": notesDir, "notes:texts": JSON.stringify({ a: "alpha", b: "beta" }) },
      secrets: { "hubspot:token": token },
    });
  });

  afterAll(async () => {
    await engine?.dispose();
    await rm(notesDir, { recursive: true, force: true });
  });

  it("creates, then finds nothing to do in preview, up and refresh", async () => {
    expect(await engine.up()).toEqual({ create: 3 }); // the stack and two notes
    expect(readFileSync(note("a"), "utf8")).toBe("alpha");
    expect(readFileSync(note("b"), "utf8")).toBe("beta");

    expect(await engine.preview()).toEqual({});
    expect(await engine.up()).toEqual({});
    expect(await engine.refresh()).toEqual({});
  });

  it("shows an out-of-band edit as drift and repairs it", async () => {
    writeFileSync(note("a"), "edited by hand");
    expect(await engine.preview({ refresh: true })).toEqual({ update: 1 });
    expect(await engine.up({ refresh: true })).toEqual({ update: 1 });
    expect(readFileSync(note("a"), "utf8")).toBe("alpha");
  });

  it("applies a config change as the minimal update and delete", async () => {
    await engine.stack.setConfig("notes:texts", { value: JSON.stringify({ a: "alpha 2" }) });
    expect(await engine.up()).toEqual({ update: 1, delete: 1 });
    expect(readFileSync(note("a"), "utf8")).toBe("alpha 2");
    expect(existsSync(note("b"))).toBe(false);
  });

  it("keeps the secret config out of the state file, the output and the JSON preview", async () => {
    const { text, digest } = await engine.previewJson();
    expect(digest.changeSummary).toEqual({ same: 2 });
    expect(text).not.toContain(token);
    expect(await engine.stateText()).not.toContain(token);
    expect(engine.logs.join("")).toContain("Updating (smoke)");
    expect(engine.logs.join("")).not.toContain(token);
    expect((await engine.resources()).map((r) => r.id)).toEqual(["a.txt"]);
  });

  it("destroys what it created", async () => {
    expect(await engine.destroy()).toEqual({ delete: 2 });
    expect(existsSync(note("a"))).toBe(false);
    expect(await engine.resources()).toEqual([]);
  });
});
