/**
 * Failures of HubSpot API calls. Built from the response body only (HubSpot's `message`, `category`,
 * `subCategory`, `correlationId`, `policyName`), never from the request, so the token cannot leak into
 * a message, a log line or Pulumi's state.
 */
export class HubSpotApiError extends Error {
  override readonly name: string = "HubSpotApiError";

  constructor(
    message: string,
    readonly status: number | undefined,
    readonly category?: string,
    readonly details: {
      subCategory?: string;
      correlationId?: string;
      policyName?: string;
      context?: Record<string, unknown>;
    } = {},
  ) {
    super(message);
  }

  get notFound(): boolean {
    return this.status === 404;
  }
}

/**
 * A write whose outcome is unknown: the connection dropped, timed out or got a 5xx after the request was sent.
 * Repeating it blindly could create a duplicate, so callers look the object up by its natural key instead.
 */
export class AmbiguousWriteError extends HubSpotApiError {
  override readonly name: string = "AmbiguousWriteError";
}

/**
 * A property that exists only in HubSpot's archive (someone deleted it): HubSpot refuses to create another with its
 * name (409), and its v3 API cannot restore it; only HubSpot's settings page can.
 */
export class ArchivedPropertyError extends HubSpotApiError {
  override readonly name: string = "ArchivedPropertyError";

  constructor(
    readonly objectType: string,
    readonly propertyName: string,
    cause: HubSpotApiError,
  ) {
    super(
      `property ${propertyName} of ${objectType} is archived in HubSpot (${cause.message})`,
      cause.status,
      cause.category,
      cause.details,
    );
  }
}

/** One refused input of a batch, as HubSpot's `errors[]` says it (`context.ids` names the records, when it does). */
export interface BatchFailure {
  message: string;
  category?: string;
  context?: { ids?: string[]; [key: string]: unknown };
}

/**
 * A batch HubSpot answered with `errors[]` (207, or 200 from 2026-09 on): some inputs were written, these were not.
 * The message names the records and HubSpot's reasons, so nothing is reported as written that was not.
 */
export class BatchPartialError extends HubSpotApiError {
  override readonly name: string = "BatchPartialError";

  constructor(
    what: string,
    inputs: number,
    readonly failures: BatchFailure[],
  ) {
    super(
      `${failures.length} of ${inputs} ${what} were not written: ${failures.map(describeFailure).join("; ")}`,
      undefined,
      failures[0]?.category,
    );
  }

  /** The ids of the records HubSpot named as not written. */
  get ids(): string[] {
    return this.failures.flatMap((f) => f.context?.ids ?? []);
  }
}

function describeFailure(f: BatchFailure): string {
  const ids = f.context?.ids ?? [];
  return ids.length > 0 ? `record ${ids.join(", ")}: ${f.message}` : f.message;
}

/** The daily limit stays exhausted until midnight in the account's time zone: waiting inside a run cannot help. */
export class DailyLimitError extends HubSpotApiError {
  override readonly name: string = "DailyLimitError";
}

/** HubSpot kept refusing a call with 429 past the documented bound: the run stops instead of waiting forever. */
export class RateLimitGaveUpError extends HubSpotApiError {
  override readonly name: string = "RateLimitGaveUpError";
}

/** HubSpot could not be reached at all (nothing listens, or the name does not resolve): nothing was sent. */
export class UnreachableError extends HubSpotApiError {
  override readonly name: string = "UnreachableError";
}

interface ErrorBody {
  message?: unknown;
  category?: unknown;
  subCategory?: unknown;
  correlationId?: unknown;
  policyName?: unknown;
  context?: unknown;
  errors?: Array<{ message?: unknown; in?: unknown }>;
}

const text = (v: unknown): string | undefined => (typeof v === "string" && v !== "" ? v : undefined);

/** HubSpot's own message, with the per-field details HubSpot lists in `errors[]`. */
function describe(body: ErrorBody, status: number): string {
  const main = text(body.message) ?? `HTTP ${status}`;
  const details = Array.isArray(body.errors)
    ? body.errors
        .map((e) => [text(e?.in), text(e?.message)].filter(Boolean).join(": "))
        .filter((d) => d !== "" && d !== main)
    : [];
  return details.length > 0 ? `${main} (${details.join("; ")})` : main;
}

/** The error for a response with a failure status; `what` names the call, e.g. `POST /crm/pipelines/2026-09/deals`. */
export function responseError(what: string, status: number, rawBody: unknown, ambiguous = false): HubSpotApiError {
  const body: ErrorBody = typeof rawBody === "object" && rawBody !== null ? (rawBody as ErrorBody) : {};
  const category = text(body.category) ?? (status === 429 ? "RATE_LIMITS" : undefined);
  const details = {
    subCategory: text(body.subCategory),
    correlationId: text(body.correlationId),
    policyName: text(body.policyName),
    context:
      typeof body.context === "object" && body.context !== null ? (body.context as Record<string, unknown>) : undefined,
  };
  const message = `HubSpot ${what} failed with ${status}${category ? ` ${category}` : ""}: ${describe(body, status)}`;
  if (status === 429 && details.policyName === "DAILY") {
    return new DailyLimitError(
      `${message} The portal's daily API limit is used up; it resets at midnight in the account's time zone. Nothing more was sent.`,
      status,
      category,
      details,
    );
  }
  return ambiguous
    ? new AmbiguousWriteError(message, status, category, details)
    : new HubSpotApiError(message, status, category, details);
}

/** The error for a call that got no response at all (reset, refused, timed out). */
export function transportError(what: string, code: string | undefined, ambiguous: boolean): HubSpotApiError {
  const reason =
    code === "ECONNABORTED" || code === "ETIMEDOUT" ? "timed out" : `got no response (${code ?? "connection lost"})`;
  const message = `HubSpot ${what} ${reason}`;
  return ambiguous
    ? new AmbiguousWriteError(message, undefined, "NETWORK")
    : new HubSpotApiError(message, undefined, "NETWORK");
}

export function rateLimitGaveUp(
  what: string,
  refusals: number,
  elapsedMs: number,
  last: HubSpotApiError,
): RateLimitGaveUpError {
  return new RateLimitGaveUpError(
    `HubSpot ${what} was refused with 429 (rate limit) ${refusals} times over ${Math.round(elapsedMs / 1000)} s; gave up. ` +
      `Last answer: ${last.message.replace(/^HubSpot \S+ \S+ failed with /, "")}. Another app may be using the portal's API budget: apply again later.`,
    429,
    last.category,
    last.details,
  );
}

/** One message for every call to a portal that cannot be reached, so a run prints it once, not once per resource. */
export function unreachable(baseUrl: string, cause: HubSpotApiError): UnreachableError {
  const reason = /\(([A-Z_]+)\)/.exec(cause.message)?.[1] ?? "no response";
  return new UnreachableError(
    `HubSpot at ${baseUrl} cannot be reached (${reason}); nothing was sent. Check hubspot:baseUrl and the network, then run again.`,
    undefined,
    "NETWORK",
  );
}

/** `Retry-After` in milliseconds: seconds, or an HTTP date; undefined when absent or unreadable. */
export function retryAfterMs(headers: Record<string, unknown>, now = Date.now()): number | undefined {
  const raw = headers["retry-after"];
  if (typeof raw !== "string" || raw.trim() === "") return undefined;
  if (/^\d+(\.\d+)?$/.test(raw.trim())) return Number(raw) * 1000;
  const at = Date.parse(raw);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
