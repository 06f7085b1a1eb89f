/** `revstack plan --since 30d --stack <name>`: the portal's recent leads, read-only through search paging, replayed. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import YAML from "yaml";
import { hubspotPaths as P } from "../../src/clients/hubspot/api-version";
import { register as capacity } from "../../src/cli/commands/capacity";
import { register as plan } from "../../src/cli/commands/plan";
import type { Sandbox } from "../../src/sandbox";
import { api, resetStats, sandbox, stats, TOKEN } from "../providers/helpers";
import { runCommands, withEnv } from "../review/cli";
import { TempRepo } from "../review/git-repo";
import { SMALL } from "./fixtures";

const DAY = 86_400_000;
const on = (threshold: number) => ({
  ...SMALL,
  routing: [
    { ...SMALL.routing[0], when: { all: [{ property: "company_size", op: "gte", value: threshold }] } },
    SMALL.routing[1],
  ],
});

/** A Pulumi project whose stack dev applies `blueprint` (routing.yaml) to the sandbox. */
const stackProject = (blueprint: object) => ({
  "Pulumi.yaml": "name: routing\nruntime: nodejs\nstackConfigDir: stacks\n",
  "stacks/Pulumi.dev.yaml": YAML.stringify({
    config: {
      "revstack:blueprint": "routing.yaml",
      "hubspot:baseUrl": sb.url,
      "hubspot:portalId": String(sb.portalId),
    },
  }),
  "routing.yaml": YAML.stringify(blueprint),
});

let sb: Sandbox;
let repo: TempRepo;
const ids: string[] = [];

beforeAll(async () => {
  sb = await sandbox();
  await api(sb, "POST", `${P.properties}/contacts`, {
    name: "company_size",
    label: "Company size",
    type: "number",
    fieldType: "number",
    groupName: "contactinformation",
  });
  const now = Date.now();
  // 250 recent leads (two search pages of 200) of 600 employees, and one from 60 days ago the replay leaves out.
  const recent = Array.from({ length: 250 }, (_, i) => ({
    properties: {
      email: `lead${i}@x.test`,
      company_size: "600",
      createdate: new Date(now - DAY - i * 60_000).toISOString(),
    },
  }));
  for (let i = 0; i < recent.length; i += 100) {
    const created = await api(sb, "POST", `${P.objects}/contacts/batch/create`, { inputs: recent.slice(i, i + 100) });
    ids.push(...(created.results as Array<{ id: string }>).map((r) => r.id));
  }
  await api(sb, "POST", `${P.objects}/contacts`, {
    properties: { email: "old@x.test", company_size: "600", createdate: new Date(now - 60 * DAY).toISOString() },
  });
  repo = new TempRepo();
  repo.commit("base", stackProject(on(1000)));
  repo.write("routing.yaml", YAML.stringify(on(500)));
});
afterAll(async () => {
  repo?.remove();
  await sb?.stop();
});

describe("revstack plan --since --stack", () => {
  it("replays the leads created in that time, and only reads", async () => {
    await resetStats(sb);
    const result = await withEnv({ HUBSPOT_TOKEN: TOKEN }, () =>
      runCommands(
        [plan],
        [
          "plan",
          repo.path("routing.yaml"),
          "--since",
          "30d",
          "--stack",
          "dev",
          "--cwd",
          repo.dir,
          "--format",
          "markdown",
        ],
      ),
    );
    expect(result.stderr).toBe("");
    expect(result.stdout).toContain("### Routing impact: 250 leads from stack dev's portal (created in the last 30d)");
    // 600 employees: fallback before, enterprise after, for every one of them.
    expect(result.stdout).toContain("250 leads change rule, 250 change team, 250 change owner.");
    const s = await stats(sb);
    expect(s.writes).toBe(0);
    expect(s.byRoute).toMatchObject({ [`POST ${P.objects}/{objectType}/search`]: 2 });
    expect(result.code).toBe(0);
  });

  it("gives capacity its volume and mix from the stack's last 28 days", async () => {
    const result = await withEnv({ HUBSPOT_TOKEN: TOKEN }, () =>
      runCommands(
        [capacity],
        ["capacity", repo.path("routing.yaml"), "--stack", "dev", "--cwd", repo.dir, "--days", "7"],
      ),
    );
    expect(result.stderr).toBe("");
    // 250 leads within one day: 250 a day, every one an enterprise lead for Ethan, who has no stated capacity.
    // The period follows the leads: the Monday after the last one (they were created today).
    expect(result.stdout).toMatch(
      /### Capacity: 7 days, Mon [\d-]+ to Sun [\d-]+ \(the Monday after the last lead\), 250 leads a day \(250 leads from stack dev's portal \(the last 28 days\)\)/,
    );
    expect(result.stdout).toContain("| enterprise | 1750 | no limit |");
    expect(result.code).toBe(0);
  });

  it("reads which lists the leads are in from the portal, 100 records a read, when the rules test a list", async () => {
    // 120 of the 250 leads are in the manual list "Enterprise ICP"; the head blueprint routes its members to enterprise.
    const { list } = await api(sb, "POST", P.lists, {
      name: "Enterprise ICP",
      objectTypeId: "0-1",
      processingType: "MANUAL",
    });
    await api(sb, "PUT", `${P.lists}/${list.listId}/memberships/add`, ids.slice(0, 120));
    const lists = { icp: { name: "Enterprise ICP", type: "manual" } };
    const onList = { ...on(1000), lists };
    onList.routing = [{ ...onList.routing[0], when: { all: [{ list: "icp", op: "in" }] } } as never, onList.routing[1]];
    const listRepo = new TempRepo();
    try {
      listRepo.commit("base", stackProject({ ...on(1000), lists }));
      listRepo.write("routing.yaml", YAML.stringify(onList));
      await resetStats(sb);
      const args = ["--stack", "dev", "--cwd", listRepo.dir];
      const result = await withEnv({ HUBSPOT_TOKEN: TOKEN }, () =>
        runCommands([plan], ["plan", listRepo.path("routing.yaml"), "--since", "30d", ...args, "--format", "markdown"]),
      );
      expect(result.stderr).toBe("");
      expect(result.stdout).toContain("120 leads change rule, 120 change team, 120 change owner.");
      const s = await stats(sb);
      expect(s.writes).toBe(0);
      expect(s.byRoute).toMatchObject({ [`POST ${P.lists}/records/memberships/batch/read`]: 3 });
      const model = await withEnv({ HUBSPOT_TOKEN: TOKEN }, () =>
        runCommands([capacity], ["capacity", listRepo.path("routing.yaml"), ...args, "--days", "7"]),
      );
      expect(model.stderr).toBe("");
      // 250 leads a day, 120 of each 250 members of the list: 7 × 120 go to enterprise.
      expect(model.stdout).toContain("| enterprise | 840 | no limit |");
    } finally {
      listRepo.remove();
    }
  });

  it("needs --since and --stack together", async () => {
    const result = await runCommands([plan], ["plan", repo.path("routing.yaml"), "--since", "30d"]);
    expect(result).toMatchObject({
      code: 1,
      stderr: "revstack plan: give --leads <file>, or --since <age> with --stack <name>\n",
    });
  });
});
