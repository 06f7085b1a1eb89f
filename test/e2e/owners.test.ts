// Removing an owner who still owns records: refused with the counts before anything is written (also when the same
// edit changes something else), shown with the counts in `pulumi preview` and `revstack preview`, unless the
// blueprint retires them with `reassignTo`; then their records move first and none is left on a dead owner.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Sandbox } from "../../src/sandbox";
import type { EngineStack } from "../support/engine";
import { sandboxStack } from "../support/portal";
import { api, resetStats, sandbox, stats } from "../providers/helpers";
import { register as registerPreview } from "../../src/cli/commands/preview";
import { runCommands, withEnv } from "../review/cli";
import { dealPipeline, stageOf } from "../support/portal";

const LEAVER = "olivia.brown@e2e.test";
const STAYER = "ethan.wright@e2e.test";

const blueprint = (owners: string[], retired = "", qualified = 0.2) => `apiVersion: revstack/v1
kind: Blueprint
metadata: { name: e2e-owners }
pipelines:
  sales:
    label: Owners Sales
    object: deals
    stages:
      - { key: qualified, label: Qualified, probability: ${qualified} }
      - { key: won, label: Won, probability: 1.0, closed: won }
      - { key: lost, label: Lost, probability: 0.0, closed: lost }
owners:
${owners.map((email) => `  - { email: ${email}, name: ${email.split("@")[0].replace(".", " ")} }`).join("\n")}
${retired}`;

async function ownerId(sb: Sandbox, email: string): Promise<string> {
  const owner = (await api(sb, "GET", "/crm/v3/owners?limit=100")).results.find(
    (o: { email: string }) => o.email === email,
  );
  if (!owner) throw new Error(`no owner ${email}`);
  return owner.id;
}

/** A search, waiting out the sandbox's 4-searches-per-second limit (the providers just searched too); 5 tries. */
async function search(sb: Sandbox, type: string, body: object): Promise<any> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await api(sb, "POST", `/crm/v3/objects/${type}/search`, body);
    } catch (err) {
      if (attempt >= 5 || !/: 429 /.test(String(err))) throw err;
      await new Promise((resolve) => setTimeout(resolve, 1_100));
    }
  }
}

async function ownedBy(sb: Sandbox, type: string, id: string): Promise<number> {
  const res = await search(sb, type, {
    filterGroups: [{ filters: [{ propertyName: "hubspot_owner_id", operator: "EQ", value: id }] }],
    limit: 1,
  });
  return res.total;
}

