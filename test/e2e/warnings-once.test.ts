// A bare `pulumi up` (the real CLI, not revstack's wrapper) runs the program twice, for its preview and for the
// update, each in a new language host: the program still prints each of its warnings once per command.
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { EngineStack, pulumiBinDir, repoRoot } from "../support/engine";

const skip = !process.env.CI && !pulumiBinDir();
if (skip) console.warn("warnings-once engine test skipped: run npm run setup:pulumi");

const WARNING =
  "hubspot:portalId is not set, so the portal guard is off: nothing checks that hubspot:token belongs to the portal " +
  "you mean. Set it with `pulumi config set hubspot:portalId <id>`.";

describe.skipIf(skip)("the program's warnings under a bare `pulumi up`", { timeout: 300_000 }, () => {
  let engine: EngineStack;

  beforeAll(async () => {
    engine = await EngineStack.open("warnonce", {
      config: {
        "revstack:blueprint": path.join(repoRoot, "test/e2e/fixtures/blueprints/quiet.yaml"),
        // Nothing is declared, so nothing calls it.
        "hubspot:baseUrl": "http://127.0.0.1:9",
      },
      secrets: { "hubspot:token": "not-used" },
    });
  });

  afterAll(() => engine?.dispose());

  /** The warning's entries in the CLI's Diagnostics sections (the progress lines above them echo each entry). */
  const occurrences = (text: string) => text.split("\n").filter((l) => l.trim() === `warning: ${WARNING}`).length;

  it("prints each warning once per `pulumi up`, and again on the next command", async () => {
    const first = await engine.cli(["up", "--yes"]);
    expect(occurrences(first.stdout + first.stderr)).toBe(1);
    const second = await engine.cli(["up", "--yes"]);
    expect(occurrences(second.stdout + second.stderr)).toBe(1);
  });
});
