import type { Blueprint } from "../blueprint/model";
import { HubSpotClient, type HubSpotConnection, type LivePipeline } from "../clients/hubspot";
import { HubSpotHttp, type Call } from "../clients/hubspot/http";

/**
 * The CRM reads and writes reporting needs on top of the HubSpot client: owners, CRM records page by page,
 * record counts and batch creates. They go through the client's transport, so they share its per-portal rate
 * limiter and retries.
 */
export interface CrmRecord {
  id: string;
  properties: Record<string, string | null>;
}

interface Page<T> {
  results: T[];
  paging?: { next?: { after: string } };
}

const PAGE = 100;
/** Bounds every paged read: a million records per object type. */
const MAX_PAGES = 10_000;

export class CrmApi {
  readonly client: HubSpotClient;
  private readonly http: HubSpotHttp;
  /** Requests this object has sent (retries not counted). */
  calls = 0;

  constructor(conn: HubSpotConnection) {
    this.client = new HubSpotClient(conn);
    this.http = new HubSpotHttp(conn);
  }

  private request<T>(call: Call): Promise<T> {
    this.calls++;
    return this.http.request<T>(call);
  }

  /** Live pipelines of an object type, read fresh (the client's cache may predate the data). */
  async pipelines(objectType: string): Promise<LivePipeline[]> {
    const res = await this.request<{ results: LivePipeline[] }>({ method: "GET", path: `/crm/v3/pipelines/${objectType}` });
    return res.results.filter((p) => !p.archived);
  }

  /** Owner id → email. */
  async ownerEmails(): Promise<Map<string, string>> {
    const emails = new Map<string, string>();
    await this.pages<{ id: string; email: string }>("/crm/v3/owners", {}, (owners) => {
      for (const o of owners) emails.set(o.id, o.email.toLowerCase());
    });
    return emails;
  }

  /** How many records of a type there are (one search), for progress. */
  async count(objectType: string): Promise<number> {
    const res = await this.request<{ total: number }>({
      method: "POST", path: `/crm/v3/objects/${objectType}/search`, replaySafe: true, body: { limit: 1, properties: ["hs_object_id"] },
    });
    return res.total;
  }

  /** Whether a live record has this property value (one search). */
  async exists(objectType: string, property: string, value: string): Promise<boolean> {
    const res = await this.request<{ total: number }>({
      method: "POST", path: `/crm/v3/objects/${objectType}/search`, replaySafe: true,
      body: { limit: 1, properties: ["hs_object_id"], filterGroups: [{ filters: [{ propertyName: property, operator: "EQ", value }] }] },
    });
    return res.total > 0;
  }

  /** Every live record of a type with the given properties, handed over one page at a time. */
  records(objectType: string, properties: string[], onPage: (records: CrmRecord[]) => void): Promise<void> {
    return this.pages<CrmRecord>(`/crm/v3/objects/${objectType}`, { limit: PAGE, properties: properties.join(",") }, onPage);
  }

  /** Creates up to 100 records in one call; a record HubSpot refuses fails the whole call with its reason. */
  async batchCreate(objectType: string, inputs: Array<Record<string, string>>): Promise<CrmRecord[]> {
    const res = await this.request<{ results: CrmRecord[]; errors?: Array<{ message: string }> }>({
      method: "POST", path: `/crm/v3/objects/${objectType}/batch/create`,
      body: { inputs: inputs.map((properties) => ({ properties })) },
    });
    if (res.errors?.length) throw new Error(`${res.errors.length} of ${inputs.length} ${objectType} were refused: ${res.errors[0].message}`);
    return res.results;
  }

  private async pages<T>(path: string, query: Record<string, string | number>, onPage: (items: T[]) => void): Promise<void> {
    let after: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const res = await this.request<Page<T>>({ method: "GET", path, query: { ...query, ...(after ? { after } : {}) } });
      onPage(res.results);
      after = res.paging?.next?.after;
      if (!after) return;
    }
    throw new Error(`${path} did not end after ${MAX_PAGES} pages`);
  }
}

/** What of the blueprint's deal pipelines the portal lacks, in words (the blueprint was not applied, or was changed). */
export function unmapped(blueprint: Blueprint, found: LivePipelineMap[]): string[] {
  const out: string[] = [];
  for (const [key, pipeline] of Object.entries(blueprint.pipelines)) {
    if (pipeline.object !== "deals") continue;
    const live = found.find((p) => p.key === key);
    if (!live) { out.push(`pipeline ${key} ("${pipeline.label}") is not in the portal`); continue; }
    const missing = pipeline.stages.filter((s) => !live.stageIds.has(s.key)).map((s) => s.key);
    if (missing.length) out.push(`pipeline ${key} lacks stages ${missing.join(", ")} in the portal`);
  }
  return out;
}

/** A blueprint pipeline found in the portal: its id, and stage key → stage id. */
export interface LivePipelineMap {
  key: string;
  id: string;
  stageIds: Map<string, string>;
}

/**
 * Finds the blueprint's deal pipelines in the portal the way the provider creates them: by label, stages by
 * label within their pipeline (or by an id equal to the key, for pipelines made by hand with explicit ids).
 */
export function mapPipelines(blueprint: Blueprint, live: LivePipeline[]): LivePipelineMap[] {
  const found: LivePipelineMap[] = [];
  for (const [key, pipeline] of Object.entries(blueprint.pipelines)) {
    if (pipeline.object !== "deals") continue;
    const match = live.find((p) => p.label === pipeline.label) ?? live.find((p) => p.id === key);
    if (!match) continue;
    const stageIds = new Map<string, string>();
    for (const stage of pipeline.stages) {
      const liveStage = match.stages.find((s) => s.label === stage.label) ?? match.stages.find((s) => s.id === stage.key);
      if (liveStage) stageIds.set(stage.key, liveStage.id);
    }
    found.push({ key, id: match.id, stageIds });
  }
  return found;
}
