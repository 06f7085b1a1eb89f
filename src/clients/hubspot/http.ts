import { createHash } from "node:crypto";
import axios, { type AxiosInstance, type AxiosResponse } from "axios";
import { HubSpotApiError, responseError, transportError } from "./errors";
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
  /** Upper bound on the whole call, retries and rate-limit waits included. */
  maxRetryTimeMs: number;
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

const defaultRetry: RetryOptions = { retries: 6, minTimeoutMs: 200, maxTimeoutMs: 4_000, maxRetryTimeMs: 180_000 };

/** Errors after which HubSpot certainly did not receive the request. */
const neverSent = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN"]);

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A short stable name for a portal + token, safe to use as a key and to print. */
export function portalKey(conn: HubSpotConnection): string {
  const digest = createHash("sha256").update(conn.token).digest("hex").slice(0, 16);
  return `${conn.baseUrl.replace(/\/+$/, "")}#${digest}`;
}

/** Signals a failure that another attempt may fix; p-retry sees it, callers never do. */
class Retryable extends Error {
  constructor(
    readonly failure: HubSpotApiError,
    readonly consumesRetry: boolean,
  ) {
    super(failure.message);
  }
}

/**
 * HTTP transport for one portal: bearer auth, the portal's shared rate limiter, retries where a replay is safe,
 * and HubSpot's error bodies turned into `HubSpotApiError`s.
 */
export class HubSpotHttp {
  readonly key: string;
  private readonly axios: AxiosInstance;
  private readonly retry: RetryOptions;

  constructor(conn: HubSpotConnection, options: HttpOptions = {}) {
    this.key = portalKey(conn);
    this.retry = { ...defaultRetry, ...options.retry };
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

  async request<T>(call: Call): Promise<T> {
    const { default: pRetry, AbortError } = await import("p-retry");
    const replaySafe = call.replaySafe ?? call.method !== "POST";
    try {
      return await pRetry(
        async () => {
          try {
            return await this.attempt<T>(call, replaySafe);
          } catch (err) {
            if (err instanceof Retryable) throw err;
            throw new AbortError(err as Error);
          }
        },
        {
          retries: this.retry.retries,
          minTimeout: this.retry.minTimeoutMs,
          maxTimeout: this.retry.maxTimeoutMs,
          maxRetryTime: this.retry.maxRetryTimeMs,
          randomize: true,
          shouldConsumeRetry: ({ error }) => !(error instanceof Retryable) || error.consumesRetry,
        },
      );
    } catch (err) {
      throw err instanceof Retryable ? err.failure : err;
    }
  }

  private async attempt<T>(call: Call, replaySafe: boolean): Promise<T> {
    const what = `${call.method} ${call.path}`;
    const release = await this.limiter.acquire();
    let response: AxiosResponse;
    try {
      response = await this.axios.request({ method: call.method, url: call.path, params: call.query, data: call.body });
    } catch (err) {
      const code = (err as { code?: string }).code;
      if (neverSent.has(code ?? "")) throw new Retryable(transportError(what, code, false), true);
      const failure = transportError(what, code, !replaySafe);
      if (replaySafe) throw new Retryable(failure, true);
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
      // When the headers still show room the refusal was momentary (or the per-second search limit): pause this
      // call only. Otherwise the portal's window is full: hold every call for a while.
      if (limits.remaining !== undefined && limits.remaining > 0) await sleep(250);
      else this.limiter.backOff(1_000);
      // A refused request was not applied, so even a POST can be sent again.
      throw new Retryable(failure, false);
    }
    if (status >= 500) {
      if (replaySafe) throw new Retryable(responseError(what, status, data), true);
      throw responseError(what, status, data, true);
    }
    throw responseError(what, status, data);
  }
}
