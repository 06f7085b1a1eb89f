import { batchInputs, runBatch } from "../batch";
import { conflict, invalid, notFound } from "../errors";
import type { Flow } from "../model";
import { pageById } from "../paging";
import { created, noContent, ok, type Context, type Route } from "../router";
import { limitParam, oneOf, requireObject, requireString } from "../validate";

/** Automation v4 flows (workflows). PUT must carry the current `revisionId`, so a stale edit cannot win. */
const base = "/automation/v4/flows";
const flowTypes = ["CONTACT_FLOW", "PLATFORM_FLOW"];
/** What a flow is (automation v4's `flowType`). */
const flowKinds = ["WORKFLOW", "ACTION_SET", "UNKNOWN"];
const serverFields = ["id", "revisionId", "createdAt", "updatedAt"];

const present = (flow: Flow) => ({
  ...flow.body,
  id: flow.id,
  revisionId: flow.revisionId,
  createdAt: flow.createdAt,
  updatedAt: flow.updatedAt,
});

/** A flow as it was at one of its revisions (the current one included). */
function revision(flow: Flow, revisionId: string) {
  if (revisionId === flow.revisionId) return present(flow);
  const earlier = flow.revisions?.[revisionId];
  if (!earlier) throw notFound(`Revision ${revisionId} of flow ${flow.id} does not exist`);
  return present({ ...flow, ...earlier, revisionId });
}

/** Fields a flow create or replace must carry, per flow type (HubSpot's automation v4 request schemas). */
const required: Record<string, Array<[field: string, kind: "array" | "object" | "boolean" | "string"]>> = {
  common: [
    ["isEnabled", "boolean"],
    ["flowType", "string"],
    ["actions", "array"],
    ["timeWindows", "array"],
    ["blockedDates", "array"],
    ["customProperties", "object"],
    ["dataSources", "array"],
  ],
  CONTACT_FLOW: [
    ["suppressionListIds", "array"],
    ["canEnrollFromSalesforce", "boolean"],
  ],
  PLATFORM_FLOW: [["objectTypeId", "string"]],
};
/** What a PUT cannot change: HubSpot keeps the flow's own values when a replace leaves them out. */
const kept = ["flowType", "objectTypeId", "dataSources"];

const kindOf = (value: unknown): string => (Array.isArray(value) ? "array" : value === null ? "null" : typeof value);

function readBody(raw: unknown, existing?: Record<string, unknown>): Record<string, unknown> {
  const input = {
    ...Object.fromEntries(kept.filter((k) => existing?.[k] !== undefined).map((k) => [k, existing![k]])),
    ...requireObject(raw),
  };
  oneOf(input.type, flowTypes, "type");
  if (input.flowType !== undefined) oneOf(input.flowType, flowKinds, "flowType");
  const missing = [...required.common, ...required[String(input.type)]].filter(
    ([field, kind]) => kindOf(input[field]) !== kind,
  );
  if (missing.length) {
    throw invalid(
      `Invalid input JSON: ${missing.map(([field, kind]) => `${field} is required and must be ${kind === "array" ? "an array" : `a ${kind}`}`).join("; ")}`,
      missing.map(([field]) => ({ message: `${field} is required`, code: "REQUIRED_FIELD", in: field })),
    );
  }
  return Object.fromEntries(Object.entries(input).filter(([key]) => !serverFields.includes(key)));
}

function findFlow(ctx: Context, id: string): Flow {
  const flow = ctx.store.state.flows[id];
  if (!flow) throw notFound(`Flow ${id} does not exist`);
  return flow;
}

function create(ctx: Context) {
  const body = readBody(ctx.body);
  const id = ctx.store.nextId("flow", 300_000_001);
  const flow: Flow = { id, revisionId: "1", createdAt: ctx.now, updatedAt: ctx.now, body };
  ctx.store.state.flows[id] = flow;
  ctx.store.changed();
  return created(present(flow), `${base}/${id}`);
}

function replace(ctx: Context) {
  const flow = findFlow(ctx, ctx.params.flowId);
  const revisionId = requireString(String(requireObject(ctx.body).revisionId ?? ""), "revisionId");
  if (revisionId !== flow.revisionId) {
    throw conflict(
      `revisionId ${revisionId} is out of date: flow ${flow.id} is at revision ${flow.revisionId}; read it again and retry`,
    );
  }
  const body = readBody(ctx.body, flow.body);
  Object.assign(flow, {
    revisions: { ...flow.revisions, [flow.revisionId]: { updatedAt: flow.updatedAt, body: flow.body } },
    body,
    revisionId: String(Number(flow.revisionId) + 1),
    updatedAt: ctx.now,
  });
  ctx.store.changed();
  return ok(present(flow));
}

/** Published only in the 2026 generation (hubspot-api.md §11), so served at that path alone, not as a v4 twin. */
const dated = "/automation/2026-09-beta/flows";

export const flowRoutes: Route[] = [
  {
    method: "GET",
    path: `${dated}/{flowId}/revisions/{revisionId}`,
    handler: (ctx) => ok(revision(findFlow(ctx, ctx.params.flowId), ctx.params.revisionId)),
  },
  {
    method: "GET",
    path: base,
    handler: (ctx) => {
      const page = pageById(
        Object.values(ctx.store.state.flows),
        ctx.query.get("after"),
        limitParam(ctx.query, 100, 100),
        base,
      );
      return ok({ ...page, results: page.results.map(present) });
    },
  },
  { method: "POST", path: base, handler: create },
  { method: "GET", path: `${base}/{flowId}`, handler: (ctx) => ok(present(findFlow(ctx, ctx.params.flowId))) },
  { method: "PUT", path: `${base}/{flowId}`, handler: replace },
  {
    method: "DELETE",
    path: `${base}/{flowId}`,
    handler: (ctx) => {
      findFlow(ctx, ctx.params.flowId);
      delete ctx.store.state.flows[ctx.params.flowId];
      ctx.store.changed();
      return noContent();
    },
  },
  {
    method: "POST",
    path: `${base}/batch/read`,
    read: true,
    handler: (ctx) =>
      runBatch(batchInputs(ctx.body, ["flowId"]), ctx.now, 200, (input) =>
        present(findFlow(ctx, String((input as { flowId: unknown }).flowId))),
      ),
  },
];
