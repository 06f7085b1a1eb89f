import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { describe, expect, it } from "vitest";
import { spawnSandboxCli } from "./cli-process";

function startCli(args: string[]) {
  const child = spawnSandboxCli(args);
  const lines: string[] = [];
  const firstLine = new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).on("line", (line) => {
      lines.push(line);
      if (lines.length === 1) resolve(line);
    });
    child.once("exit", (code) => reject(new Error(`exited early with ${code}`)));
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { child, lines, firstLine, exited };
}

describe("revstack sandbox", () => {
  it("prints the URL once listening, serves a fresh portal, and stops cleanly on SIGTERM", async () => {
    const statePath = join(mkdtempSync(join(tmpdir(), "revstack-cli-")), "state.json");
    const run = startCli(["--port", "0", "--state", statePath, "--tier", "190"]);
    try {
      const line = await run.firstLine;
      expect(line).toMatch(/^listening on http:\/\/127\.0\.0\.1:\d+$/);
      const url = line.slice("listening on ".length);
      const res = await fetch(`${url}/settings/v3/users/teams`, { headers: { Authorization: "Bearer sandbox-token" } });
      expect(res.status).toBe(200);
      expect(res.headers.get("x-hubspot-ratelimit-max")).toBe("190");
      // A portal as HubSpot hands it over: no teams, one user (its creator, a super admin).
      expect(((await res.json()) as { results: unknown[] }).results).toEqual([]);
      const users = await fetch(`${url}/settings/users/2026-03`, {
        headers: { Authorization: "Bearer sandbox-token" },
      });
      expect(
        ((await users.json()) as { results: Array<{ superAdmin: boolean }> }).results.map((u) => u.superAdmin),
      ).toEqual([true]);
    } finally {
      run.child.kill("SIGTERM");
    }
    expect(await run.exited).toBe(0);
    expect(run.lines.filter((l) => l.startsWith("listening on"))).toHaveLength(1);
    expect(run.lines).toContain("token: sandbox-token");
    expect(JSON.parse(readFileSync(statePath, "utf8")).teams).toEqual({});
  });

  it("gives a new portal the demo sales team with --demo-people", async () => {
    const run = startCli(["--port", "0", "--demo-people"]);
    try {
      const url = (await run.firstLine).slice("listening on ".length);
      const get = async (route: string) =>
        (
          (await (await fetch(`${url}${route}`, { headers: { Authorization: "Bearer sandbox-token" } })).json()) as {
            results: unknown[];
          }
        ).results;
      expect(await get("/settings/teams/2026-09-beta")).toHaveLength(3);
      expect(await get("/settings/users/2026-03")).toHaveLength(6);
    } finally {
      run.child.kill("SIGTERM");
    }
    expect(await run.exited).toBe(0);
  });

  it("never prints tokens the user chose", async () => {
    const run = startCli(["--port", "0", "--token", "my-secret-token", "--admin-token", "my-admin-secret"]);
    try {
      await run.firstLine;
    } finally {
      run.child.kill("SIGTERM");
    }
    await run.exited;
    expect(run.lines.join("\n")).not.toMatch(/my-secret-token|my-admin-secret/);
  });
});
