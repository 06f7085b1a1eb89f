import { hubspotPaths as P } from "./api-version";
import {
  AmbiguousWriteError,
  ArchivedPropertyError,
  BatchPartialError,
  HubSpotApiError,
  type BatchFailure,
} from "./errors";
import { AssociationLabels } from "./association-labels";
import { HubSpotFlows } from "./flows";
import { HubSpotForms } from "./forms";
import { HubSpotHttp, type Call, type HttpOptions, type HubSpotConnection } from "./http";
import { ListsApi } from "./lists";
import { CustomSchemas } from "./schemas";
import { cachedList, forgetCachedList, removeBy, updateCachedList, upsertBy } from "./list-cache";
import type {
  AccountDetails,
  CrmRecord,
  LiveOwner,
  LivePipeline,
  LiveProperty,
  LivePropertyGroup,
  LiveRole,
  LiveStage,
  LiveTeam,
  LiveUser,
  PipelineInput,
  PropertyInput,
  StageInput,
  TeamInput,
  TeamMemberType,
  SearchFilter,
  UserFields,
} from "./types";

/** The outcome of a create: the object, and whether it was already there before we asked (a natural-key clash). */
export interface Created<T> {
  object: T;
  existed: boolean;
}

const enc = encodeURIComponent;
/** HubSpot compares pipeline and stage labels without case and surrounding space. */
export const sameLabel = (a: string, b: string): boolean => a.trim().toLowerCase() === b.trim().toLowerCase();
/**
 * Ask HubSpot to refuse deleting a pipeline that records still use. Both flags default to false (hubspot-api.md
 * §11) and the stage DELETE takes none: callers count the records themselves before any delete; this is a second
 * line only where HubSpot offers one.
 */
const validateReferences = { validateReferencesBeforeDelete: true, validateDealStageUsagesBeforeDelete: true };
/** Creates are resent only after a look-up proved the last attempt left nothing; each costs a POST and a list read. */
const MAX_CREATE_ATTEMPTS = 8;
const PAGE = 100;
/** HubSpot's search: at most 200 a page, and at most 10,000 results in all. */
const SEARCH_PAGE = 200;
const SEARCH_MAX = 10_000;
/** Bounds every paged read: a million records per object type. */
const MAX_PAGES = 10_000;

/** A batch answer: `errors[]` means some inputs were not written, whatever the status (hubspot-api.md §11). */
interface BatchAnswer<T> {
  results?: T[];
  errors?: BatchFailure[];
}

/** The batch's results, or a `BatchPartialError` naming each input HubSpot refused and why. */
function allWritten<T>(res: BatchAnswer<T> | undefined, what: string, inputs: number): T[] {
  if (res?.errors?.length) throw new BatchPartialError(what, inputs, res.errors);
  return res?.results ?? [];
}

interface Page<T> {
  results: T[];
  paging?: { next?: { after: string } };
}

/** The record properties that hold a record's pipeline and stage. */
function pipelineProperties(objectType: string): { pipeline: string; stage: string } {
  return objectType === "deals"
    ? { pipeline: "pipeline", stage: "dealstage" }
    : { pipeline: "hs_pipeline", stage: "hs_pipeline_stage" };
}

/** A team as the Teams API returns it (members only on single-team answers). */
type TeamRecord = Pick<LiveTeam, "id" | "name" | "parentTeamId">;

function withoutTeam(user: LiveUser, teamId: string): LiveUser {
  const { primaryTeamId, secondaryTeamIds, ...rest } = user;
  return {
    ...rest,
    ...(primaryTeamId && primaryTeamId !== teamId ? { primaryTeamId } : {}),
    secondaryTeamIds: (secondaryTeamIds ?? []).filter((t) => t !== teamId),
  };
}

/**
 * HubSpot's CRM settings API for one portal: pipelines and stages, property groups and properties, users, teams,
 * roles, owners, CRM records (read page by page, counted, created in batches, moved between stages) and account
 * details. Lists are read in bulk and cached per process; creates never duplicate an object when a write's
 * outcome is unknown.
 */
export class HubSpotClient {
  private readonly http: HubSpotHttp;
  /** Requests this client has sent (retries and cache hits not counted), for the figures commands print. */
  calls = 0;
  /** Lists (segments): src/clients/hubspot/lists.ts. */
  readonly lists = new ListsApi(<T>(call: Call) => this.call<T>(call));

