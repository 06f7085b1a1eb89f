import { apiRoot, N8nApiError, N8nHttp } from "./http";
import { untilWebhooks, webhookRoutes } from "./webhooks";
import { writeBody } from "./write-body";
import type {
  Credential,
  CredentialInput,
  DataTable,
  DataTableInput,
  Execution,
  Tag,
  Workflow,
  WorkflowDefinition,
} from "./types";

/** A workflow's static data as n8n keeps it: `global` is what its Code nodes read with `$getWorkflowStaticData('global')`. */
export type WorkflowStaticData = { global?: Record<string, unknown> };

export interface N8nClientOptions {
  baseUrl: string;
  apiKey: string;
  timeoutMs?: number;
}

export interface WorkflowFilter {
  /** Tag names; n8n returns workflows carrying any of them. */
  tags?: string[];
  active?: boolean;
  name?: string;
}

export interface ExecutionFilter {
  workflowId?: string;
  status?: "canceled" | "error" | "running" | "success" | "waiting";
  includeData?: boolean;
  /** Stop after this many (default 250). */
  max?: number;
}

interface Page<T> {
  data: T[];
  nextCursor: string | null;
}

const PAGE_SIZE = 250; // the API's maximum
const MAX_PAGES = 400; // bounds every listing: 100,000 items
const DELETE_ATTEMPTS = 20; // a delete waiting for n8n to finish unpublishing: about 10 s

/**
 * n8n public API v1. Calls that are safe to replay (reads, full-body PUTs, activate/deactivate, deletes)
 * retry transient failures; creates do not, since a lost response would otherwise create a duplicate.
 */
export class N8nClient {
  private readonly http: N8nHttp;
  readonly baseUrl: string;

  constructor(options: N8nClientOptions) {
    this.baseUrl = apiRoot(options.baseUrl);
    this.http = new N8nHttp(this.baseUrl, options.apiKey, options.timeoutMs);
  }

  /** The production URL of a Webhook node's path (served only while the workflow is active). */
  webhookUrl(path: string): string {
    return `${this.baseUrl}/webhook/${path.replace(/^\/+/, "")}`;
  }

  listWorkflows(filter: WorkflowFilter = {}): Promise<Workflow[]> {
    return this.listAll<Workflow>("/workflows", {
      tags: filter.tags?.join(","),
      active: filter.active,
      name: filter.name,
      excludePinnedData: true,
    });
  }

  /** undefined when the workflow does not exist (deleted in the editor, say). */
  async getWorkflow(id: string): Promise<Workflow | undefined> {
    return orMissing(this.http.request<Workflow>("GET", `/workflows/${enc(id)}`, { retry: true }));
  }

  /** `staticData`: what the workflow's executions start from (`$getWorkflowStaticData`), e.g. when it was activated. */
  createWorkflow(definition: WorkflowDefinition, staticData?: WorkflowStaticData): Promise<Workflow> {
    return this.http.request("POST", "/workflows", {
      body: { ...writeBody(definition), ...(staticData && { staticData }) },
    });
  }

  /**
   * Full replace from the desired state. On an active workflow n8n publishes the new version at once. Without
   * `staticData` the workflow keeps the static data its executions wrote; with it, that is replaced.
   */
  updateWorkflow(id: string, definition: WorkflowDefinition, staticData?: WorkflowStaticData): Promise<Workflow> {
    return this.http.request("PUT", `/workflows/${enc(id)}`, {
      body: { ...writeBody(definition), ...(staticData && { staticData }) },
      retry: true,
    });
  }

  /**
   * false when it was already gone. n8n 2.x refuses to delete a published workflow (409): it is unpublished
   * first, and a delete that races the unpublishing is retried (bounded).
   */
  async deleteWorkflow(id: string): Promise<boolean> {
    for (let attempt = 0; ; attempt++) {
      try {
        return (await orMissing(this.http.request("DELETE", `/workflows/${enc(id)}`, { retry: true }))) !== undefined;
      } catch (err) {
        if (!(err instanceof N8nApiError) || err.status !== 409 || attempt >= DELETE_ATTEMPTS) throw err;
        if (/published workflow/i.test(err.message)) await this.deactivateWorkflow(id);
        else await new Promise((r) => setTimeout(r, 500));
      }
    }
  }

  /** Publishes the workflow and resolves once n8n serves its webhooks. */
  // An empty JSON body: without one axios labels the POST as a form, which n8n refuses (415).
  async activateWorkflow(id: string): Promise<Workflow> {
    const published = await this.http.request<Workflow>("POST", `/workflows/${enc(id)}/activate`, {
      body: {},
      retry: true,
    });
    await untilWebhooks((path) => this.webhookUrl(path), webhookRoutes(published), true);
    return published;
  }

  /** Unpublishes the workflow and resolves once n8n no longer serves its webhooks. */
  async deactivateWorkflow(id: string): Promise<Workflow> {
    const unpublished = await this.http.request<Workflow>("POST", `/workflows/${enc(id)}/deactivate`, {
      body: {},
      retry: true,
    });
    await untilWebhooks((path) => this.webhookUrl(path), webhookRoutes(unpublished), false);
    return unpublished;
  }

