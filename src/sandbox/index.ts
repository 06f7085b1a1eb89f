import { createHash, randomBytes } from "node:crypto";
import { mkdirSync } from "node:fs";
import { createServer } from "node:http";
import { dirname, resolve } from "node:path";
import type { AddressInfo } from "node:net";
import { localDay } from "./clock";
import { Faults, faultConfigProblem, type FaultConfig } from "./faults";
import { RateLimiter, tiers, type Tier } from "./rate-limit";
import { Router, type Route } from "./router";
import { accountRoutes } from "./routes/account";
import { associationLabelRoutes } from "./routes/association-labels";
import { flowRoutes } from "./routes/flows";
import { formRoutes } from "./routes/forms";
import { listRoutes } from "./routes/lists";
import { schemaRoutes } from "./routes/schemas";
import { objectRoutes } from "./routes/objects";
import { ownerRoutes } from "./routes/owners";
import { pipelineRoutes } from "./routes/pipelines";
import { propertyRoutes } from "./routes/properties";
import { stageRoutes } from "./routes/stages";
import { teamRoutes } from "./routes/teams";
import { userRoutes } from "./routes/users";
import { seedState, withSeededTypes } from "./seed";
import { requestListener } from "./server";
import { Stats } from "./stats";
import { Store } from "./store";
import { withDateVersions } from "./versions";

export type { FaultConfig } from "./faults";

export interface SandboxOptions {
  /** 0 picks a free port. Default 0. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Bearer tokens the CRM API accepts. Default `["sandbox-token"]`. */
  tokens?: string[];
  /**
   * Scopes of some tokens (each must also be in `tokens`): such a token is refused (403 MISSING_SCOPES) on a route
   * that needs a scope it lacks (./scopes). Tokens not named here hold every scope.
   */
  tokenScopes?: Record<string, string[]>;
  /** Token for the `/__sandbox/*` endpoints (header `X-Sandbox-Admin-Token`). Default `sandbox-admin-token`. */
  adminToken?: string;
  /** State file; loaded at start when it exists, saved atomically after writes and on stop. */
  statePath?: string;
  /** Requests per rolling 10 s per token. Default 100. */
  tier?: Tier;
  /** Overrides the tier's daily limit (e.g. to exercise the DAILY policy). */
  dailyLimit?: number;
  /** `false` turns rate limiting off (benchmarks). Default true. */
  rateLimits?: boolean;
  seed?: number;
  faults?: FaultConfig;
  /** The portal's id; default: derived from `statePath` (random without one), or the id the state file holds. */
  portalId?: number;
  timeZone?: string;
  companyCurrency?: string;
  /** How long a write takes to reach search results, like HubSpot's search index. Default 0 (at once); the CLI's is 1000. */
  searchIndexDelayMs?: number;
  /**
   * A new portal is a fresh HubSpot portal (its creator as its one super admin, HubSpot's defaults); `true` adds the
   * demo sales team (`revstack sandbox --demo-people`). Default false.
   */
  demoPeople?: boolean;
}

export interface Sandbox {
  url: string;
  port: number;
  portalId: number;
  adminToken: string;
  tokens: string[];
  stop(): Promise<void>;
}

export const DEFAULT_TOKEN = "sandbox-token";
export const DEFAULT_ADMIN_TOKEN = "sandbox-admin-token";
/**
 * A new portal's id when none is given: derived from the state file's full path, so two sandboxes with their own
 * state files are two portals the portal guard can tell apart, and a restart keeps its id; random without a file.
 */
export function defaultPortalId(statePath: string | undefined): number {
  const seed = statePath === undefined ? randomBytes(4).toString("hex") : resolve(statePath);
  const hash = createHash("sha256").update(seed).digest().readUInt32BE(0);
  return 10_000_000 + (hash % 90_000_000);
}

/**
 * Every route the sandbox serves, in each path family (test/sandbox/published-operations.test.ts holds them to
 * HubSpot's published operations).
 */
export function sandboxRoutes(account: Parameters<typeof accountRoutes>[0]): Route[] {
  return [
    accountRoutes(account),
    pipelineRoutes,
    stageRoutes,
    propertyRoutes,
    userRoutes,
    ownerRoutes,
    objectRoutes,
    teamRoutes,
    flowRoutes,
    schemaRoutes,
    associationLabelRoutes,
    listRoutes,
    formRoutes,
  ].flatMap(withDateVersions);
}

/** Starts a HubSpot-compatible API server; resolves once it accepts connections. */
export async function startSandbox(opts: SandboxOptions = {}): Promise<Sandbox> {
  const tokens = opts.tokens?.length ? [...opts.tokens] : [DEFAULT_TOKEN];
  const adminToken = opts.adminToken ?? DEFAULT_ADMIN_TOKEN;
  const timeZone = opts.timeZone ?? "America/New_York";
  const tier = tiers[opts.tier ?? 100];
  if (!tier) throw new Error(`tier must be 100, 190 or 250 (got ${String(opts.tier)})`);
  const problem = opts.faults ? faultConfigProblem(opts.faults) : undefined;
  if (problem) throw new Error(`invalid fault configuration: ${problem}`);

  if (opts.statePath) mkdirSync(dirname(opts.statePath), { recursive: true });
  const loaded = Store.load(opts.statePath);
  const state = loaded
    ? withSeededTypes(loaded)
    : seedState(opts.portalId ?? defaultPortalId(opts.statePath), new Date().toISOString(), opts.demoPeople === true);
  if (opts.portalId !== undefined) state.portalId = opts.portalId;
  const store = new Store(state, opts.statePath, opts.searchIndexDelayMs ?? 0);
  const limits = { burst: tier.burst, daily: opts.dailyLimit ?? tier.daily };
  const limiter = new RateLimiter(limits, state.usage, () => localDay(timeZone));
  const faults = new Faults(opts.seed ?? 0);
  faults.set(opts.faults ?? {});
  const stats = new Stats();

  const router = new Router();
  router.add(
    sandboxRoutes({
      timeZone,
      companyCurrency: opts.companyCurrency ?? "USD",
      dailyLimit: () => limiter.dailyLimit,
      dailyUsed: () => limiter.dailyUsed(),
    }),
  );

  const server = createServer(
    requestListener({
      router,
      store,
      stats,
      faults,
      tokens: new Set(tokens),
      tokenScopes: new Map(Object.entries(opts.tokenScopes ?? {}).map(([token, scopes]) => [token, new Set(scopes)])),
      adminToken,
      ...(opts.rateLimits === false ? {} : { limiter }),
    }),
  );
  await new Promise<void>((listening, reject) => {
    server.once("error", reject);
    server.listen(opts.port ?? 0, opts.host ?? "127.0.0.1", () => listening());
  });
  store.changed();
  const { port, address } = server.address() as AddressInfo;
  const host = address.includes(":") ? `[${address}]` : address;
  return {
    url: `http://${host}:${port}`,
    port,
    portalId: state.portalId,
    adminToken,
    tokens,
    stop: async () => {
      await new Promise<void>((closed) => {
        server.close(() => closed());
        server.closeAllConnections();
      });
      await store.flush();
    },
  };
}
