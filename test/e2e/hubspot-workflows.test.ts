/**
 * HubSpot workflows brought under code through the real engine, on one stack: workflows built by hand through the
 * flows API (actions numbered out of order, an action revstack has no words for) are exported in the blueprint's
 * words and adopted with no write; an edit made in HubSpot is drift in words and `drift --fix` restores the
 * declared version; an update made while HubSpot moved on is refused by the revision check, and nothing is
 * overwritten; a workflow leaving the blueprint is released, not deleted. A workflow enrolled from a list made by
 * hand reads `listJoined` on the exported list's key. An automation that runs in HubSpot with conditions, a stage
 * move and a task's due time is read back without drift; switching it off alone is stopped while a workflow that
 * enrolls on it stays on, and goes through when the same apply deletes or switches off the ones that do.
 */
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import YAML from "yaml";
import { register as registerDrift } from "../../src/cli/commands/drift";
import { register as registerExport } from "../../src/cli/commands/export";
import type { LiveFlow } from "../../src/clients/hubspot";
import type { Sandbox } from "../../src/sandbox";
import { api, resetStats, sandbox, stats } from "../providers/helpers";
import { runCommands, withEnv } from "../review/cli";
import { pulumiBinDir } from "../support/engine";
import { inList, stageEntered } from "../support/flows";
import { adoptingStack } from "../support/portal";

const FLOWS = "/automation/2026-09-beta/flows";
const settings = { timeWindows: [], blockedDates: [], customProperties: {}, dataSources: [] };
let sb: Sandbox;
let dir: string;
let nurtureId: string;
let welcomeId: string;
let trialFlowId: string;

const action = (actionId: string, actionTypeId: string, fields: object, next?: string) => ({
  actionId,
  type: "SINGLE_CONNECTION",
  actionTypeId,
  actionTypeVersion: 0,
  fields,
  ...(next ? { connection: { edgeType: "STANDARD", nextActionId: next } } : {}),
});

const delayOf = async (id: string) =>
  (await api(sb, "GET", `${FLOWS}/${id}`)).actions.find((a: { actionTypeId: string }) => a.actionTypeId === "0-1")
    .fields;

beforeAll(async () => {
  sb = await sandbox({ tier: 250 });
  dir = await mkdtemp(path.join(tmpdir(), "revstack-flows-"));
  const pipeline = await api(sb, "POST", "/crm/v3/pipelines/deals", {
    label: "Partner deals",
    displayOrder: 1,
    stages: [
      { label: "Open", displayOrder: 0, metadata: { probability: "0.3" } },
      { label: "Won", displayOrder: 1, metadata: { probability: "1.0" } },
      { label: "Lost", displayOrder: 2, metadata: { probability: "0.0" } },
    ],
  });
  await api(sb, "POST", "/settings/v3/users", {
    email: "hand.made@portal.test",
    firstName: "Hand",
    lastName: "Made",
    sendWelcomeEmail: false,
  });
  const owner = (await api(sb, "GET", "/crm/v3/owners")).results.find(
    (o: { email: string }) => o.email === "hand.made@portal.test",
  );
  const nurture = await api(sb, "POST", FLOWS, {
    name: "Lead nurture",
    isEnabled: true,
    type: "PLATFORM_FLOW",
    objectTypeId: "0-3",
    flowType: "WORKFLOW",
    startActionId: "4",
    nextAvailableActionId: "9",
    enrollmentCriteria: stageEntered(pipeline.stages[0].id),
    actions: [
      action("4", "0-5", { property_name: "hs_priority", value: { staticValue: "high", type: "STATIC_VALUE" } }, "8"),
      action("8", "0-1", { delta: "2", time_unit: "DAYS" }, "2"),
      action("2", "0-8", { user_ids: [String(owner.userId)], subject: "Partner deal", body: "Call them" }),
    ],
    ...settings,
  });
  nurtureId = nurture.id;
  const welcome = await api(sb, "POST", FLOWS, {
    name: "Contact welcome",
    isEnabled: false,
    type: "CONTACT_FLOW",
    flowType: "WORKFLOW",
    startActionId: "1",
    actions: [action("1", "0-4", { content_id: "777" })],
    enrollmentCriteria: { type: "MANUAL", shouldReEnroll: false },
    suppressionListIds: [],
    canEnrollFromSalesforce: false,
    ...settings,
  });
  welcomeId = welcome.id;
  const trial = await api(sb, "POST", "/crm/lists/2026-09", {
    name: "Trial signups",
    objectTypeId: "0-1",
    processingType: "MANUAL",
  });
  const fromTrial = await api(sb, "POST", FLOWS, {
    name: "Trial follow-up",
    isEnabled: true,
    type: "CONTACT_FLOW",
    flowType: "WORKFLOW",
    startActionId: "1",
    nextAvailableActionId: "2",
    actions: [
      action("1", "0-5", { property_name: "hs_lead_status", value: { staticValue: "OPEN", type: "STATIC_VALUE" } }),
    ],
    enrollmentCriteria: inList(String(trial.list.listId)),
    suppressionListIds: [],
    canEnrollFromSalesforce: false,
    ...settings,
  });
  trialFlowId = fromTrial.id;
});

