import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HubSpotClient } from "../../src/clients/hubspot";
import { hubspotPaths } from "../../src/clients/hubspot/api-version";
import type { Call } from "../../src/clients/hubspot/http";
import { publishedOperation, publishedOperations } from "../../src/clients/hubspot/published";
import { compileN8n } from "../../src/plan/n8n";
import { sandboxRoutes, type Sandbox } from "../../src/sandbox";
import { fakeCallers, fakeCrmIds, loadValid } from "../support/compile";
import { sandbox } from "./helpers";

/**
 * HubSpot's published operations (src/clients/hubspot/published.ts, from hubspot-api.md §11) bound both sides: the
 * sandbox serves none that HubSpot does not publish, and revstack calls none outside the 2026 generation.
 */
const routes = sandboxRoutes({ timeZone: "UTC", companyCurrency: "USD", dailyLimit: () => 1, dailyUsed: () => 0 });
const key = (op: { method: string; path: string }) => `${op.method} ${op.path}`;
const published2026 = (method: string, path: string) => publishedOperation(method, path)?.generation === "2026";

describe("the published-operations table", () => {
  it("holds each operation once, with the version its path names", () => {
    const keys = publishedOperations.map(key);
    expect(new Set(keys).size).toBe(keys.length);
    for (const op of publishedOperations) expect(op.path.split("/")).toContain(op.version);
    // The facts the issue turned on: users are 2026-03 (or the beta), never 2026-09.
    expect(publishedOperation("GET", "/settings/users/2026-09")).toBeUndefined();
    expect(published2026("POST", "/settings/users/2026-03")).toBe(true);
    expect(published2026("DELETE", "/settings/teams/2026-09-beta/101/members/7")).toBe(true);
  });
});

describe("the sandbox serves only what HubSpot publishes", () => {
  it("every route of its router is a published operation", () => {
    const table = new Set(publishedOperations.map(key));
    expect(routes.map(key).filter((route) => !table.has(route))).toEqual([]);
  });

  it("every date-based route it serves belongs to the 2026 generation", () => {
    const dated = routes.filter((r) => /\/\d{4}-\d{2}/.test(r.path));
    expect(dated.length).toBeGreaterThan(50);
    expect(dated.filter((r) => !published2026(r.method, r.path)).map(key)).toEqual([]);
  });
});