  listTags(): Promise<Tag[]> {
    return this.listAll<Tag>("/tags", {});
  }

  createTag(name: string): Promise<Tag> {
    return this.http.request("POST", "/tags", { body: { name } });
  }

  /** The tag with this name, created when missing (a concurrent create is tolerated). */
  async ensureTag(name: string): Promise<Tag> {
    const existing = (await this.listTags()).find((t) => t.name === name);
    if (existing) return existing;
    try {
      return await this.createTag(name);
    } catch (err) {
      const again =
        err instanceof N8nApiError && err.status === 409 && (await this.listTags()).find((t) => t.name === name);
      if (again) return again;
      throw err;
    }
  }

  /**
   * The data table with this name (n8n ≥ 2.7), created with these columns when missing; a concurrent create is
   * tolerated. An existing table keeps its rows: columns it lacks are added, none is removed.
   */
  async ensureDataTable(spec: DataTableInput): Promise<DataTable> {
    const existing = await this.findDataTable(spec.name);
    const table = existing ?? (await this.createDataTable(spec));
    const have = new Set((table.columns ?? []).map((c) => c.name));
    for (const column of spec.columns.filter((c) => !have.has(c.name))) {
      await this.http.request("POST", `/data-tables/${enc(table.id)}/columns`, { body: column });
    }
    return table;
  }

  /**
   * The newest rows of the data table with this name (by row id, newest first), those whose `column` equals `value`
   * when given; undefined when there is no such table.
   */
  async newestRows<T>(name: string, max: number, where?: { column: string; value: string }): Promise<T[] | undefined> {
    const table = await this.findDataTable(name);
    if (!table) return undefined;
    const filter =
      where &&
      JSON.stringify({ type: "and", filters: [{ columnName: where.column, condition: "eq", value: where.value }] });
    // Encoded here: n8n refuses reserved characters (`:`) that axios leaves as they are in its params.
    const query = `sortBy=${enc("id:desc")}${filter ? `&filter=${enc(filter)}` : ""}`;
    return this.listAll<T>(`/data-tables/${enc(table.id)}/rows?${query}`, {}, max);
  }

  private async findDataTable(name: string): Promise<DataTable | undefined> {
    // Listed in full: n8n refuses a `filter` parameter with reserved characters, which axios leaves unescaped.
    const tables = await this.listAll<DataTable>("/data-tables", {});
    return tables.find((t) => t.name === name);
  }

  private async createDataTable(spec: DataTableInput): Promise<DataTable> {
    try {
      return await this.http.request<DataTable>("POST", "/data-tables", { body: spec });
    } catch (err) {
      // Two workflows created at once (pulumi up) both create the blueprint's signatures table: n8n 2.41 answers the
      // later one 409, or 500 when its database refuses the duplicate name. Either way the table is there.
      const lost = err instanceof N8nApiError && (err.status === 409 || (err.status ?? 0) >= 500);
      const again = lost && (await this.findDataTable(spec.name));
      if (again) return again;
      throw err;
    }
  }

  getWorkflowTags(id: string): Promise<Tag[]> {
    return this.http.request("GET", `/workflows/${enc(id)}/tags`, { retry: true });
  }

  /** Replaces the workflow's tags with exactly these. */
  setWorkflowTags(id: string, tagIds: string[]): Promise<Tag[]> {
    return this.http.request("PUT", `/workflows/${enc(id)}/tags`, {
      body: tagIds.map((t) => ({ id: t })),
      retry: true,
    });
  }

  /** n8n cannot return credential data afterwards: keep what you need to recreate it. */
  createCredential(input: CredentialInput): Promise<Credential> {
    return this.http.request("POST", "/credentials", { body: input });
  }

  /** Names and types only, never the secret data. */
  listCredentials(): Promise<Credential[]> {
    return this.listAll<Credential>("/credentials", {});
  }

  async deleteCredential(id: string): Promise<boolean> {
    return (await orMissing(this.http.request("DELETE", `/credentials/${enc(id)}`, { retry: true }))) !== undefined;
  }

  /** Newest first, at most `max`. */
  listExecutions(filter: ExecutionFilter = {}): Promise<Execution[]> {
    const { max = PAGE_SIZE, ...query } = filter;
    return this.listAll<Execution>("/executions", query, max);
  }

  private async listAll<T>(path: string, query: Record<string, string | number | boolean | undefined>, max = Infinity) {
    const items: T[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < MAX_PAGES && items.length < max; page++) {
      const limit = Math.min(PAGE_SIZE, max - items.length);
      const res = await this.http.request<Page<T>>("GET", path, { params: { ...query, limit, cursor }, retry: true });
      items.push(...res.data);
      if (!res.nextCursor) return items;
      cursor = res.nextCursor;
    }
    if (items.length < max) throw new Error(`n8n GET ${path}: more than ${MAX_PAGES} pages, giving up`);
    return items;
  }
}

function enc(id: string): string {
  return encodeURIComponent(id);
}

async function orMissing<T>(call: Promise<T>): Promise<T | undefined> {
  try {
    return await call;
  } catch (err) {
    if (err instanceof N8nApiError && err.status === 404) return undefined;
    throw err;
  }
}