afterAll(async () => {
  await sb?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** A new pipeline, an automation that runs in HubSpot on it, and a workflow that enrolls on what it sets. */
const handoff = (bp: Record<string, Record<string, unknown>>) => ({
  pipelines: {
    ...bp.pipelines,
    handoff: {
      label: "Handoff",
      object: "deals",
      stages: [
        { key: "new", label: "New", probability: 0.1 },
        { key: "won", label: "Won", probability: 1, closed: "won" },
        { key: "lost", label: "Lost", probability: 0, closed: "lost" },
      ],
    },
  },
  automations: [
    {
      key: "handoff-priority",
      description: "Handoff",
      target: "hubspot",
      on: { stageEntered: { pipeline: "handoff", stage: "new" } },
      if: { all: [{ property: "amount", op: "gte", value: 1000 }] },
      do: [
        { setProperty: { property: "hs_priority", value: "high" } },
        { wait: { for: "1d" } },
        { createTask: { title: "Call the partner", due: "2d", priority: "high" } },
        { notify: { to: ["email:hand.made@portal.test"], message: "A partner deal is handed off" } },
        { moveStage: { pipeline: "handoff", stage: "won" } },
      ],
    },
  ],
  hubspotWorkflows: {
    ...bp.hubspotWorkflows,
    "priority-watch": {
      name: "Priority watch",
      object: "deals",
      trigger: { propertyChanged: { property: "hs_priority", value: "high" } },
      steps: [{ createTask: { title: "Follow up" } }],
    },
  },
});

describe.skipIf(!pulumiBinDir())("HubSpot workflows under code", () => {
  it(
    "export → adopt writes nothing; drift in words and --fix; a revision conflict; release",
    { timeout: 600_000 },
    async () => {
      const out = path.join(dir, "portal.yaml");
      const engine = await adoptingStack("flows", sb, out);
      const revstack = (args: string[]) =>
        withEnv(engine.cliEnv, () =>
          runCommands([registerExport, registerDrift], [...args, "--stack", "flows", "--cwd", engine.projectDir]),
        );
      try {
        const exported = await revstack(["export", "--out", out]);
        expect(exported.code, exported.stderr).toBe(0);
        const blueprint = YAML.parse(await readFile(out, "utf8"));
        expect(blueprint.hubspotWorkflows["lead-nurture"]).toEqual({
          name: "Lead nurture",
          enabled: true,
          object: "deals",
          trigger: { stageEntered: { pipeline: "partner-deals", stage: "open" } },
          steps: [
            { setProperty: { property: "hs_priority", value: "high" } },
            { delay: "2d" },
            { notify: { to: ["hand.made@portal.test"], subject: "Partner deal", body: "Call them" } },
          ],
        });
        expect(blueprint.hubspotWorkflows["contact-welcome"]).toMatchObject({
          enabled: false,
          object: "contacts",
          trigger: { manual: true },
          steps: [{ hubspot: { actionTypeId: "0-4", fields: { content_id: "777" } } }],
        });
        // Enrolled by membership of a list made by hand: the exported list's key, not HubSpot's id.
        expect(blueprint.lists["trial-signups"]).toEqual({ name: "Trial signups", object: "contacts", type: "manual" });
        expect(blueprint.hubspotWorkflows["trial-follow-up"]).toEqual({
          name: "Trial follow-up",
          enabled: true,
          object: "contacts",
          trigger: { listJoined: { list: "trial-signups" } },
          steps: [{ setProperty: { property: "hs_lead_status", value: "OPEN" } }],
        });

        // Adopting: nothing written, nothing left to change.
        await resetStats(sb);
        await engine.up();
        const adopted = await stats(sb);
        expect(adopted.writes, JSON.stringify(adopted.byRoute)).toBe(0);
        expect(await engine.preview({ refresh: true })).toEqual({});

        // An edit made in HubSpot is drift, in words; --fix restores the declared version.
        const live = await api(sb, "GET", `${FLOWS}/${nurtureId}`);
        await api(sb, "PUT", `${FLOWS}/${nurtureId}`, {
          ...live,
          actions: live.actions.map((a: { actionTypeId: string }) =>
            a.actionTypeId === "0-1" ? { ...a, fields: { delta: "3", time_unit: "DAYS" } } : a,
          ),
        });
        const drift = await revstack(["drift", "--format", "json"]);
        expect(drift.code, drift.stderr).toBe(2);
        expect(JSON.parse(drift.stdout).changes.map((c: { message: string }) => c.message)).toContain(
          "HubSpot workflow 'Lead nurture': delay 3d → 2d",
        );
        const fixed = await revstack(["drift", "--fix"]);
        expect(fixed.code, fixed.stderr).toBe(0);
        expect(await delayOf(nurtureId)).toEqual({ delta: "2", time_unit: "DAYS" });

        // A change declared while HubSpot moved on: the update names the stack's revision and is refused.
        const now = await api(sb, "GET", `${FLOWS}/${nurtureId}`);
        await api(sb, "PUT", `${FLOWS}/${nurtureId}`, { ...now, name: "Lead nurture" });
        blueprint.hubspotWorkflows["lead-nurture"].steps[1].delay = "4d";
        await writeFile(out, YAML.stringify(blueprint));
        const refused = await engine.failedUp();
        expect(refused).toContain(
          'HubSpot workflow "Lead nurture" was edited in HubSpot since this stack last read it',
        );
        expect(await delayOf(nurtureId)).toEqual({ delta: "2", time_unit: "DAYS" });
        // Once the edit is read (refresh), the declared change goes through, named by the new revision.
        await engine.up({ refresh: true });
        expect(await delayOf(nurtureId)).toEqual({ delta: "4", time_unit: "DAYS" });

        // Leaving the blueprint releases an adopted workflow: no write, still in HubSpot.
        delete blueprint.hubspotWorkflows["contact-welcome"];
        await writeFile(out, YAML.stringify(blueprint));
        await resetStats(sb);
        await engine.up();
        expect((await stats(sb)).writes).toBe(0);
        expect((await api(sb, "GET", `${FLOWS}/${welcomeId}`)).name).toBe("Contact welcome");

        // An automation with target: hubspot on a pipeline this same up creates: the workflow is declared after
        // the pipeline it names, so the first up finds the stage's id. The sandbox stores flows but runs none: the
        // flow is checked as HubSpot holds it.
        Object.assign(blueprint, handoff(blueprint));
        await writeFile(out, YAML.stringify(blueprint));
        await engine.up();
        const flows: LiveFlow[] = (await api(sb, "GET", FLOWS)).results;
        const compiled = flows.find((f) => f.name === "handoff-priority")!;
        const stages = (await api(sb, "GET", "/crm/v3/pipelines/deals")).results.find(
          (p: { label: string }) => p.label === "Handoff",
        ).stages;
        expect(compiled).toMatchObject({ isEnabled: true, type: "PLATFORM_FLOW", objectTypeId: "0-3" });
        expect(compiled.actions.map((a) => a.actionTypeId)).toEqual(["0-5", "0-1", "0-3", "0-8", "0-5"]);
        const stageId = (label: string) => stages.find((s: { label: string }) => s.label === label).id;
        expect(JSON.stringify(compiled.enrollmentCriteria)).toContain(JSON.stringify([stageId("New")]));
        // amount is a number in the portal: the condition is a NUMBER filter beside the stage's.
        expect(JSON.stringify(compiled.enrollmentCriteria)).toContain(
          JSON.stringify({ operationType: "NUMBER", operator: "IS_GREATER_THAN_OR_EQUAL_TO", value: 1000 }),
        );
        expect(compiled.actions[2].fields).toMatchObject({
          priority: "HIGH",
          due_time: { delta: 2, timeUnit: "DAYS" },
        });
        expect(compiled.actions[4].fields).toMatchObject({
          property_name: "dealstage",
          value: { staticValue: stageId("Won") },
        });
        expect(await engine.preview({ refresh: true })).toEqual({});

        // Switching it off would stop the workflows that enroll on what it sets: "Priority watch" (hs_priority) and
        // "Lead nurture" (the deal stage its moveStage sets). Stopped before any write.
        blueprint.automations[0].enabled = false;
        await writeFile(out, YAML.stringify(blueprint));
        await resetStats(sb);
        const stopped = await engine.failedUp();
        expect(stopped).toContain(
          'Switching off HubSpot workflow "handoff-priority" stops 2 other switched-on workflow(s) enrolling the records it changes: "Lead nurture" (enrolls on dealstage); "Priority watch" (enrolls on hs_priority)',
        );
        expect((await stats(sb)).writes).toBe(0);
        expect((await api(sb, "GET", `${FLOWS}/${compiled.id}`)).isEnabled).toBe(true);

        // Only the dependents that stay on after this apply count: "Priority watch", which this stack created, leaves
        // the blueprint, so this apply deletes it and it counts as gone, leaving "Lead nurture" alone to name;
        // switching that off too, all go in one apply (the two switched off one after the other).
        const watch = flows.find((f) => f.name === "Priority watch")!;
        delete blueprint.hubspotWorkflows["priority-watch"];
        await writeFile(out, YAML.stringify(blueprint));
        expect(await engine.failedUp()).toContain(
          'stops 1 other switched-on workflow(s) enrolling the records it changes: "Lead nurture" (enrolls on dealstage)',
        );
        expect((await stats(sb)).writes).toBe(0);
        blueprint.hubspotWorkflows["lead-nurture"].enabled = false;
        await writeFile(out, YAML.stringify(blueprint));
        await engine.up();
        for (const id of [compiled.id, nurtureId])
          expect((await api(sb, "GET", `${FLOWS}/${id}`)).isEnabled).toBe(false);
        await expect(api(sb, "GET", `${FLOWS}/${watch.id}`)).rejects.toThrow("404");
        expect((await api(sb, "GET", `${FLOWS}/${trialFlowId}`)).isEnabled).toBe(true);
      } finally {
        await engine.dispose();
      }
    },
  );
});