describe("revstack calls only what HubSpot publishes", () => {
  let sb: Sandbox;
  beforeAll(async () => (sb = await sandbox({ rateLimits: false, demoPeople: true })));
  afterAll(() => sb.stop());

  it("runs the HubSpot client's whole surface against the sandbox; every request it made is in the table", async () => {
    const sent: string[] = [];
    const used = new Set<string>();
    const real = new HubSpotClient({ baseUrl: sb.url, token: sb.tokens[0] });
    // Every method, public or private, goes through the proxy (`this` is the proxy), so both the requests and the
    // methods that sent them are seen; a method added later without a line here fails the last check.
    const client: HubSpotClient = new Proxy(real, {
      get(target, prop, receiver) {
        const value = Reflect.get(target, prop, receiver);
        if (typeof value !== "function" || typeof prop !== "string") return value;
        return (...args: unknown[]) => {
          used.add(prop);
          if (prop === "call") {
            const call = args[0] as Call;
            sent.push(`${call.method} ${call.path}`);
          }
          return (value as (...a: unknown[]) => unknown).apply(receiver, args);
        };
      },
    });

    await client.account();
    const pipeline = (
      await client.createPipeline("deals", {
        label: "Published",
        displayOrder: 9,
        stages: [
          { label: "Open", displayOrder: 0, metadata: { probability: "0.2" } },
          { label: "Won", displayOrder: 1, metadata: { probability: "1.0" } },
        ],
      })
    ).object;
    await client.findPipeline("deals", { id: pipeline.id }, true);
    await client.updatePipeline("deals", pipeline.id, { label: "Published 2", displayOrder: 9 });
    const stage = (
      await client.createStage("deals", pipeline.id, {
        label: "Extra",
        displayOrder: 2,
        metadata: { probability: "0.5" },
      })
    ).object;
    await client.updateStage("deals", pipeline.id, stage.id, { label: "Extra 2", metadata: { probability: "0.5" } });
    const [deal] = await client.createRecords("deals", [
      { dealname: "Moved", pipeline: pipeline.id, dealstage: pipeline.stages[0].id },
    ]);
    await client.moveRecords("deals", [deal.id], pipeline.id, stage.id);
    expect((await client.recordsInStage("deals", pipeline.id, stage.id)).total).toBe(1);
    await client.deleteStage("deals", pipeline.id, pipeline.stages[1].id);

    await client.createPropertyGroup("contacts", { name: "published_group", label: "Published" });
    await client.updatePropertyGroup("contacts", "published_group", { label: "Published 2" });
    await client.findPropertyGroup("contacts", "published_group", true);
    await client.createProperty("contacts", {
      name: "published_prop",
      label: "Published",
      type: "string",
      fieldType: "text",
      groupName: "published_group",
    });
    await client.updateProperty("contacts", "published_prop", { label: "Published 2" });
    await client.findProperty("contacts", "published_prop", true);
    const [contact] = await client.createRecords("contacts", [{ email: "published@example.com" }]);
    await client.setRecordValues("contacts", "published_prop", [{ id: contact.id, value: "x" }]);
    expect(await client.countWithValue("contacts", "published_prop")).toBeGreaterThanOrEqual(0);
    await client.countWithOption("contacts", "published_prop", "x", false);
    await client.countRecords("contacts", { property: "email", value: "published@example.com" });
    await client.recordsWhere("contacts", { property: "email", value: "published@example.com" });
    await client.readRecords("contacts", ["email"], () => undefined);
    await client.recordsCreatedSince("contacts", 0, ["email"]);
    await client.deleteProperty("contacts", "published_prop");
    await client.findArchivedProperty("contacts", "published_prop");
    await client.deletePropertyGroup("contacts", "published_group");

    await client.listRoles();
    const user = (await client.createUser({ email: "published.user@example.com", firstName: "Pub" })).object;
    await client.updateUser(user.id, { firstName: "Published" });
    await client.findUser({ email: user.email }, true);
    const team = (await client.createTeam({ name: "Published team", userIds: [user.id] })).object;
    await client.updateTeam(team.id, { name: "Published team 2", parentTeamId: null });
    const other = (await client.createTeam({ name: "Published other", userIds: [] })).object;
    await client.addTeamMember(other.id, user.id, "EXTRA");
    await client.removeTeamMember(other.id, user.id, "EXTRA");
    await client.findTeam({ id: team.id }, true);
    await client.listOwners(true);
    await client.deleteTeam(other.id);
    await client.deleteTeam(team.id);
    await client.deleteUser(user.id);
    await client.deletePipeline("deals", pipeline.id).catch(() => undefined); // holds a deal: may be refused
    await client.listPropertyGroups("deals", true);
    await client.listProperties("deals", true);

    const flow = await client.flows.create({
      name: "Published flow",
      isEnabled: false,
      type: "PLATFORM_FLOW",
      objectTypeId: "0-3",
      flowType: "WORKFLOW",
      actions: [],
      timeWindows: [],
      blockedDates: [],
      customProperties: {},
      dataSources: [],
    });
    const replaced = await client.flows.replace(flow.id, flow.revisionId, { ...flow, isEnabled: true });
    await client.flows.revision(flow.id, flow.revisionId);
    await client.flows.get(replaced.id);
    await client.flows.list();
    await client.flows.remove(flow.id);

    expect(sent.length).toBeGreaterThan(40);
    expect(sent.filter((request) => !published2026(...(request.split(" ") as [string, string])))).toEqual([]);
    const methods = Object.getOwnPropertyNames(HubSpotClient.prototype).filter(
      (m) =>
        m !== "constructor" && typeof Object.getOwnPropertyDescriptor(HubSpotClient.prototype, m)?.value === "function",
    );
    expect(methods.filter((m) => !used.has(m))).toEqual([]);
  });

  it("every surface prefix the client and the n8n workflows build on is a 2026-generation path", () => {
    for (const prefix of Object.values(hubspotPaths))
      expect(
        publishedOperations.some(
          (op) => op.generation === "2026" && (op.path === prefix || op.path.startsWith(`${prefix}/`)),
        ),
        prefix,
      ).toBe(true);
  });

  it("the compiled n8n workflows call only published 2026 operations", async () => {
    const bp = await loadValid("test/plan/n8n/fixtures/acme.yaml");
    const crmBaseUrl = "http://127.0.0.1:18080";
    const workflows = compileN8n(bp, {
      crmBaseUrl,
      crmCredential: { id: "cred-1", name: "revstack crm" },
      callers: fakeCallers,
      n8nBaseUrl: "http://127.0.0.1:5678",
      notifyUrl: "http://127.0.0.1:9999/notify",
      crmIds: fakeCrmIds(bp),
    });
    const requests = workflows.flatMap((w) =>
      w.definition.nodes.flatMap((n) => {
        const url = (n.parameters as { url?: unknown }).url;
        if (n.type !== "n8n-nodes-base.httpRequest" || typeof url !== "string" || !url.startsWith(`=${crmBaseUrl}`))
          return [];
        // An n8n expression stands for one path segment (an id, an object type).
        const path = url.slice(crmBaseUrl.length + 1).replace(/\{\{.*?\}\}/g, "x");
        return [`${String((n.parameters as { method?: unknown }).method)} ${path.split("?")[0]}`];
      }),
    );
    expect(requests.length).toBeGreaterThan(3);
    expect(requests.filter((r) => !published2026(...(r.split(" ") as [string, string])))).toEqual([]);
  });
});