  constructor(conn: HubSpotConnection, options?: HttpOptions) {
    this.http = new HubSpotHttp(conn, options);
  }

  /** Custom object schemas and association labels (./schemas.ts, ./association-labels.ts). */
  readonly schemas = new CustomSchemas({ call: (c) => this.call(c), key: (k) => this.key(k) });
  readonly associationLabels = new AssociationLabels({ call: (c) => this.call(c), key: (k) => this.key(k) });

  /** Identifies the portal and token (a hash), never the token itself. */
  get portalKey(): string {
    return this.http.key;
  }

  private call<T>(call: Call): Promise<T> {
    this.calls++;
    return this.http.request<T>(call);
  }

  private key(kind: string): string {
    return `${this.http.key}|${kind}`;
  }

  /** HubSpot workflows (./flows); each use sends through this client, so its calls are counted and paced alike. */
  get flows(): HubSpotFlows {
    return new HubSpotFlows((call) => this.call(call));
  }

  /** HubSpot forms (./forms), sent through this client like every other call. */
  get forms(): HubSpotForms {
    return new HubSpotForms((call) => this.call(call));
  }

  account(): Promise<AccountDetails> {
    return this.call({ method: "GET", path: `${P.account}/details` });
  }

  // Pipelines and stages

  listPipelines(objectType: string, fresh = false): Promise<LivePipeline[]> {
    return cachedList(
      this.key(`pipelines/${objectType}`),
      async () => {
        const res = await this.call<{ results: LivePipeline[] }>({
          method: "GET",
          path: `${P.pipelines}/${enc(objectType)}`,
        });
        return res.results.filter((p) => !p.archived);
      },
      fresh,
    );
  }

  async findPipeline(
    objectType: string,
    by: { id?: string; label?: string },
    fresh = false,
  ): Promise<LivePipeline | undefined> {
    const all = await this.listPipelines(objectType, fresh);
    return all.find((p) => (by.id !== undefined ? p.id === by.id : sameLabel(p.label, by.label ?? "")));
  }

  async createPipeline(objectType: string, input: PipelineInput): Promise<Created<LivePipeline>> {
    const created = await this.createOnce(
      { method: "POST", path: `${P.pipelines}/${enc(objectType)}`, body: input },
      (fresh) => this.findPipeline(objectType, { label: input.label }, fresh),
    );
    this.cachePipeline(objectType, created.object);
    return created;
  }

  async updatePipeline(
    objectType: string,
    id: string,
    patch: { label?: string; displayOrder?: number },
  ): Promise<LivePipeline> {
    const updated = await this.call<LivePipeline>({
      method: "PATCH",
      path: `${P.pipelines}/${enc(objectType)}/${enc(id)}`,
      body: patch,
    });
    this.cachePipeline(objectType, updated);
    return updated;
  }

  async deletePipeline(objectType: string, id: string): Promise<void> {
    await this.deleteIgnoringMissing(`${P.pipelines}/${enc(objectType)}/${enc(id)}`, validateReferences);
    updateCachedList<LivePipeline>(
      this.key(`pipelines/${objectType}`),
      removeBy((p) => p.id === id),
    );
  }

  async createStage(objectType: string, pipelineId: string, input: StageInput): Promise<Created<LiveStage>> {
    const created = await this.createOnce(
      { method: "POST", path: `${P.pipelines}/${enc(objectType)}/${enc(pipelineId)}/stages`, body: input },
      async (fresh) =>
        (await this.findPipeline(objectType, { id: pipelineId }, fresh))?.stages.find((s) =>
          sameLabel(s.label, input.label),
        ),
    );
    this.cacheStage(objectType, pipelineId, created.object);
    return created;
  }

  async updateStage(
    objectType: string,
    pipelineId: string,
    stageId: string,
    /** HubSpot's stage PATCH requires `metadata`, even when only the label changes. */
    patch: Partial<StageInput> & Pick<StageInput, "metadata">,
  ): Promise<LiveStage> {
    const updated = await this.call<LiveStage>({
      method: "PATCH",
      path: `${P.pipelines}/${enc(objectType)}/${enc(pipelineId)}/stages/${enc(stageId)}`,
      body: patch,
    });
    this.cacheStage(objectType, pipelineId, updated);
    return updated;
  }

