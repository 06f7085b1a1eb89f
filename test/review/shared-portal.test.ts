/**
 * `revstack validate --stack` with several stacks on one portal: automations (or routing sweeps) of two stacks that
 * would act on the same events are an error naming both; an unscoped one that would reach another unit's records is
 * an error; business units scoped apart, or on different portals, are valid.
 */
import { mkdtemp, mkdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { stringify } from "yaml";
import { register } from "../../src/cli/commands/validate";
import { runCommands } from "./cli";

const unitProperty = {
  label: "Business unit",
  type: "enumeration",
  group: "dealinformation",
  options: [
    { value: "na", label: "North America" },
    { value: "emea", label: "EMEA" },
  ],
};

/** A unit's blueprint: a Sales pipeline (the same label in both units), and what its automations act on. */
function unit(name: string, options: { scope?: string; pipeline?: string; automations?: unknown[] } = {}) {
  const pipeline = options.pipeline ?? "Sales";
  return {
    apiVersion: "revstack/v1",
    kind: "Blueprint",
    metadata: { name, businessUnit: name },
    targets: { automation: "n8n" },
    ...(options.scope && { scope: { property: "business_unit", value: options.scope } }),
    pipelines: {
      sales: {
        label: pipeline,
        object: "deals",
        stages: [
          { key: "open", label: "Open", probability: 0.1 },
          { key: "won", label: "Won", probability: 1, closed: "won" },
          { key: "lost", label: "Lost", probability: 0, closed: "lost" },
        ],
      },
    },
    properties: { deals: { business_unit: unitProperty } },
    automations: options.automations ?? [
      {
        key: "kickoff",
        on: { stageEntered: { pipeline: "sales", stage: "won" } },
        do: [{ createTask: { title: "Book the kickoff", for: "owner" } }],
      },
    ],
  };
}

describe("revstack validate --stack with other stacks on the portal", () => {
  let dir: string;
  const stack = async (name: string, blueprint: object, config: Record<string, unknown> = {}) => {
    await writeFile(path.join(dir, `${name}.yaml`), stringify(blueprint));
    const settings = { "revstack:blueprint": `${name}.yaml`, "n8n:baseUrl": "http://127.0.0.1:5678" };
    await writeFile(
      path.join(dir, "stacks", `Pulumi.${name}.yaml`),
      stringify({ config: { ...settings, "hubspot:portalId": "4242", ...config } }),
    );
  };
  const validate = (name: string) => runCommands([register], ["validate", "--stack", name, "--cwd", dir]);

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "revstack-shared-portal-"));
    await mkdir(path.join(dir, "stacks"));
    await writeFile(path.join(dir, "Pulumi.yaml"), "name: revstack\nruntime: nodejs\nstackConfigDir: stacks\n");
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("two stacks whose stage automations act on the same events: an error at each, naming both", async () => {
    await stack("na", unit("na"));
    await stack("emea", unit("emea"));
    const { code, stdout } = await validate("emea");
    expect(code).toBe(1);
    expect(stdout.split("\n").filter((l) => l.includes(": error: "))).toEqual([
      `${path.join(dir, "emea.yaml")}:38:7: error: stack "emea"'s automation kickoff and stack "na"'s automation kickoff ` +
        `act on the same events on one portal (when a deal enters stage "Won" of pipeline "Sales"): each would act ` +
        "twice. Give each stack a scope with its own value (scope: { property: business_unit, value: <unit> }), " +
        "or keep this in one stack",
    ]);
    expect((await validate("na")).stdout).toContain(
      `stack "na"'s automation kickoff and stack "emea"'s automation kickoff`,
    );
  });

  it("one scoped stack does not help while the other acts on every unit's deals", async () => {
    await stack("emea", unit("emea", { scope: "emea" }));
    expect((await validate("emea")).stdout).toContain(`stack "emea"'s automation kickoff and stack "na"'s`);
  });

  it("stacks scoped apart, or on different portals, are valid", async () => {
    await stack("na", unit("na", { scope: "na" }));
    expect(await validate("emea")).toMatchObject({ code: 0 });
    await stack("na", unit("na"), { "hubspot:portalId": "999" });
    await stack("emea", unit("emea"));
    expect(await validate("emea")).toMatchObject({ code: 0 });
  });

  it("an unscoped automation on a property change reaches every unit's records; one on a pipeline of its own does not", async () => {
    await stack("na", unit("na"));
    const mql = {
      key: "mql-handoff",
      on: { propertyChanged: { object: "contacts", property: "lifecyclestage", to: "marketingqualifiedlead" } },
      do: [{ createTask: { title: "Accept this MQL", for: "owner" } }],
    };
    const own = {
      key: "kickoff",
      on: { stageEntered: { pipeline: "sales", stage: "won" } },
      do: [{ createTask: { title: "Book the kickoff", for: "owner" } }],
    };
    await stack("emea", unit("emea", { pipeline: "EMEA sales", automations: [own, mql] }));
    const { code, stdout } = await validate("emea");
    expect(code).toBe(1);
    expect(stdout.split("\n").filter((l) => l.includes(": error: "))).toEqual([
      expect.stringContaining(
        `error: stack "emea"'s automation mql-handoff acts when a contact's lifecyclestage changes to ` +
          `marketingqualifiedlead in every business unit on this portal, which stack(s) "na" share: give this ` +
          "blueprint a scope (scope: { property: business_unit, value: <unit> }) so it acts on its own unit's records only",
      ),
    ]);
  });

  it("two stacks that both sweep unowned leads: an error, unless scoped apart", async () => {
    const routed = (name: string, scope?: string) => ({
      ...unit(name, { scope, automations: [] }),
      owners: [{ email: `rep@${name}.test` }],
      routing: [{ key: "all", assign: { owner: `rep@${name}.test` } }],
      properties: {
        deals: { business_unit: unitProperty },
        contacts: { business_unit: { ...unitProperty, group: "contactinformation" } },
      },
    });
    await stack("na", routed("na"), { "revstack:routingSweepMinutes": 5 });
    await stack("emea", routed("emea"), { "revstack:routingSweepMinutes": 5 });
    expect((await validate("emea")).stdout).toContain(
      `error: stack "emea"'s routing sweep and stack "na"'s routing sweep act on the same events`,
    );
    await stack("na", routed("na", "na"), { "revstack:routingSweepMinutes": 5 });
    await stack("emea", routed("emea", "emea"), { "revstack:routingSweepMinutes": 5 });
    expect(await validate("emea")).toMatchObject({ code: 0 });
  });
});
