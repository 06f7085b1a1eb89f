import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { N8nClient } from "../../src/clients/n8n";
import { findN8nInstall } from "../../src/runtime/n8n-install";

// `revstack n8n`, the way users and the demo keep an n8n running between commands: the built CLI (`npm run build` first).
const run = promisify(execFile);
const cli = (...args: string[]) => run(process.execPath, ["bin/revstack.js", "n8n", ...args], { timeout: 120_000 });
const skip = !findN8nInstall().complete && !process.env.CI;

describe.skipIf(skip)("revstack n8n start / status / stop", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "revstack-n8n-cli-"));
  afterAll(async () => {
    await cli("stop", "--data-dir", dataDir).catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("starts a detached n8n once, keeps the key out of its output, and stops it by its recorded PID", async () => {
    const started = await cli("start", "--data-dir", dataDir, "--port", "0");
    const url = /listening on (http:\/\/127\.0\.0\.1:\d+) \(pid (\d+)/.exec(started.stdout)!;
    expect(url).not.toBeNull();
    const pid = Number(url[2]);
    const { apiKey } = JSON.parse(readFileSync(join(dataDir, "revstack-n8n.json"), "utf8"));
    expect(started.stdout + started.stderr).not.toContain(apiKey);
    await expect(new N8nClient({ baseUrl: url[1], apiKey }).listWorkflows()).resolves.toEqual([]);

    expect((await cli("start", "--data-dir", dataDir)).stdout).toContain(`n8n already running (pid ${pid})`);
    const status = (await cli("status", "--data-dir", dataDir)).stdout;
    expect(status).toContain(`on ${url[1]} (pid ${pid})`);
    expect(status).toContain(`API key in ${join(dataDir, "revstack-n8n.json")}`);
    expect(status).toContain(`n8n ${findN8nInstall().version} `);
    expect(status).not.toContain(apiKey);
    expect((await cli("stop", "--data-dir", dataDir)).stdout).toContain(`n8n (pid ${pid}) stopped`);
    expect(() => process.kill(pid, 0)).toThrow();
    expect((await cli("stop", "--data-dir", dataDir)).stdout).toContain("n8n was not running");
    await expect(cli("status", "--data-dir", dataDir)).rejects.toMatchObject({
      code: 3,
      stdout: expect.stringContaining("n8n is not running"),
    });
  }, 120_000);
});
