import axios, { type AxiosInstance, type AxiosResponse } from "axios";

/** A failed call to n8n, with n8n's own message. Never carries the API key or the request headers. */
export class N8nApiError extends Error {
  constructor(
    readonly method: string,
    readonly path: string,
    readonly status: number | undefined,
    detail: string,
  ) {
    super(`n8n ${method} ${path}: ${status ?? "no response"} ${detail}`);
    this.name = "N8nApiError";
  }
}

export interface RequestOptions {
  params?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
  /** Only for calls whose replay cannot do harm (reads, PUTs of a full body, idempotent state changes). */
  retry?: boolean;
}

const RETRIABLE_STATUS = new Set([429, 502, 503, 504]);
const RETRIES = 3;

/** Talks to `<baseUrl>/api/v1` with the API key; maps every failure to an N8nApiError. */
export class N8nHttp {
  private readonly axios: AxiosInstance;

  constructor(
    baseUrl: string,
    private readonly apiKey: string,
    timeoutMs = 30_000,
  ) {
    this.axios = axios.create({
      baseURL: `${apiRoot(baseUrl)}/api/v1`,
      timeout: timeoutMs,
      headers: { "X-N8N-API-KEY": apiKey, accept: "application/json" },
      validateStatus: () => true,
    });
  }

  async request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    const once = () => this.once<T>(method, path, options);
    if (!options.retry) return once();
    const { default: pRetry } = await import("p-retry");
    return pRetry(once, {
      retries: RETRIES,
      minTimeout: 200,
      maxTimeout: 2_000,
      shouldRetry: ({ error }) => error instanceof N8nApiError && isTransient(error.status),
    });
  }

  private async once<T>(method: string, path: string, options: RequestOptions): Promise<T> {
    let res: AxiosResponse;
    try {
      res = await this.axios.request({ method, url: path, params: options.params, data: options.body });
    } catch (err) {
      // Network failures: report the cause, not the axios error (its config holds the key header).
      const e = err as { code?: string; message?: string };
      throw new N8nApiError(method, path, undefined, this.redact(`${e.code ?? ""} ${e.message ?? ""}`.trim()));
    }
    if (res.status >= 200 && res.status < 300) return res.data as T;
    throw new N8nApiError(method, path, res.status, this.redact(messageOf(res.data)));
  }

  private redact(text: string): string {
    return this.apiKey ? text.split(this.apiKey).join("***") : text;
  }
}

/** Accepts the instance URL with or without a trailing slash or `/api/v1`. */
export function apiRoot(baseUrl: string): string {
  return baseUrl.replace(/\/+$/, "").replace(/\/api\/v1$/, "");
}

function isTransient(status: number | undefined): boolean {
  return status === undefined || RETRIABLE_STATUS.has(status);
}

/** n8n answers `{message}` as JSON, but some failures (e.g. unparseable bodies) as HTML. */
function messageOf(data: unknown): string {
  if (data && typeof data === "object" && "message" in data) return String((data as { message: unknown }).message);
  const text =
    typeof data === "string"
      ? data
          .replace(/<[^>]*>/g, " ")
          .replace(/\s+/g, " ")
          .trim()
      : "";
  return text.slice(0, 300) || "(empty response)";
}