  async deleteStage(objectType: string, pipelineId: string, stageId: string): Promise<void> {
    // HubSpot deletes a stage records still use: the caller has counted them (and moved them) first.
    await this.deleteIgnoringMissing(`${P.pipelines}/${enc(objectType)}/${enc(pipelineId)}/stages/${enc(stageId)}`);
    updateCachedList<LivePipeline>(this.key(`pipelines/${objectType}`), (list) =>
      list.map((p) => (p.id === pipelineId ? { ...p, stages: p.stages.filter((s) => s.id !== stageId) } : p)),
    );
  }

  private cachePipeline(objectType: string, pipeline: LivePipeline): void {
    updateCachedList<LivePipeline>(
      this.key(`pipelines/${objectType}`),
      upsertBy((p) => p.id === pipeline.id, pipeline),
    );
  }

  private cacheStage(objectType: string, pipelineId: string, stage: LiveStage): void {
    updateCachedList<LivePipeline>(this.key(`pipelines/${objectType}`), (list) =>
      list.map((p) =>
        p.id === pipelineId ? { ...p, stages: upsertBy<LiveStage>((s) => s.id === stage.id, stage)(p.stages) } : p,
      ),
    );
  }

  // Property groups and properties

  listPropertyGroups(objectType: string, fresh = false): Promise<LivePropertyGroup[]> {
    return cachedList(
      this.key(`groups/${objectType}`),
      async () => {
        const res = await this.call<{ results: LivePropertyGroup[] }>({
          method: "GET",
          path: `${P.properties}/${enc(objectType)}/groups`,
        });
        return res.results.filter((g) => !g.archived);
      },
      fresh,
    );
  }

  async findPropertyGroup(objectType: string, name: string, fresh = false): Promise<LivePropertyGroup | undefined> {
    return (await this.listPropertyGroups(objectType, fresh)).find((g) => g.name === name);
  }

  async createPropertyGroup(
    objectType: string,
    input: { name: string; label: string; displayOrder?: number },
  ): Promise<Created<LivePropertyGroup>> {
    const created = await this.createOnce(
      { method: "POST", path: `${P.properties}/${enc(objectType)}/groups`, body: input },
      (fresh) => this.findPropertyGroup(objectType, input.name, fresh),
    );
    this.cacheGroup(objectType, created.object);
    return created;
  }

  async updatePropertyGroup(
    objectType: string,
    name: string,
    patch: { label?: string; displayOrder?: number },
  ): Promise<LivePropertyGroup> {
    const updated = await this.call<LivePropertyGroup>({
      method: "PATCH",
      path: `${P.properties}/${enc(objectType)}/groups/${enc(name)}`,
      body: patch,
    });
    this.cacheGroup(objectType, updated);
    return updated;
  }

  async deletePropertyGroup(objectType: string, name: string): Promise<void> {
    await this.deleteIgnoringMissing(`${P.properties}/${enc(objectType)}/groups/${enc(name)}`);
    updateCachedList<LivePropertyGroup>(
      this.key(`groups/${objectType}`),
      removeBy((g) => g.name === name),
    );
  }

  private cacheGroup(objectType: string, group: LivePropertyGroup): void {
    updateCachedList<LivePropertyGroup>(
      this.key(`groups/${objectType}`),
      upsertBy((g) => g.name === group.name, group),
    );
  }

  listProperties(objectType: string, fresh = false): Promise<LiveProperty[]> {
    return cachedList(
      this.key(`properties/${objectType}`),
      async () => {
        const res = await this.call<{ results: LiveProperty[] }>({
          method: "GET",
          path: `${P.properties}/${enc(objectType)}`,
        });
        return res.results.filter((p) => !p.archived);
      },
      fresh,
    );
  }

  async findProperty(objectType: string, name: string, fresh = false): Promise<LiveProperty | undefined> {
    return (await this.listProperties(objectType, fresh)).find((p) => p.name === name);
  }

  /** The property as HubSpot's archive (recycling bin) holds it, if it was archived. */
  async findArchivedProperty(objectType: string, name: string): Promise<LiveProperty | undefined> {
    try {
      const property = await this.call<LiveProperty>({
        method: "GET",
        path: `${P.properties}/${enc(objectType)}/${enc(name)}`,
        query: { archived: true },
      });
      return property.archived ? property : undefined;
    } catch (err) {
      if (err instanceof HubSpotApiError && err.notFound) return undefined;
      throw err;
    }
  }

