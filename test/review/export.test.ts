/**
 * `revstack export` against the sandbox: a valid blueprint with stable keys from labels, and the round trip a
 * team adopting revstack relies on: applying the export to the same account with `revstack:adopt` makes no writes.
 */
import { handMadeForm } from "../support/hand-made-form";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createInterface } from "node:readline";
import { loadBlueprint } from "../../src/blueprint";
import { BUILTIN_PIPELINES } from "../../src/blueprint/checks/builtin-pipelines";
import { register } from "../../src/cli/commands/export";
import type { Sandbox } from "../../src/sandbox";
import { api, resetStats, sandbox, stats, TOKEN } from "../providers/helpers";
import { spawnSandboxCli } from "../sandbox/cli-process";
import { adoptingStack } from "../support/portal";
import { runCommands, withEnv } from "./cli";

let sb: Sandbox;

/** Everything an export reads, as the API returns it (timestamps left out: reads do not change them). */
async function account(box: Sandbox): Promise<unknown> {
  const strip = (value: unknown): unknown =>
    JSON.parse(JSON.stringify(value, (k, v) => (/^(createdAt|updatedAt)$/.test(k) ? undefined : v)));
  const get = async (route: string) => strip((await api(box, "GET", route)).results);
  return {
    deals: await get("/crm/pipelines/2026-09/deals"),
    tickets: await get("/crm/pipelines/2026-09/tickets"),
    groups: await get("/crm/properties/2026-09/contacts/groups"),
    properties: await get("/crm/properties/2026-09/contacts"),
    users: await get("/settings/users/2026-03"),
    teams: await get("/settings/teams/2026-09-beta"),
    forms: await get("/marketing/forms/2026-09-beta"),
  };
}
let dir: string;

const revstackExport = (args: string[]) => runCommands([register], ["export", ...args]);

beforeAll(async () => {
  // The demo sales team stands in for an account's people (users with roles and teams).
  sb = await sandbox({ tier: 250, demoPeople: true });
  dir = await mkdtemp(path.join(tmpdir(), "revstack-export-"));
  // What an existing account has besides HubSpot's defaults: a custom group with an enumeration and a text property.
  await api(sb, "POST", "/crm/properties/2026-09/contacts/groups", {
    name: "lead_intel",
    label: "Lead intel",
    displayOrder: 0,
  });
  await api(sb, "POST", "/crm/properties/2026-09/contacts", {
    name: "lead_tier",
    label: "Lead tier",
    type: "enumeration",
    fieldType: "select",
    groupName: "lead_intel",
    options: [
      { value: "a", label: "Tier A", displayOrder: 0, hidden: false },
      { value: "b", label: "Tier B", displayOrder: 1, hidden: true },
    ],
  });
  await api(sb, "POST", "/crm/properties/2026-09/contacts", {
    name: "intent_topic",
    label: "Intent topic",
    type: "string",
    fieldType: "text",
    groupName: "lead_intel",
  });
  // Teams can have a parent team (Teams API); blueprints have no hierarchy.
  await api(sb, "PATCH", "/settings/teams/2026-09-beta/102", { name: "Sales North America", parentTeamId: "101" });
  // A form made by hand on a default property and the custom one, with a redirect and a lifecycle stage.
  await api(sb, "POST", "/marketing/forms/2026-09-beta", demoRequestForm());
  // A pipeline made by hand next to HubSpot's default ones (which are HubSpot's, and not exported).
  await api(sb, "POST", "/crm/pipelines/2026-09/deals", {
    label: "Renewals",
    displayOrder: 1,
    stages: [
      { label: "Decision Maker Bought-In", displayOrder: 0, metadata: { probability: "0.8" } },
      { label: "Renewed", displayOrder: 1, metadata: { probability: "1.0" } },
      { label: "Lost", displayOrder: 2, metadata: { probability: "0.0" } },
    ],
  });
});

