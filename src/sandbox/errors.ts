import { randomUUID } from "node:crypto";

/** One entry of HubSpot's `errors[]`: what went wrong and, where known, in which field. */
export interface ErrorDetail {
  message: string;
  code?: string;
  in?: string;
  subCategory?: string;
  context?: Record<string, string[]>;
}

/**
 * An API failure in HubSpot's shape. Handlers throw it; the server turns it into the body HubSpot sends:
 * `{status:"error", message, correlationId, category, subCategory?, context?, errors?}`.
 */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly category: string,
    message: string,
    readonly extra: { subCategory?: string; context?: Record<string, string[]>; errors?: ErrorDetail[] } = {},
  ) {
    super(message);
  }

  body(correlationId: string): Record<string, unknown> {
    return { status: "error", message: this.message, correlationId, category: this.category, ...this.extra };
  }
}

export const newCorrelationId = (): string => randomUUID();

export const notFound = (message: string): ApiError => new ApiError(404, "OBJECT_NOT_FOUND", message);

export const invalid = (message: string, errors?: ErrorDetail[], subCategory?: string): ApiError =>
  new ApiError(400, "VALIDATION_ERROR", message, {
    ...(errors ? { errors } : {}),
    ...(subCategory ? { subCategory } : {}),
  });

export const conflict = (message: string): ApiError => new ApiError(409, "CONFLICT", message);

export const unauthorized = (): ApiError =>
  new ApiError(
    401,
    "INVALID_AUTHENTICATION",
    "Authentication credentials not found. This API supports OAuth 2.0 authentication and you can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview",
  );

/** HubSpot's 429 body has its own shape: `errorType` and `policyName` instead of a category. */
export class RateLimitError extends ApiError {
  constructor(
    readonly policyName: string,
    message: string,
  ) {
    super(429, "RATE_LIMITS", message);
  }

  override body(correlationId: string): Record<string, unknown> {
    return {
      status: "error",
      message: this.message,
      errorType: "RATE_LIMIT",
      correlationId,
      policyName: this.policyName,
    };
  }
}