  /** Fails with `ArchivedPropertyError` when HubSpot refuses the name because an archived property holds it. */
  async createProperty(objectType: string, input: PropertyInput): Promise<Created<LiveProperty>> {
    const created = await this.whenArchived(objectType, input.name, 409, () =>
      this.createOnce({ method: "POST", path: `${P.properties}/${enc(objectType)}`, body: input }, (fresh) =>
        this.findProperty(objectType, input.name, fresh),
      ),
    );
    this.cacheProperty(objectType, created.object);
    return created;
  }

  /** Fails with `ArchivedPropertyError` when the property was archived (HubSpot answers 404 for it). */
  async updateProperty(
    objectType: string,
    name: string,
    patch: Omit<Partial<PropertyInput>, "name" | "hasUniqueValue">,
  ): Promise<LiveProperty> {
    const updated = await this.whenArchived(objectType, name, 404, () =>
      this.call<LiveProperty>({
        method: "PATCH",
        path: `${P.properties}/${enc(objectType)}/${enc(name)}`,
        body: patch,
      }),
    );
    this.cacheProperty(objectType, updated);
    return updated;
  }

  /** Runs a property write; a refusal with `status` becomes `ArchivedPropertyError` if the archive holds the property. */
  private async whenArchived<T>(objectType: string, name: string, status: number, write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (err) {
      if (
        err instanceof HubSpotApiError &&
        err.status === status &&
        (await this.findArchivedProperty(objectType, name))
      ) {
        throw new ArchivedPropertyError(objectType, name, err);
      }
      throw err;
    }
  }

  async deleteProperty(objectType: string, name: string): Promise<void> {
    await this.deleteIgnoringMissing(`${P.properties}/${enc(objectType)}/${enc(name)}`);
    updateCachedList<LiveProperty>(
      this.key(`properties/${objectType}`),
      removeBy((p) => p.name === name),
    );
  }

  private cacheProperty(objectType: string, property: LiveProperty): void {
    updateCachedList<LiveProperty>(
      this.key(`properties/${objectType}`),
      upsertBy((p) => p.name === property.name, property),
    );
  }

  // Users, teams, roles

  listUsers(fresh = false): Promise<LiveUser[]> {
    return cachedList(this.key("users"), () => this.all<LiveUser>(P.users), fresh);
  }

  async findUser(by: { id?: string; email?: string }, fresh = false): Promise<LiveUser | undefined> {
    const email = by.email?.toLowerCase();
    return (await this.listUsers(fresh)).find((u) =>
      by.id !== undefined ? u.id === by.id : u.email.toLowerCase() === email,
    );
  }

  async createUser(input: UserFields & { email: string }): Promise<Created<LiveUser>> {
    const created = await this.createOnce(
      { method: "POST", path: P.users, body: { ...input, sendWelcomeEmail: false } },
      (fresh) => this.findUser({ email: input.email }, fresh),
    );
    this.cacheUser(created.object);
    forgetCachedList(this.key("owners"));
    return created;
  }

  async updateUser(id: string, fields: UserFields): Promise<LiveUser> {
    const updated = await this.call<LiveUser>({ method: "PUT", path: `${P.users}/${enc(id)}`, body: fields });
    this.cacheUser(updated);
    return updated;
  }

  async deleteUser(id: string): Promise<void> {
    await this.deleteIgnoringMissing(`${P.users}/${enc(id)}`);
    updateCachedList<LiveUser>(
      this.key("users"),
      removeBy((u) => u.id === id),
    );
    forgetCachedList(this.key("owners"));
  }

  private cacheUser(user: LiveUser): void {
    updateCachedList<LiveUser>(
      this.key("users"),
      upsertBy((u) => u.id === user.id, user),
    );
  }

  /**
   * Teams with their parent (Teams API) and members: a user's primary and secondary teams are part of the user,
   * so membership comes from the users list every run reads anyway, not from one members call per team.
   */
  async listTeams(fresh = false): Promise<LiveTeam[]> {
    const [teams, users] = await Promise.all([
      cachedList(this.key("teams"), () => this.all<LiveTeam>(P.teams), fresh),
      this.listUsers(fresh),
    ]);
    return teams.map((t) => ({
      id: t.id,
      name: t.name,
      ...(t.parentTeamId ? { parentTeamId: t.parentTeamId } : {}),
      userIds: users.filter((u) => u.primaryTeamId === t.id).map((u) => u.id),
      secondaryUserIds: users.filter((u) => u.secondaryTeamIds?.includes(t.id)).map((u) => u.id),
    }));
  }

