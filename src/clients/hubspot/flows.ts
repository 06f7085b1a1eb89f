/**
 * HubSpot workflows: automation v4 flows as HubSpot publishes them for the 2026 generation, only as
 * `/automation/2026-09-beta/flows` (hubspot-api.md §11). A replace carries the `revisionId` it was made from, so an
 * edit made in HubSpot meanwhile is refused by HubSpot (409 in the sandbox) instead of overwritten.
 */
import { hubspotPaths as P } from "./api-version";
import type { Call } from "./http";

/** What a create or replace sends: the fields revstack reads, and everything else kept as it came. */
export interface FlowBody {
  name?: string;
  isEnabled: boolean;
  type: "CONTACT_FLOW" | "PLATFORM_FLOW";
  objectTypeId?: string;
  flowType?: string;
  startActionId?: string;
  actions: FlowAction[];
  enrollmentCriteria?: Record<string, unknown>;
  [field: string]: unknown;
}

/** One action of a flow: a built-in (`actionTypeId` `0-<n>`, version 0) or a branch, linked by `connection`. */
export interface FlowAction {
  actionId: string;
  type: string;
  actionTypeId?: string;
  actionTypeVersion?: number;
  fields?: Record<string, unknown>;
  connection?: { edgeType: string; nextActionId: string };
  [field: string]: unknown;
}

/** A flow as HubSpot returns it. */
export interface LiveFlow extends FlowBody {
  id: string;
  revisionId: string;
}

type Send = <T>(call: Call) => Promise<T>;

interface Page<T> {
  results: T[];
  paging?: { next?: { after: string } };
}

/** At most 100 a page (HubSpot's default and maximum), at most 100 pages. */
const MAX_PAGES = 100;

export class HubSpotFlows {
  constructor(private readonly send: Send) {}

  async list(): Promise<LiveFlow[]> {
    const flows: LiveFlow[] = [];
    let after: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const res = await this.send<Page<LiveFlow>>({ method: "GET", path: P.flows, query: { limit: 100, after } });
      flows.push(...res.results);
      after = res.paging?.next?.after;
      if (!after) return flows;
    }
    throw new Error(`HubSpot GET ${P.flows} did not end after ${MAX_PAGES} pages`);
  }

  get(id: string): Promise<LiveFlow> {
    return this.send({ method: "GET", path: `${P.flows}/${encodeURIComponent(id)}` });
  }

  /** The flow as it was at one of its revisions. */
  revision(id: string, revisionId: string): Promise<LiveFlow> {
    return this.send({
      method: "GET",
      path: `${P.flows}/${encodeURIComponent(id)}/revisions/${encodeURIComponent(revisionId)}`,
    });
  }

  create(body: FlowBody): Promise<LiveFlow> {
    return this.send({ method: "POST", path: P.flows, body });
  }

  /** Replaces the flow made from `revisionId`; HubSpot refuses it when the flow has moved on since. */
  replace(id: string, revisionId: string, body: FlowBody): Promise<LiveFlow> {
    return this.send({ method: "PUT", path: `${P.flows}/${encodeURIComponent(id)}`, body: { ...body, revisionId } });
  }

  remove(id: string): Promise<void> {
    return this.send({ method: "DELETE", path: `${P.flows}/${encodeURIComponent(id)}` });
  }
}
