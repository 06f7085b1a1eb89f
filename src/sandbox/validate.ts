import { invalid } from "./errors";

/** Small checks shared by the routes; each failure names the field, as HubSpot's `errors[].in` does. */

export function requireObject(body: unknown, what = "request body"): Record<string, any> {
  if (typeof body !== "object" || body === null || Array.isArray(body))
    throw invalid(`Invalid input: ${what} must be a JSON object`);
  return body as Record<string, any>;
}

export function requireString(value: unknown, field: string): string {
  if (typeof value !== "string" || value.trim() === "") {
    throw invalid(`Invalid input: ${field} is required and must be a non-empty string`, [
      { message: `${field} is required`, in: field },
    ]);
  }
  return value.trim();
}

export function optionalString(value: unknown, field: string): string | undefined {
  return value === undefined || value === null ? undefined : requireString(value, field);
}

export function requireNumber(value: unknown, field: string): number {
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw invalid(`Invalid input: ${field} is required and must be a number`, [
      { message: `${field} must be a number`, in: field },
    ]);
  }
  return value;
}

export function requireArray(value: unknown, field: string): unknown[] {
  if (!Array.isArray(value))
    throw invalid(`Invalid input: ${field} must be an array`, [{ message: `${field} must be an array`, in: field }]);
  return value;
}

export const flag = (query: URLSearchParams, name: string): boolean => query.get(name) === "true";

/** A boolean query flag that falls back to `fallback` when absent. */
export const flagOr = (query: URLSearchParams, name: string, fallback: boolean): boolean => {
  const raw = query.get(name);
  return raw === null ? fallback : raw === "true";
};

export const sameLabel = (a: string, b: string): boolean => a.trim().toLowerCase() === b.trim().toLowerCase();

export function limitParam(query: URLSearchParams, fallback: number, max: number): number {
  const raw = query.get("limit");
  if (raw === null) return fallback;
  const limit = Number(raw);
  if (!Number.isInteger(limit) || limit < 1)
    throw invalid(`Invalid input: limit must be a positive integer`, [
      { message: "limit must be a positive integer", in: "limit" },
    ]);
  return Math.min(limit, max);
}

/** A required string that must be one of `allowed` (HubSpot's enums). */
export function oneOf(value: unknown, allowed: string[], field: string): string {
  const text = requireString(value, field);
  if (!allowed.includes(text))
    throw invalid(`Invalid input: ${field} must be one of ${allowed.join(", ")}`, [
      { message: `invalid ${field}`, in: field },
    ]);
  return text;
}