  async findTeam(by: { id?: string; name?: string }, fresh = false): Promise<LiveTeam | undefined> {
    return (await this.listTeams(fresh)).find((t) =>
      by.id !== undefined ? t.id === by.id : sameLabel(t.name, by.name ?? ""),
    );
  }

  /** A team with its primary members; HubSpot moves a user's primary team to the new one. */
  async createTeam(input: TeamInput): Promise<Created<LiveTeam>> {
    const body = {
      name: input.name,
      ...(input.parentTeamId ? { parentTeamId: input.parentTeamId } : {}),
      members: input.userIds.map((userId) => ({ userId, type: "DEFAULT" })),
    };
    const created = await this.createOnce<TeamRecord>({ method: "POST", path: P.teams, body }, (fresh) =>
      this.findTeam({ name: input.name }, fresh),
    );
    this.cacheTeam(created.object);
    for (const userId of created.existed ? [] : input.userIds)
      this.cacheMembership(userId, created.object.id, "DEFAULT");
    return { ...created, object: (await this.findTeam({ id: created.object.id })) ?? created.object };
  }

  /** HubSpot's team PATCH requires both fields: the name, and the parent (`null`: a top-level team). */
  async updateTeam(id: string, body: { name: string; parentTeamId: string | null }): Promise<void> {
    this.cacheTeam(await this.call<TeamRecord>({ method: "PATCH", path: `${P.teams}/${enc(id)}`, body }));
  }

  /** Makes the user a member; a DEFAULT membership replaces the user's previous main team. */
  async addTeamMember(teamId: string, userId: string, type: TeamMemberType): Promise<void> {
    await this.call({
      method: "POST",
      path: `${P.teams}/${enc(teamId)}/members`,
      body: { userId, type },
      replaySafe: true,
    });
    this.cacheMembership(userId, teamId, type);
  }

  async removeTeamMember(teamId: string, userId: string, type: TeamMemberType): Promise<void> {
    await this.deleteIgnoringMissing(`${P.teams}/${enc(teamId)}/members/${enc(userId)}`, { type });
    this.cacheMembership(userId, teamId, undefined);
  }

  /** Its members stay users, without this team. */
  async deleteTeam(id: string): Promise<void> {
    await this.deleteIgnoringMissing(`${P.teams}/${enc(id)}`);
    updateCachedList<TeamRecord>(
      this.key("teams"),
      removeBy((t) => t.id === id),
    );
    updateCachedList<LiveUser>(this.key("users"), (list) => list.map((u) => withoutTeam(u, id)));
  }

  private cacheTeam(team: TeamRecord): void {
    const { id, name, parentTeamId } = team;
    updateCachedList<TeamRecord>(
      this.key("teams"),
      upsertBy((t) => t.id === id, { id, name, ...(parentTeamId ? { parentTeamId } : {}) }),
    );
  }

  /** Applies a membership write to the cached users (`type` undefined: the user left the team). */
  private cacheMembership(userId: string, teamId: string, type: TeamMemberType | undefined): void {
    updateCachedList<LiveUser>(this.key("users"), (list) =>
      list.map((u) => {
        if (u.id !== userId) return u;
        const left = withoutTeam(u, teamId);
        if (type === "DEFAULT") return { ...left, primaryTeamId: teamId };
        return type === "EXTRA" ? { ...left, secondaryTeamIds: [...(left.secondaryTeamIds ?? []), teamId] } : left;
      }),
    );
  }

  listRoles(): Promise<LiveRole[]> {
    return cachedList(
      this.key("roles"),
      async () => (await this.call<{ results: LiveRole[] }>({ method: "GET", path: `${P.users}/roles` })).results,
    );
  }

  /** Owners (the people records are assigned to): HubSpot derives one from each user, so user writes drop this list. */
  listOwners(fresh = false): Promise<LiveOwner[]> {
    return cachedList(this.key("owners"), () => this.all<LiveOwner>(P.owners), fresh);
  }

  // CRM records

  /** How many records of a type there are, or have `property` equal to `value` (one search). */
  countRecords(objectType: string, where?: { property: string; value: string }): Promise<number> {
    return this.countWhere(
      objectType,
      where ? { propertyName: where.property, operator: "EQ", value: where.value } : undefined,
    );
  }

