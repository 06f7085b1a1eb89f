import type { Blueprint } from "../blueprint/model";
import { HubSpotClient, type CrmRecord, type HubSpotConnection } from "../clients/hubspot";
import {
  ASSIGNED_AT_PROPERTY,
  FIRST_TOUCH_AT_PROPERTY,
  lifecycleEnteredProperty,
  metricReads,
  ROUTING_RULE_PROPERTY,
  stageEnteredProperty,
} from "../plan/instrumentation";
import type { Contact, CrmData, Deal } from "./data";
import { mapPipelines, unmapped, type LivePipelineMap } from "./live-pipelines";
import { progressBar } from "./progress";

/** Epoch ms of a HubSpot date value (ISO text or epoch milliseconds as text). */
export function parseTime(value: string | null | undefined): number | undefined {
  if (!value) return undefined;
  const t = /^\d+$/.test(value) ? Number(value) : Date.parse(value);
  return Number.isFinite(t) ? t : undefined;
}

/** What to ask the CRM for, worked out once per report. */
interface ReadPlan {
  pipelines: LivePipelineMap[];
  owners: Map<string, string>;
  dealSources: string[];
  contactSources: string[];
  lifecycleStages: string[];
}

/**
 * Reads the deals and leads the blueprint's metrics need, page by page through the rate-limited client, and
 * turns them into blueprint terms. Stage-entry times come from revstack's stamps, else HubSpot's own
 * `hs_v2_date_entered_<stage id>` / `hs_date_entered_<stage id>` where the portal has them.
 */
export interface CrmRead extends CrmData {
  apiCalls: number;
  /** What the portal lacks for the blueprint's metrics (shown with the report, not fatal). */
  warnings: string[];
}

export async function readCrm(conn: HubSpotConnection, blueprint: Blueprint, asOf: number): Promise<CrmRead> {
  const client = new HubSpotClient(conn);
  const reads = metricReads(blueprint);
  const sources = (object: string) =>
    reads.filter((p) => p.object === object && "source" in p.stampedWhen).map((p) => p.name);
  const plan: ReadPlan = {
    // Fresh: a list cached earlier in this process may predate the data.
    pipelines: mapPipelines(blueprint, await client.listPipelines("deals", true)),
    owners: new Map((await client.listOwners(true)).map((o) => [o.id, o.email.toLowerCase()])),
    dealSources: sources("deals"),
    contactSources: sources("contacts"),
    lifecycleStages: [
      ...new Set(
        reads.flatMap((p) => ("lifecycleEntered" in p.stampedWhen ? [p.stampedWhen.lifecycleEntered.stage] : [])),
      ),
    ],
  };
  const deals = await readAll(client, "deals", dealProperties(plan), (r) => toDeal(r, plan));
  const contacts = await readAll(client, "contacts", contactProperties(plan), (r) => toContact(r, plan));
  return { deals, contacts, asOf, apiCalls: client.calls, warnings: unmapped(blueprint, plan.pipelines) };
}

async function readAll<T>(
  client: HubSpotClient,
  objectType: string,
  properties: string[],
  convert: (r: CrmRecord) => T,
): Promise<T[]> {
  const bar = progressBar(objectType, await client.countRecords(objectType));
  const out: T[] = [];
  await client.readRecords(objectType, properties, (page) => {
    for (const record of page) out.push(convert(record));
    bar.advance(page.length);
  });
  bar.done();
  return out;
}

function dealProperties(plan: ReadPlan): string[] {
  const names = new Set([
    "dealname",
    "amount",
    "pipeline",
    "dealstage",
    "createdate",
    "hubspot_owner_id",
    ...plan.dealSources,
  ]);
  for (const p of plan.pipelines) {
    for (const [stage, id] of p.stageIds) {
      names.add(stageEnteredProperty(p.key, stage));
      names.add(`hs_v2_date_entered_${id}`);
      names.add(`hs_date_entered_${id}`);
    }
  }
  return [...names];
}

function contactProperties(plan: ReadPlan): string[] {
  return [
    ...new Set([
      "createdate",
      "hubspot_owner_id",
      ROUTING_RULE_PROPERTY,
      ASSIGNED_AT_PROPERTY,
      FIRST_TOUCH_AT_PROPERTY,
      ...plan.lifecycleStages.flatMap((s) => [lifecycleEnteredProperty(s), `hs_lifecyclestage_${s}_date`]),
      ...plan.contactSources,
    ]),
  ];
}

function values(record: CrmRecord, names: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of names) {
    const v = record.properties[name];
    if (v) out[name] = v;
  }
  return out;
}

const owner = (plan: ReadPlan, id: string | null) => (id ? plan.owners.get(id) : undefined);

function toDeal(record: CrmRecord, plan: ReadPlan): Deal {
  const p = record.properties;
  const pipeline = plan.pipelines.find((m) => m.id === p.pipeline);
  const entered: Record<string, number> = {};
  let stage: string | undefined;
  for (const [key, id] of pipeline?.stageIds ?? []) {
    if (id === p.dealstage) stage = key;
    const at =
      parseTime(p[stageEnteredProperty(pipeline!.key, key)]) ??
      parseTime(p[`hs_v2_date_entered_${id}`]) ??
      parseTime(p[`hs_date_entered_${id}`]);
    if (at !== undefined) entered[key] = at;
  }
  const amount = p.amount ? Number(p.amount) : undefined;
  return {
    id: record.id,
    name: p.dealname ?? undefined,
    pipeline: pipeline?.key,
    stage,
    amount: Number.isFinite(amount) ? amount : undefined,
    createdAt: parseTime(p.createdate) ?? 0,
    ownerEmail: owner(plan, p.hubspot_owner_id),
    entered,
    values: values(record, plan.dealSources),
  };
}

function toContact(record: CrmRecord, plan: ReadPlan): Contact {
  const p = record.properties;
  const entered: Record<string, number> = {};
  for (const stage of plan.lifecycleStages) {
    const at = parseTime(p[lifecycleEnteredProperty(stage)]) ?? parseTime(p[`hs_lifecyclestage_${stage}_date`]);
    if (at !== undefined) entered[stage] = at;
  }
  return {
    id: record.id,
    createdAt: parseTime(p.createdate) ?? 0,
    ownerEmail: owner(plan, p.hubspot_owner_id),
    entered,
    routingRule: p[ROUTING_RULE_PROPERTY] ?? undefined,
    assignedAt: parseTime(p[ASSIGNED_AT_PROPERTY]),
    firstTouchAt: parseTime(p[FIRST_TOUCH_AT_PROPERTY]),
    values: values(record, plan.contactSources),
  };
}
