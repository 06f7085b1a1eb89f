import { createHash } from "node:crypto";
import axios, { type AxiosInstance, type AxiosResponse } from "axios";
import {
  HubSpotApiError,
  rateLimitGaveUp,
  responseError,
  retryAfterMs as retryAfterOf,
  transportError,
  unreachable,
} from "./errors";
import { limiterFor, rateLimitHeaders, type RateLimiter } from "./rate-limiter";

export interface HubSpotConnection {
  /** e.g. https://api.hubapi.com, or the sandbox's URL. */
  baseUrl: string;
  /** A private app token or a service key (both are sent as `Authorization: Bearer`). */
  token: string;
}

export interface RetryOptions {
  retries: number;
  minTimeoutMs: number;
  maxTimeoutMs: number;
  /** Upper bound on the retries of 5xx and lost connections of one call. */
  maxRetryTimeMs: number;
  /** Attempts after a refused connection (nothing listens): few, so an unreachable HubSpot fails in seconds. */
  unreachableRetries: number;
  /** 429 (ten-second policy): first wait, growing ×2 up to `rateLimitMaxWaitMs`, or longer when `Retry-After` says so. */
  rateLimitMinWaitMs: number;
  rateLimitMaxWaitMs: number;
  /** A call still refused with 429 after this long (or this many refusals) gives up with a clear message. */
  rateLimitGiveUpMs: number;
  rateLimitRetries: number;
}

export interface HttpOptions {
  timeoutMs?: number;
  retry?: Partial<RetryOptions>;
}

export type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

export interface Call {
  method: Method;
  path: string;
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  /**
   * Whether sending the call twice has the same effect as sending it once. GET, PUT, PATCH and DELETE are;
   * a POST is only when the caller says so (searches, batch reads, batch updates that set values).
   */
  replaySafe?: boolean;
}

/**
 * The documented bounds (docs/resources.md, "Rate limits and failures"): a 429 is retried after 1, 2, 4, 8, 16, 16... s (or
 * what `Retry-After` asks, up to 60 s), at most 8 times and for at most 90 s, so one call sends at most 9 requests.
 */
export const defaultRetry: RetryOptions = {
  retries: 6,
  minTimeoutMs: 200,
  maxTimeoutMs: 4_000,
  maxRetryTimeMs: 60_000,
  unreachableRetries: 2,
  rateLimitMinWaitMs: 1_000,
  rateLimitMaxWaitMs: 16_000,
  rateLimitGiveUpMs: 90_000,
  rateLimitRetries: 8,
};

/** The longest `Retry-After` we honour; HubSpot's windows are seconds long, a longer ask is a give-up. */
const MAX_RETRY_AFTER_MS = 60_000;
/** How long a portal found unreachable stays so in this process: later calls fail at once with the same message. */
const UNREACHABLE_MS = 60_000;

/** Errors after which HubSpot certainly did not receive the request. */
const neverSent = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN"]);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A short stable name for a portal + token, safe to use as a key and to print. */
export function portalKey(conn: HubSpotConnection): string {
  const digest = createHash("sha256").update(conn.token).digest("hex").slice(0, 16);
  return `${conn.baseUrl.replace(/\/+$/, "")}#${digest}`;
}

/** Signals a failure that another attempt may fix; `request` sees it, callers never do. */
class Retryable extends Error {
  constructor(
    readonly failure: HubSpotApiError,
    readonly kind: "failure" | "unreachable" | "rateLimited",
    readonly retryAfterMs?: number,
  ) {
    super(failure.message);
  }
}

const unreachableRegistry = Symbol.for("revstack.hubspot.unreachable");

/** Portals found unreachable in this process, with the failure every later call repeats until it expires. */
function unreachablePortals(): Map<string, { until: number; failure: HubSpotApiError }> {
  const g = globalThis as unknown as Record<
    symbol,
    Map<string, { until: number; failure: HubSpotApiError }> | undefined
  >;
  return (g[unreachableRegistry] ??= new Map());
}

/**
 * HTTP transport for one portal: bearer auth, the portal's shared rate limiter, retries where a replay is safe,
 * and HubSpot's error bodies turned into `HubSpotApiError`s.
 */
export class HubSpotHttp {
  readonly key: string;
  private readonly axios: AxiosInstance;
  private readonly retry: RetryOptions;
  private readonly baseUrl: string;