  /** How many records match one search filter (or all of the type without one). */
  private countWhere(objectType: string, filter?: SearchFilter): Promise<number> {
    return this.countMatching(objectType, filter ? [[filter]] : []);
  }

  /**
   * How many records match the search's filter groups (any group; every filter of one), or all of the type without
   * any: a search for one record, its total.
   */
  async countMatching(objectType: string, groups: SearchFilter[][]): Promise<number> {
    const filterGroups = groups.map((filters) => ({ filters }));
    const res = await this.call<{ total: number }>({
      method: "POST",
      path: `${P.objects}/${enc(objectType)}/search`,
      replaySafe: true,
      body: { limit: 1, properties: ["hs_object_id"], ...(groups.length ? { filterGroups } : {}) },
    });
    return res.total;
  }

  /** Every live record of a type with the given properties, handed over one page at a time (never cached). */
  readRecords(objectType: string, properties: string[], onPage: (records: CrmRecord[]) => void): Promise<void> {
    return this.pages(`${P.objects}/${enc(objectType)}`, { properties: properties.join(",") }, onPage);
  }

  /**
   * Creates up to 100 records in one call; a record HubSpot refuses fails the whole call with its reason. Records
   * have no natural key the client could look up, so a lost response is an `AmbiguousWriteError`, never a resend:
   * a caller that must not duplicate checks for its records itself.
   */
  async createRecords(objectType: string, inputs: Array<Record<string, string>>): Promise<CrmRecord[]> {
    const res = await this.call<BatchAnswer<CrmRecord>>({
      method: "POST",
      path: `${P.objects}/${enc(objectType)}/batch/create`,
      body: { inputs: inputs.map((properties) => ({ properties })) },
    });
    return allWritten(res, objectType, inputs.length);
  }

  /**
   * Records created at or after `since` (epoch ms), oldest first, with the given properties, page by page through
   * the search endpoint (read-only). HubSpot's search pages through at most 10,000 results: more is an error
   * the caller words, with the count, before anything is read.
   */
  async recordsCreatedSince(
    objectType: string,
    since: number,
    properties: string[],
  ): Promise<{ total: number; records: CrmRecord[] }> {
    const body = {
      filterGroups: [{ filters: [{ propertyName: "createdate", operator: "GTE", value: String(since) }] }],
      sorts: [{ propertyName: "createdate", direction: "ASCENDING" }],
      properties: [...new Set(["createdate", ...properties])],
      limit: SEARCH_PAGE,
    };
    const search = (after: number) =>
      this.call<{ total: number; results: CrmRecord[] }>({
        method: "POST",
        path: `${P.objects}/${enc(objectType)}/search`,
        replaySafe: true,
        body: { ...body, after: String(after) },
      });
    const first = await search(0);
    if (first.total > SEARCH_MAX) return { total: first.total, records: [] };
    const records = [...first.results];
    while (records.length < first.total && records.length < SEARCH_MAX) {
      const page = await search(records.length);
      if (page.results.length === 0) break;
      records.push(...page.results);
    }
    return { total: first.total, records };
  }

  /** How many records of a type hold any value in `property` (one search). */
  countWithValue(objectType: string, property: string): Promise<number> {
    return this.countWhere(objectType, { propertyName: property, operator: "HAS_PROPERTY" });
  }

  /**
   * How many records hold the option `value` in an enumeration property (one search): equal to it, or, for a
   * multiple-checkbox property (`;`-separated values), holding it among others.
   */
  countWithOption(objectType: string, property: string, value: string, multiple: boolean): Promise<number> {
    return this.countWhere(objectType, { propertyName: property, operator: multiple ? "CONTAINS_TOKEN" : "EQ", value });
  }

  /** Ids of up to `limit` records whose `property` equals `value`, and how many there are in all (one search). */
  async recordsWhere(
    objectType: string,
    where: { property: string; value: string },
    limit = PAGE,
  ): Promise<{ total: number; ids: string[] }> {
    const res = await this.call<{ total: number; results: Array<{ id: string }> }>({
      method: "POST",
      path: `${P.objects}/${enc(objectType)}/search`,
      replaySafe: true,
      body: {
        filterGroups: [{ filters: [{ propertyName: where.property, operator: "EQ", value: where.value }] }],
        properties: [where.property],
        limit,
      },
    });
    return { total: res.total, ids: res.results.map((r) => r.id) };
  }