afterAll(async () => {
  await sb?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** A required email field and a text field on a custom property. */
const demoRequestForm = () =>
  handMadeForm({
    name: "Request a demo",
    fields: [
      ["email", "Email", "email", true],
      ["intent_topic", "What interests you?", "single_line_text", false],
    ],
    submit: { type: "redirect_url", value: "https://acme.test/thanks" },
    lifecycleStage: "marketingqualifiedlead",
    button: "Send",
  });

describe("revstack export", () => {
  it("writes a valid blueprint of pipelines, stages, custom properties, users and teams, with keys from labels", async () => {
    const out = path.join(dir, "exported.yaml");
    const { code, stdout, stderr } = await revstackExport(["--base-url", sb.url, "--token", TOKEN, "--out", out]);
    expect(code).toBe(0);
    expect(stdout.split("\n")[0]).toBe(
      `Wrote ${out}: 1 pipeline with 3 stages, 2 custom properties, 5 owners, 3 teams`,
    );
    expect(stdout).toContain(
      "note: HubSpot teams have no manager, so marta.lindqvist@demo.revstack.test was chosen as the manager of team sales-emea; check teams.sales-emea.manager.\n",
    );
    expect(stdout).toContain('note: Team sales-north-america has the parent team "Sales EMEA" in HubSpot');
    expect(stdout).toContain(
      "note: The super admin ada.admin@demo.revstack.test was left out: super admins are the account's, not a stack's.",
    );
    expect(stderr).not.toMatch(/error/);
    const text = await readFile(out, "utf8");
    expect(text).not.toContain(TOKEN);
    expect(text).toContain(
      "      - { key: decision-maker-bought-in, label: Decision Maker Bought-In, probability: 0.8 }\n",
    );
    const { blueprint } = await loadBlueprint(out);
    expect(text.split("\n")[0]).toMatch(
      /^# yaml-language-server: \$schema=(\.\.\/)+.*schemas\/blueprint\.schema\.json$/,
    );
    expect(Object.keys(blueprint!.pipelines)).toEqual(["renewals"]);
    expect(blueprint!.properties.groups).toEqual({ lead_intel: { label: "Lead intel", displayOrder: 0 } });
    expect(blueprint!.properties.contacts!.lead_tier).toEqual({
      label: "Lead tier",
      type: "enumeration",
      group: "lead_intel",
      options: [
        { value: "a", label: "Tier A" },
        { value: "b", label: "Tier B", hidden: true },
      ],
    });
    expect(blueprint!.forms).toEqual({
      "request-a-demo": {
        name: "Request a demo",
        fields: [
          { property: "email", label: "Email", required: true },
          { property: "intent_topic", label: "What interests you?", required: false },
        ],
        submit: { redirect: "https://acme.test/thanks" },
        lifecycleStage: "marketingqualifiedlead",
      },
    });
    expect(blueprint!.owners.find((o) => o.email === "jonas.weber@demo.revstack.test")).toMatchObject({
      role: "Sales Rep",
      team: "sales-emea",
    });
    expect(blueprint!.teams["sales-emea"]).toMatchObject({
      label: "Sales EMEA",
      manager: "marta.lindqvist@demo.revstack.test",
    });

    // Stable: the same account exports to the same file.
    const again = path.join(dir, "again.yaml");
    await revstackExport(["--base-url", sb.url, "--token", TOKEN, "--out", again]);
    expect(await readFile(again, "utf8")).toBe(text);
  });

  it("exports a sandbox started as users start it as an empty blueprint: HubSpot's own objects and the account's creator are not the user's", async () => {
    const cli = spawnSandboxCli(["--port", "0", "--state", path.join(dir, "fresh-state.json")]);
    const exited = new Promise((resolve) => cli.once("exit", resolve));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        createInterface({ input: cli.stdout! }).once("line", (line) => resolve(line.replace(/^listening on /, "")));
        cli.once("exit", (code) => reject(new Error(`revstack sandbox exited with ${code}`)));
      });
      const out = path.join(dir, "fresh.yaml");
      const { code, stdout } = await revstackExport(["--base-url", url, "--token", "sandbox-token", "--out", out]);
      expect(code).toBe(0);
      expect(stdout).toBe(
        `Wrote ${out}: 0 pipelines with 0 stages, 0 custom properties, 0 owners, 0 teams\n` +
          "note: The super admin ada.admin@demo.revstack.test was left out: super admins are the account's, not a stack's. " +
          "To route records to one, declare it under owners; it is then adopted as it is.\n",
      );
      const { blueprint } = await loadBlueprint(out);
      expect({
        pipelines: blueprint!.pipelines,
        properties: blueprint!.properties,
        owners: blueprint!.owners,
        teams: blueprint!.teams,
      }).toEqual({ pipelines: {}, properties: {}, owners: [], teams: {} });
      // With --include-defaults: the default pipelines and the default enumerations a portal may customize.
      const all = path.join(dir, "fresh-defaults.yaml");
      expect(
        (await revstackExport(["--base-url", url, "--token", "sandbox-token", "--out", all, "--include-defaults"]))
          .code,
      ).toBe(0);
      const withDefaults = (await loadBlueprint(all)).blueprint!;
      // HubSpot's default pipelines under the keys blueprints use for them, their stages under HubSpot's keys.
      expect(Object.keys(withDefaults.pipelines)).toEqual(["default", "support"]);
      expect(withDefaults.pipelines.default.stages.map((s) => s.key)).toEqual(
        Object.keys(BUILTIN_PIPELINES.default.stageIds),
      );
      expect(withDefaults.pipelines.support.stages.map((s) => s.key)).toEqual(
        Object.keys(BUILTIN_PIPELINES.support.stageIds),
      );
      expect(withDefaults.properties.contacts?.lifecyclestage).toMatchObject({
        type: "enumeration",
        fieldType: "radio",
        group: "contactinformation",
      });
      expect(withDefaults.properties.contacts?.country).toBeUndefined();
    } finally {
      cli.kill("SIGTERM");
      await exited;
    }
  });

  it("exits 1 with one line when the token is refused, and writes nothing", async () => {
    const out = path.join(dir, "refused.yaml");
    const { code, stdout, stderr } = await revstackExport([
      "--base-url",
      sb.url,
      "--token",
      "wrong-token",
      "--out",
      out,
    ]);
    expect(code).toBe(1);
    expect(stdout).toBe("");
    expect(stderr).toMatch(/^revstack export: cannot read the HubSpot account: .*401/);
    expect(stderr).not.toContain("wrong-token");
    await expect(readFile(out, "utf8")).rejects.toThrow(/ENOENT/);
  });

  it(
    "round trip: applying the export with revstack:adopt to the same account changes nothing",
    { timeout: 300_000 },
    async () => {
      const out = path.join(dir, "adopt.yaml");
      const engine = await adoptingStack("adopt", sb, out);
      try {
        // The connection comes from the stack's config; Pulumi decrypts the token.
        const exported = await withEnv(engine.cliEnv, () =>
          revstackExport(["--stack", "adopt", "--cwd", engine.projectDir, "--out", out]),
        );
        expect(exported.code).toBe(0);
        expect(exported.stdout).toContain("1 pipeline with 3 stages, 2 custom properties, 5 owners, 3 teams");
        const before = await account(sb);
        await resetStats(sb);
        const applied = await engine.up();
        // Adopting writes nothing: every object, and every field of it, stays exactly as it was.
        const adopted = await stats(sb);
        expect(adopted.writes, JSON.stringify(adopted.byRoute)).toBe(0);
        expect(await account(sb)).toEqual(before);
        // Every object the user made is now managed: 1 pipeline, 3 stages, 1 group, 2 properties, 5 users (not the super
        // admin), 3 teams with their members, 1 form (+ stack and component); the parent team the blueprint cannot say
        // stays as it was.
        expect(applied).toEqual({ create: 18 });
        await resetStats(sb);
        expect(await engine.up()).toEqual({});
        expect((await stats(sb)).writes).toBe(0);
      } finally {
        await engine.dispose();
      }
    },
  );
});
