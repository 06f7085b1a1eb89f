/**
 * `revstack plan` as a user runs it: refs in real history, `extends` chains as they were at the ref,
 * new files, broken blueprints on either side, and the three output formats.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { register } from "../../src/cli/commands/plan";
import { runCommands } from "./cli";
import { edited, FIXTURE, TempRepo } from "./git-repo";

const revstackPlan = (args: string[]) => runCommands([register], ["plan", ...args]);

const CHILD = `apiVersion: revstack/v1
kind: Blueprint
extends: ../base.yaml
metadata:
  name: emea
  currency: EUR
`;

let repo: TempRepo;

beforeAll(() => {
  repo = new TempRepo();
  // v1: the unit extends base.yaml.
  repo.commit("v1", { "base.yaml": FIXTURE, "units/emea.yaml": CHILD });
  // v2: the base is renamed and its demo stage changes; the unit follows the rename.
  repo.git("mv", "base.yaml", "company.yaml");
  repo.commit("v2", {
    "company.yaml": edited((doc) => (doc.pipelines["new-business"].stages[1].probability = 0.4)),
    "units/emea.yaml": CHILD.replace("../base.yaml", "../company.yaml"),
    "units/partners.yaml": CHILD.replace("../base.yaml", "../company.yaml").replace("name: emea", "name: partners"),
  });
});
afterAll(() => repo.remove());

describe("revstack plan on git history", () => {
  it("resolves the extends chain as it was at the base ref, even when the base file has since moved", async () => {
    repo.write("units/emea.yaml", CHILD.replace("../base.yaml", "../company.yaml").replace("EUR", "GBP"));
    const { code, stdout, stderr } = await revstackPlan([repo.path("units/emea.yaml"), "--base", "HEAD~1"]);
    expect(stderr).toBe("");
    expect(code).toBe(0);
    expect(stdout).toContain("  ~ Blueprint currency EUR → GBP\n");
    expect(stdout).toContain(
      "Pipeline 'New Business' (new-business)\n    ~ Stage 'Demo Scheduled' probability 30% → 40%\n",
    );
    expect(stdout).toMatch(/^revstack plan \S+units\/emea\.yaml  \(HEAD~1 [0-9a-f]{7} → working tree\)\n2 changes\n/);

    const sinceV2 = await revstackPlan([repo.path("units/emea.yaml")]);
    expect(sinceV2.stdout).toContain("1 change\n");
    expect(sinceV2.stdout).not.toContain("probability");
  });

  it("treats a file that did not exist at the base ref as all new", async () => {
    const { code, stdout } = await revstackPlan([
      repo.path("units/partners.yaml"),
      "--base",
      "HEAD~1",
      "--format",
      "json",
    ]);
    expect(code).toBe(0);
    const plan = JSON.parse(stdout);
    expect(plan.notes).toEqual([
      `${repo.path("units/partners.yaml")} does not exist at HEAD~1: everything in it is new`,
    ]);
    expect(plan.changes.every((c: { action: string }) => c.action === "add")).toBe(true);
    expect(plan.changes.map((c: { message: string }) => c.message)).toContain(
      "Routing rule 'fallback' added at position 3: every remaining lead → team inbound-sdr, first touch 1d in business hours",
    );
  });

  it("says 'no changes' and exits 0 when nothing changed", async () => {
    repo.write("units/emea.yaml", CHILD.replace("../base.yaml", "../company.yaml"));
    const { code, stdout } = await revstackPlan([repo.path("units/emea.yaml")]);
    expect(code).toBe(0);
    expect(stdout.split("\n")[1]).toBe("No changes: the blueprint means the same as at HEAD.");
  });

  it("exits 1 with file:line:column when the working tree blueprint is broken", async () => {
    const file = repo.write("company.yaml", FIXTURE.replace("probability: 0.3,", "probability: 3,"));
    try {
      const { code, stdout, stderr } = await revstackPlan([file]);
      expect(code).toBe(1);
      expect(stdout).toBe("");
      const line = FIXTURE.split("\n").findIndex((l) => l.includes("probability: 0.3,")) + 1;
      expect(stderr).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}:${line}:\\d+: error: `, "m"));
      expect(stderr).toContain("revstack plan: cannot compare: the blueprint has errors (above)");
    } finally {
      repo.git("checkout", "--", "company.yaml");
    }
  });

  it("exits 1 and names the ref when the blueprint was broken at the base ref", async () => {
    const broken = FIXTURE.replace("label: New Business", "label: ''");
    repo.commit("broken", { "broken.yaml": broken });
    repo.write("broken.yaml", FIXTURE);
    const { code, stderr } = await revstackPlan([repo.path("broken.yaml")]);
    expect(code).toBe(1);
    expect(stderr).toMatch(/^HEAD:\S+broken\.yaml:\d+:\d+: error: /m);
  });

  it("exits 1 with one line for an unknown ref or a file outside git", async () => {
    const unknown = await revstackPlan([repo.path("company.yaml"), "--base", "no-such-branch"]);
    expect(unknown).toMatchObject({ code: 1, stdout: "", stderr: 'revstack plan: unknown git ref "no-such-branch"\n' });
    const option = await revstackPlan([repo.path("company.yaml"), "--base=--output=/tmp/x"]);
    expect(option).toMatchObject({ code: 1, stderr: 'revstack plan: invalid git ref "--output=/tmp/x"\n' });
  });
});

describe("revstack plan output formats", () => {
  beforeAll(() => {
    repo.write(
      "company.yaml",
      edited(
        (doc) => {
          doc.pipelines["new-business"].stages[1].label = "Demo <b>booked</b> *now*";
          delete doc.properties.deals.loss_reason;
        },
        edited((doc) => (doc.pipelines["new-business"].stages[1].probability = 0.4)),
      ),
    );
  });

  it("markdown: a marker for CI to find its comment, dangerous changes in a caution block, user text escaped", async () => {
    const { code, stdout } = await revstackPlan([repo.path("company.yaml"), "--format", "markdown"]);
    expect(code).toBe(0);
    const lines = stdout.split("\n");
    expect(lines[0]).toBe(`<!-- revstack plan ${repo.path("company.yaml")} -->`);
    expect(stdout).toContain(
      "> [!CAUTION]\n> **Dangerous changes**\n>\n> - ➖ Deal properties: Property 'Loss reason' (loss\\_reason) deleted\n",
    );
    expect(stdout).toContain("- ✏️ Stage 'Demo Scheduled' renamed to 'Demo \\<b\\>booked\\</b\\> \\*now\\*'");
    expect(stdout).not.toContain("<b>");
    expect(stdout).toContain(
      "#### Pipelines and stages\n\n**Pipeline 'New Business' (new-business)**\n\n- ✏️ Stage 'Demo Scheduled' renamed to",
    );
    expect(stdout.indexOf("Dangerous")).toBeLessThan(stdout.indexOf("#### Pipelines and stages"));
  });

  it("json: the same changes with counts; text: dangerous first and no color codes when not on a terminal", async () => {
    const json = JSON.parse((await revstackPlan([repo.path("company.yaml"), "--format", "json"])).stdout);
    // Besides the loss_reason property: its deals group (now empty) and the stage-entry timestamp named after the stage.
    expect(json.summary).toEqual({ changes: 4, dangerous: 1, bySection: { pipelines: 1, properties: 3 } });
    expect(json.changes.find((c: { danger?: string }) => c.danger)).toEqual({
      section: "properties",
      action: "remove",
      scope: "Deal properties",
      message: "Property 'Loss reason' (loss_reason) deleted",
      danger: "deletes the property and the value every deal holds in it",
    });
    const text = (await revstackPlan([repo.path("company.yaml")])).stdout;
    expect(text).not.toMatch(/\x1b\[/);
    expect(text.split("\n").slice(1, 6)).toEqual([
      "4 changes, 1 dangerous",
      "note: No stack config of this project applies this blueprint, so plan cannot see which objects were adopted: an adopted object " +
        "that leaves the blueprint is released (the stack forgets it, HubSpot keeps it as it is), not deleted, unless the blueprint's delete: list names it. " +
        "`revstack preview --stack <name>` shows which.",
      "",
      "⚠ Dangerous changes",
      "  - Deal properties: Property 'Loss reason' (loss_reason) deleted",
    ]);
  });

  it("rejects an unknown format", async () => {
    await expect(revstackPlan([repo.path("company.yaml"), "--format", "yaml"])).rejects.toThrow(
      /Allowed choices are text, markdown, json/,
    );
  });
});