  constructor(conn: HubSpotConnection, options: HttpOptions = {}) {
    this.key = portalKey(conn);
    this.retry = { ...defaultRetry, ...options.retry };
    this.baseUrl = conn.baseUrl.replace(/\/+$/, "");
    this.axios = axios.create({
      baseURL: conn.baseUrl.replace(/\/+$/, ""),
      timeout: options.timeoutMs ?? 30_000,
      headers: { Authorization: `Bearer ${conn.token}`, Accept: "application/json" },
      // Status handling is ours: every response resolves.
      validateStatus: () => true,
      maxRedirects: 0,
    });
  }

  private get limiter(): RateLimiter {
    return limiterFor(this.key);
  }

  /**
   * Sends a call, retrying what another attempt may fix: 5xx and lost connections where a replay is safe (a few
   * growing waits), a refused connection a couple of times (then the portal counts as unreachable for a minute, so
   * a run with HubSpot down fails in seconds with one message), and 429s with growing waits that honour
   * `Retry-After`, giving up after `rateLimitGiveUpMs` / `rateLimitRetries`.
   */
  async request<T>(call: Call): Promise<T> {
    const replaySafe = call.replaySafe ?? call.method !== "POST";
    const started = Date.now();
    const tries = { failure: 0, unreachable: 0, rateLimited: 0 };
    for (;;) {
      const down = unreachablePortals().get(this.key);
      if (down && down.until > Date.now()) throw down.failure;
      try {
        return await this.attempt<T>(call, replaySafe);
      } catch (err) {
        if (!(err instanceof Retryable)) throw err;
        const n = ++tries[err.kind];
        await sleep(this.waitBefore(call, err, n, Date.now() - started));
      }
    }
  }

  /** How long to wait before the next attempt, or the error that ends the call. */
  private waitBefore(call: Call, err: Retryable, n: number, elapsedMs: number): number {
    const r = this.retry;
    if (err.kind === "rateLimited") {
      const grown = Math.min(r.rateLimitMinWaitMs * 2 ** (n - 1), r.rateLimitMaxWaitMs);
      const wait = Math.max(grown, err.retryAfterMs ?? 0);
      if (
        n > r.rateLimitRetries ||
        elapsedMs + wait > r.rateLimitGiveUpMs ||
        (err.retryAfterMs ?? 0) > MAX_RETRY_AFTER_MS
      ) {
        throw rateLimitGaveUp(`${call.method} ${call.path}`, n, elapsedMs, err.failure);
      }
      return wait * (1 + Math.random() * 0.1);
    }
    if (err.kind === "unreachable" && n > r.unreachableRetries) {
      const failure = unreachable(this.baseUrl, err.failure);
      unreachablePortals().set(this.key, { until: Date.now() + UNREACHABLE_MS, failure });
      throw failure;
    }
    if (n > r.retries || elapsedMs > r.maxRetryTimeMs) throw err.failure;
    return Math.min(r.minTimeoutMs * 2 ** (n - 1), r.maxTimeoutMs) * (1 + Math.random());
  }

  private async attempt<T>(call: Call, replaySafe: boolean): Promise<T> {
    const what = `${call.method} ${call.path}`;
    const release = await this.limiter.acquire();
    let response: AxiosResponse;
    try {
      response = await this.axios.request({ method: call.method, url: call.path, params: call.query, data: call.body });
    } catch (err) {
      const code = (err as { code?: string }).code;
      if (neverSent.has(code ?? "")) throw new Retryable(transportError(what, code, false), "unreachable");
      const failure = transportError(what, code, !replaySafe);
      if (replaySafe) throw new Retryable(failure, "failure");
      throw failure;
    } finally {
      release();
    }
    const limits = rateLimitHeaders(response.headers as Record<string, unknown>);
    this.limiter.observe(limits);
    const { status, data } = response;
    if (status < 300) return data as T;
    if (status === 429) {
      const failure = responseError(what, status, data);
      if (failure.details.policyName === "DAILY") throw failure;
      // Headers showing no room left mean the portal's window is full: hold every call for a moment. Otherwise the
      // refusal concerns this call (a route's or the search limit): only this call waits.
      if (!(limits.remaining !== undefined && limits.remaining > 0)) this.limiter.backOff(1_000);
      // A refused request was not applied, so even a POST can be sent again, after a growing wait.
      throw new Retryable(failure, "rateLimited", retryAfterOf(response.headers as Record<string, unknown>));
    }
    if (status >= 500) {
      if (replaySafe) throw new Retryable(responseError(what, status, data), "failure");
      throw responseError(what, status, data, true);
    }
    throw responseError(what, status, data);
  }
}
