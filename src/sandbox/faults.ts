/**
 * Fault injection: what a flaky HubSpot does to a client. Probabilities are 0..1 and drawn from a PRNG seeded
 * with `seed`, so a run with the same seed and the same request sequence fails the same way.
 */
export interface FaultConfig {
  /** Probability that a request fails with a 5xx before it is applied. */
  error5xx?: number;
  /** Which statuses a 5xx fault picks from (default 500, 502, 503, 504). */
  statuses?: number[];
  /** Probability of a 429 TEN_SECONDLY_ROLLING that the rate limiter did not call for. */
  error429?: number;
  /** Added latency per request, in milliseconds. */
  latencyMs?: number;
  /** Extra random latency, uniformly 0..latencyJitterMs. */
  latencyJitterMs?: number;
  /** Probability that the connection is reset before the request is applied. */
  reset?: number;
  /** Probability that a write is applied and then the connection drops without a response. */
  ambiguousWrite?: number;
  /** Only requests to these routes fail, named as in the stats (`"POST /crm/v3/pipelines/{objectType}"`). */
  routes?: string[];
  /** These routes answer 404, as on a portal where the path does not exist (e.g. a beta not enabled for it). */
  missing?: string[];
  seed?: number;
}

export type FaultDecision =
  | { kind: "none" | "ambiguous"; delayMs: number }
  | { kind: "reset"; delayMs: number }
  | { kind: "error"; status: number; delayMs: number };

const probabilities = ["error5xx", "error429", "reset", "ambiguousWrite"] as const;
const defaultStatuses = [500, 502, 503, 504];

/** Checks a fault configuration from the CLI or the admin endpoint; returns the problem, if any. */
export function faultConfigProblem(config: unknown): string | undefined {
  if (typeof config !== "object" || config === null || Array.isArray(config)) return "faults must be a JSON object";
  const known = new Set<string>([
    ...probabilities,
    "statuses",
    "latencyMs",
    "latencyJitterMs",
    "seed",
    "routes",
    "missing",
  ]);
  const c = config as Record<string, unknown>;
  for (const key of Object.keys(c)) if (!known.has(key)) return `unknown fault setting "${key}"`;
  for (const key of probabilities) {
    const v = c[key];
    if (v !== undefined && (typeof v !== "number" || !(v >= 0 && v <= 1))) return `${key} must be a number from 0 to 1`;
  }
  for (const key of ["latencyMs", "latencyJitterMs", "seed"]) {
    const v = c[key];
    if (v !== undefined && (typeof v !== "number" || !Number.isFinite(v) || v < 0))
      return `${key} must be a number >= 0`;
  }
  const statuses = c.statuses;
  if (
    statuses !== undefined &&
    (!Array.isArray(statuses) ||
      statuses.length === 0 ||
      !statuses.every((s) => Number.isInteger(s) && s >= 500 && s <= 599))
  ) {
    return "statuses must be a non-empty list of 5xx codes";
  }
  for (const key of ["routes", "missing"]) {
    const routes = c[key];
    if (
      routes !== undefined &&
      (!Array.isArray(routes) || !routes.every((r) => typeof r === "string" && /^[A-Z]+ \//.test(r)))
    ) {
      return `${key} must be a list like ["POST /crm/v3/pipelines/{objectType}"]`;
    }
  }
  return undefined;
}

export class Faults {
  private config: FaultConfig = {};
  private random: () => number = mulberry32(0);

  constructor(private readonly defaultSeed: number) {}

  set(config: FaultConfig): void {
    this.config = config;
    this.random = mulberry32(config.seed ?? this.defaultSeed);
  }

  get current(): FaultConfig {
    return this.config;
  }

  /** Draws the same number of values for every request, so one request's outcome never shifts the next ones'. */
  decide(route: string, isWrite: boolean): FaultDecision {
    const c = this.config;
    const [r5xx, rStatus, r429, rReset, rAmbiguous, rJitter] = Array.from({ length: 6 }, () => this.random());
    if (c.missing?.includes(route)) return { kind: "error", status: 404, delayMs: 0 };
    if (c.routes && !c.routes.includes(route)) return { kind: "none", delayMs: 0 };
    const delayMs = (c.latencyMs ?? 0) + rJitter * (c.latencyJitterMs ?? 0);
    if (rReset < (c.reset ?? 0)) return { kind: "reset", delayMs };
    if (r5xx < (c.error5xx ?? 0)) {
      const statuses = c.statuses ?? defaultStatuses;
      return { kind: "error", status: statuses[Math.floor(rStatus * statuses.length)], delayMs };
    }
    if (r429 < (c.error429 ?? 0)) return { kind: "error", status: 429, delayMs };
    if (isWrite && rAmbiguous < (c.ambiguousWrite ?? 0)) return { kind: "ambiguous", delayMs };
    return { kind: "none", delayMs };
  }
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