  /**
   * Sets one property on up to 100 records, each to its own value; setting values is safe to replay. A record
   * HubSpot refuses (an unknown id, an invalid value) fails the call with a `BatchPartialError` naming it.
   */
  async setRecordValues(
    objectType: string,
    property: string,
    values: Array<{ id: string; value: string }>,
  ): Promise<void> {
    if (values.length === 0) return;
    await this.batchUpdate(objectType, values.length, {
      inputs: values.map(({ id, value }) => ({ id, properties: { [property]: value } })),
    });
  }

  // Records in pipelines (deals, tickets)

  /** Ids of up to `limit` records of a pipeline (and stage), and how many there are in all. */
  async recordsInStage(
    objectType: string,
    pipelineId: string,
    stageId: string | undefined,
    limit = PAGE,
  ): Promise<{ total: number; ids: string[] }> {
    const names = pipelineProperties(objectType);
    const filters = [{ propertyName: names.pipeline, operator: "EQ", value: pipelineId }];
    if (stageId !== undefined) filters.push({ propertyName: names.stage, operator: "EQ", value: stageId });
    const res = await this.call<{ total: number; results: Array<{ id: string }> }>({
      method: "POST",
      path: `${P.objects}/${enc(objectType)}/search`,
      replaySafe: true,
      body: { filterGroups: [{ filters }], properties: [names.stage], limit },
    });
    return { total: res.total, ids: res.results.map((r) => r.id) };
  }

  /** Puts up to 100 records in a stage; setting values is safe to replay. A refused record is a `BatchPartialError`. */
  async moveRecords(objectType: string, ids: string[], pipelineId: string, stageId: string): Promise<void> {
    if (ids.length === 0) return;
    const names = pipelineProperties(objectType);
    await this.batchUpdate(objectType, ids.length, {
      inputs: ids.map((id) => ({ id, properties: { [names.stage]: stageId, [names.pipeline]: pipelineId } })),
    });
  }

  private async batchUpdate(objectType: string, count: number, body: { inputs: unknown[] }): Promise<void> {
    const res = await this.call<BatchAnswer<CrmRecord>>({
      method: "POST",
      path: `${P.objects}/${enc(objectType)}/batch/update`,
      replaySafe: true,
      body,
    });
    allWritten(res, objectType, count);
  }

  // Shared read and write paths

  private async all<T>(path: string): Promise<T[]> {
    const items: T[] = [];
    await this.pages<T>(path, {}, (page) => items.push(...page));
    return items;
  }

  private async pages<T>(path: string, query: Call["query"], onPage: (items: T[]) => void): Promise<void> {
    let after: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const res = await this.call<Page<T>>({ method: "GET", path, query: { ...query, limit: PAGE, after } });
      onPage(res.results);
      after = res.paging?.next?.after;
      if (!after) return;
    }
    throw new HubSpotApiError(`HubSpot GET ${path} did not end after ${MAX_PAGES} pages`, undefined);
  }

  /**
   * Creates an object unless one with its natural key exists: that one is returned marked `existed` for the
   * caller to judge (adopt or refuse), found in the run's bulk list so adopting a whole account writes nothing.
   * The POST goes once; when its outcome is unknown, the object is looked up afresh and adopted if the write went
   * through, or sent again if it certainly did not. A refusal because the key exists after all is `existed` too.
   */
  private async createOnce<T>(call: Call, find: (fresh: boolean) => Promise<T | undefined>): Promise<Created<T>> {
    const existing = await find(false);
    if (existing !== undefined) return { object: existing, existed: true };
    for (let attempt = 1; ; attempt++) {
      try {
        return { object: await this.call<T>(call), existed: false };
      } catch (err) {
        if (err instanceof AmbiguousWriteError) {
          const found = await find(true);
          if (found !== undefined) return { object: found, existed: false };
          if (attempt < MAX_CREATE_ATTEMPTS) {
            await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
            continue;
          }
        } else if (err instanceof HubSpotApiError && (err.status === 400 || err.status === 409)) {
          const found = await find(true);
          if (found !== undefined) return { object: found, existed: true };
        }
        throw err;
      }
    }
  }

  /** A delete that finds nothing has nothing left to do (e.g. a replay after a lost response). */
  private async deleteIgnoringMissing(path: string, query?: Call["query"]): Promise<void> {
    try {
      await this.call({ method: "DELETE", path, query });
    } catch (err) {
      if (!(err instanceof HubSpotApiError && err.notFound)) throw err;
    }
  }
}