describe("removing an owner who owns records", { timeout: 600_000 }, () => {
  let sb: Sandbox;
  let engine: EngineStack;
  let dir: string;
  let file: string;
  let leaverOwner: string;

  beforeAll(async () => {
    sb = await sandbox({ tier: 250 });
    dir = await mkdtemp(path.join(tmpdir(), "revstack-owners-"));
    file = path.join(dir, "owners.yaml");
    await writeFile(file, blueprint([LEAVER, STAYER]));
    engine = await sandboxStack("owners", sb, file);
    expect(await engine.up()).toMatchObject({ create: 8 });
    leaverOwner = await ownerId(sb, LEAVER);
    for (let i = 0; i < 3; i++) {
      await api(sb, "POST", "/crm/v3/objects/deals", {
        properties: {
          dealname: `Deal ${i}`,
          pipeline: "default",
          dealstage: "appointmentscheduled",
          hubspot_owner_id: leaverOwner,
        },
      });
    }
    for (let i = 0; i < 2; i++) {
      await api(sb, "POST", "/crm/v3/objects/contacts", {
        properties: { email: `lead${i}@bigco.test`, hubspot_owner_id: leaverOwner },
      });
    }
  });

  /** `up` stops with the leaver's counts and the fix, prints no stack trace, and writes nothing. */
  const expectRefused = async () => {
    await resetStats(sb);
    const output = await engine.failedUp();
    expect(output).toContain(
      `Removing owner ${LEAVER} would leave 2 contact(s) and 3 deal(s) assigned to an owner who no longer exists.`,
    );
    expect(output).toContain(`retiredOwners: [{ email: ${LEAVER}, reassignTo: <owner email or team key> }]`);
    expect(output).not.toMatch(/^\s{4}at /m);
    expect((await stats(sb)).writes).toBe(0);
  };

  /** `revstack preview` as a user runs it on this stack. */
  const revstack = (args: string[]) =>
    withEnv(
      {
        PULUMI_BACKEND_URL: engine.env.PULUMI_BACKEND_URL,
        PULUMI_CONFIG_PASSPHRASE: engine.env.PULUMI_CONFIG_PASSPHRASE,
      },
      () => runCommands([registerPreview], [...args, "--stack", "owners", "--cwd", engine.projectDir]),
    );

  afterAll(async () => {
    await engine?.dispose();
    await sb?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it("is refused with the owner and the counts, and nothing is written", async () => {
    await writeFile(file, blueprint([STAYER]));
    await expectRefused();
    expect(await ownedBy(sb, "deals", leaverOwner)).toBe(3);
  });

  it("is refused before any write when the same edit changes something else too", async () => {
    await writeFile(file, blueprint([STAYER], "", 0.3));
    await expectRefused();
    expect(stageOf(await dealPipeline(sb, "Owners Sales"), "Qualified").metadata.probability).toBe("0.2");
  });

  it("preview lists the removal among the dangerous changes with the counts, and says the apply will stop", async () => {
    await writeFile(file, blueprint([STAYER], "", 0.3));
    await resetStats(sb);
    const from = engine.logs.length;
    expect(await engine.preview()).toMatchObject({ update: 1, delete: 1 });
    expect(engine.logs.slice(from).join("")).toContain(
      `Owner ${LEAVER} owns 2 contact(s) and 3 deal(s): \`pulumi up\` will stop before any write`,
    );
    const { code, stdout } = await revstack(["preview", "--format", "json"]);
    expect(code).toBe(0);
    const removal = JSON.parse(stdout).changes.find((c: { message: string }) =>
      c.message.startsWith(`Owner ${LEAVER}`),
    );
    expect(removal.danger).toContain("owns 2 contact(s) and 3 deal(s): the apply stops before any write");
    expect(removal.danger).toContain(`retiredOwners: [{ email: ${LEAVER}, reassignTo: <owner email or team key> }]`);
    expect((await stats(sb)).writes).toBe(0);
  });

  it("stops a refresh that runs the program too (the program cannot tell it from an up), writing nothing", async () => {
    await writeFile(file, blueprint([STAYER], "", 0.3));
    await resetStats(sb);
    const from = engine.logs.length;
    const err = await engine.refresh({ runProgram: true }).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(String(err) + engine.logs.slice(from).join("")).toContain(
      `Removing owner ${LEAVER} would leave 2 contact(s) and 3 deal(s)`,
    );
    expect((await stats(sb)).writes).toBe(0);
  });

  it("preview of a retirement shows the counts and where the records go", async () => {
    await writeFile(file, blueprint([STAYER], `retiredOwners:\n  - { email: ${LEAVER}, reassignTo: ${STAYER} }\n`));
    const from = engine.logs.length;
    await engine.preview();
    expect(engine.logs.slice(from).join("")).toContain(
      `Owner ${LEAVER} owns 2 contact(s) and 3 deal(s): they move to ${STAYER}, then the user is removed`,
    );
    const { code, stdout } = await revstack(["preview", "--format", "json"]);
    expect(code).toBe(0);
    const retired = JSON.parse(stdout).changes.find((c: { message: string }) =>
      c.message.startsWith(`Owner ${LEAVER}`),
    );
    expect(retired.message).toBe(
      `Owner ${LEAVER} retired: their 2 contact(s) and 3 deal(s) move to ${STAYER}, then the user is removed`,
    );
    expect(retired.danger).toBeDefined();
  });

  it("with retiredOwners, moves every record to the new owner and then removes the user", async () => {
    await writeFile(file, blueprint([STAYER], `retiredOwners:\n  - { email: ${LEAVER}, reassignTo: ${STAYER} }\n`));
    await engine.up();
    const stayer = await ownerId(sb, STAYER);
    for (const type of ["deals", "contacts"]) expect(await ownedBy(sb, type, leaverOwner), type).toBe(0);
    expect(await ownedBy(sb, "deals", stayer)).toBe(3);
    expect(await ownedBy(sb, "contacts", stayer)).toBe(2);
    const users = (await api(sb, "GET", "/settings/v3/users/?limit=100")).results.map(
      (u: { email: string }) => u.email,
    );
    expect(users).not.toContain(LEAVER);
    // The records stay editable: none points at an owner who no longer exists.
    const deal = (await search(sb, "deals", { limit: 1 })).results[0];
    const patched = await api(sb, "PATCH", `/crm/v3/objects/deals/${deal.id}`, { properties: { dealname: "Renamed" } });
    expect(patched.properties.dealname).toBe("Renamed");
    expect(await engine.preview({ refresh: true })).toEqual({});
  });
});
