/** `revstack validate --stack`: notifications the stack's configuration cannot deliver are errors, at the target. */
import { mkdtemp, mkdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { register } from "../../src/cli/commands/validate";
import { runCommands } from "./cli";

const BASE = path.resolve(__dirname, "../../blueprints/base.yaml");

describe("revstack validate --stack", () => {
  let dir: string;
  const stackFile = (config: Record<string, unknown>) =>
    writeFile(
      path.join(dir, "stacks/Pulumi.agency.yaml"),
      JSON.stringify({ config: { "revstack:blueprint": BASE, ...config } }),
    );
  const validate = (...args: string[]) =>
    runCommands([register], ["validate", "--stack", "agency", "--cwd", dir, ...args]);

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "revstack-validate-"));
    await mkdir(path.join(dir, "stacks"));
    await writeFile(path.join(dir, "Pulumi.yaml"), "name: revstack\nruntime: nodejs\nstackConfigDir: stacks\n");
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("exits 1 with one error per kind the stack cannot deliver, at the first target of that kind", async () => {
    await stackFile({ "n8n:baseUrl": "http://127.0.0.1:5678" });
    const { code, stdout } = await validate();
    expect(code).toBe(1);
    const errors = stdout.split("\n").filter((l) => l.includes(": error: "));
    expect(errors).toHaveLength(2);
    // routing[0] (existing-customer) escalates to its manager by email; routing[1] notifies slack:#enterprise-leads.
    expect(errors[0]).toMatch(
      new RegExp(
        `^${BASE}:187:\\d+: error: Email notifications cannot be delivered with this stack's configuration: .*revstack:smtpHost.* \\(stack agency\\)$`,
      ),
    );
    expect(errors[1]).toMatch(
      new RegExp(
        `^${BASE}:197:\\d+: error: Slack notifications cannot be delivered with this stack's configuration: slack:#enterprise-leads.* \\(stack agency\\)$`,
      ),
    );
    expect(stdout).toContain(`${BASE}: invalid (2 errors, 0 warnings)`);
  });

  it("exits 0 once Slack and SMTP are configured (a secret counts while encrypted)", async () => {
    await stackFile({
      "revstack:slackToken": { secure: "v1:abc" },
      "revstack:smtpHost": "smtp.acme.test",
      "revstack:emailFrom": "revops@acme.test",
    });
    const { code, stdout } = await validate();
    expect(stdout).toBe(`${BASE}: valid (0 errors, 0 warnings)\n`);
    expect(code).toBe(0);
  });

  it("says what is missing when the stack has no file", async () => {
    const { code, stderr } = await runCommands([register], ["validate", "--stack", "nope", "--cwd", dir]);
    expect(code).toBe(1);
    expect(stderr).toContain('no stack configuration for "nope": expected stacks/Pulumi.nope.yaml');
  });
});
