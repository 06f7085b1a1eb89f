/**
 * revstack as a package, end to end: `npm pack` this checkout, install the tarball into a fresh directory, and use
 * it there exactly as the README says a user does — init, validate, setup, a sandbox, `npm run up` with no terminal
 * and no stack created by hand, a second `up` that makes no API calls, then preview, drift and report.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createHmac } from "node:crypto";
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import YAML from "yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pulumiBinDir } from "../support/engine";
import { ok, ROOT, sh, userEnv } from "./support";

describe("the packed file list", () => {
  it("holds the compiled code, the program, the schema, the set-up scripts and templates, and no tests, benches or fixtures", async () => {
    const { stdout } = ok(await sh(ROOT, "npm", ["pack", "--dry-run", "--json", "--ignore-scripts"]));
    const files = (JSON.parse(stdout) as Array<{ files: Array<{ path: string }> }>)[0].files.map((f) => f.path);
    for (const needed of [
      "bin/revstack.js",
      "dist/src/cli/main.js",
      "dist/program/index.js",
      "dist/providers/pipeline.js",
      "schemas/blueprint.schema.json",
      "templates/project/Pulumi.yaml",
      "scripts/setup-pulumi.sh",
      "scripts/setup-node.sh",
      "scripts/setup-n8n.sh",
      "scripts/pulumi-language-nodejs.js",
      "tools/n8n/package-lock.json",
      "docs/blueprint.md",
      "docs/kinds/property.md",
    ])
      expect(files, needed).toContain(needed);
    const unwanted = files.filter((f) =>
      /^(test|bench|\.ci|\.github|blueprints|stacks)\/|fixtures|\.test\.|\.map$|^src\/|^providers\/|^program\//.test(f),
    );
    expect(unwanted).toEqual([]);
  });
});

const skip = !pulumiBinDir() && !process.env.CI;

describe.skipIf(skip)("a user project that installed the packed tarball", () => {
  const tmp = mkdtempSync(path.join(tmpdir(), "revstack-pack-"));
  const project = path.join(tmp, "acme-revenue");
  const env = userEnv({ PULUMI_CONFIG_PASSPHRASE: "revstack-demo" });
  const npx = (...args: string[]) => sh(project, "npx", ["--no-install", "revstack", ...args], { env });
  let sandbox: ChildProcess | undefined;
  let url = "";

  beforeAll(async () => {
    if (!existsSync(path.join(ROOT, "dist/program/index.js")))
      throw new Error("dist/ is missing: npm run build first (npm test does)");
    // dist/ is already built (npm test builds first); --ignore-scripts keeps `prepare` from rebuilding it under the
    // other tests' feet.
    const packed = ok(await sh(ROOT, "npm", ["pack", "--json", "--ignore-scripts", "--pack-destination", tmp]));
    const tarball = path.join(tmp, (JSON.parse(packed.stdout) as Array<{ filename: string }>)[0].filename);
    mkdirSync(project);
    ok(await sh(project, "npm", ["install", "--prefer-offline", tarball], { env, timeoutMs: 300_000 }));
  }, 330_000);

  afterAll(async () => {
    sandbox?.kill("SIGTERM");
    await new Promise((resolve) =>
      sandbox && sandbox.exitCode === null ? sandbox.once("exit", resolve) : resolve(undefined),
    );
    rmSync(tmp, { recursive: true, force: true });
  });

  it("inits, validates and sets up the project", async () => {
    const init = ok(await npx("init"));
    expect(init.stdout).toContain("wrote Pulumi.yaml");
    expect(init.stdout).toContain("updated package.json");
    ok(await npx("validate", "blueprints/acme-revenue.yaml"));
    const setup = ok(await npx("setup"));
    expect(setup.stdout).toContain("recorded in");
    for (const tool of ["pulumi", "node"]) {
      const dir = readFileSync(path.join(project, `.revstack/${tool}-bin`), "utf8").trim();
      expect(existsSync(path.join(dir, tool)), `${tool} in ${dir}`).toBe(true);
    }
  }, 120_000);

  it("signs a webhook call with `revstack/webhook-signature`, as docs/webhooks.md shows a Node caller", async () => {
    const script =
      'const { signWebhookCall } = require("revstack/webhook-signature");' +
      'console.log(JSON.stringify(signWebhookCall("s3cret", "http://127.0.0.1:5678/webhook/revstack/x/route-lead", "{}", 1700000000000)));';
    const headers = JSON.parse(ok(await sh(project, "node", ["-e", script], { env })).stdout) as Record<string, string>;
    const expected = createHmac("sha256", "s3cret")
      .update("POST/webhook/revstack/x/route-lead{}1700000000000")
      .digest("hex");
    expect(headers).toEqual({ "X-Revstack-Timestamp": "1700000000000", "X-Revstack-Signature": expected });
  });

  it("applies the starter blueprint with `npm run up` as the README says: the dev stack is created, nothing asked, each warning printed once; a second up makes no API calls", async () => {
    url = await startSandbox();
    expect(
      YAML.parse(readFileSync(path.join(project, "stacks/Pulumi.dev.yaml"), "utf8")).config["revstack:blueprint"],
    ).toBe("blueprints/acme-revenue.yaml");
    // The one step the README does not say: the test's sandbox listens on a free port, not 4317.
    const stackFile = path.join(project, "stacks/Pulumi.dev.yaml");
    writeFileSync(stackFile, readFileSync(stackFile, "utf8").replace("http://127.0.0.1:4317", url));
    // A routing rule on a stack without n8n:baseUrl: the program warns that it was not applied.
    const blueprint = path.join(project, "blueprints/acme-revenue.yaml");
    appendFileSync(blueprint, "\nrouting:\n  - { key: fallback, assign: { owner: first.owner@example.com } }\n");

    const up = await sh(project, "npm", ["run", "up"], { env });
    expect(up.code, up.stdout + up.stderr).toBe(0);
    expect(up.stderr).toContain(`revstack: created the stack "dev"`);
    expect(up.stdout).toMatch(/\+ 10 created/);
    // Pulumi shows a warning in its progress and again under Diagnostics, once per run of the program: the update
    // after the preview does not say it again.
    const warning = "n8n:baseUrl is not set: 1 routing rule(s) and 0 automation(s) were not applied";
    expect(up.stdout.split(warning).length - 1, up.stdout).toBeLessThanOrEqual(2);
    expect(up.stdout).toContain(warning);
    const [, update] = up.stdout.split(/^Updating \(dev\):$/m);
    expect(update).not.toContain(warning);

    await admin("POST", "/__sandbox/stats/reset");
    ok(await npx("pulumi", "up", "--stack", "dev", "--yes", "--skip-preview", "--expect-no-changes"));
    expect(await admin("GET", "/__sandbox/stats")).toMatchObject({ reads: 0, writes: 0 });
  }, 240_000);

  it("runs preview, drift and report from the project directory", async () => {
    expect(url).not.toBe("");
    const preview = ok(await npx("preview", "--stack", "dev"));
    expect(preview.stdout).toContain("No changes");
    const drift = await npx("drift", "--stack", "dev");
    expect(drift.code, drift.stdout + drift.stderr).toBe(0);
    expect(drift.stdout).toContain("No drift");
    ok(await npx("report", "--stack", "dev", "--out", "reports"));
    expect(existsSync(path.join(project, "reports/report.html"))).toBe(true);
  }, 240_000);

  /** `npx revstack sandbox` on a free port, with its state in the project; resolves to its URL. */
  function startSandbox(): Promise<string> {
    const bin = path.join(project, "node_modules/.bin/revstack");
    sandbox = spawn(
      process.execPath,
      [bin, "sandbox", "--port", "0", "--state", ".revstack/sandbox-state.json", "--portal-id", "4242424"],
      { cwd: project, env },
    );
    return new Promise((resolve, reject) => {
      let out = "";
      const timer = setTimeout(() => reject(new Error(`the sandbox did not start: ${out}`)), 30_000);
      sandbox!.stdout!.on("data", (chunk) => {
        out += String(chunk);
        const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
        if (m) {
          clearTimeout(timer);
          resolve(m[1]);
        }
      });
    });
  }

  async function admin(method: string, route: string): Promise<unknown> {
    const res = await fetch(`${url}${route}`, { method, headers: { "X-Sandbox-Admin-Token": "sandbox-admin-token" } });
    return res.json();
  }
});
