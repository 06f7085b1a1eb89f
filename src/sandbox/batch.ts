import { ApiError, invalid } from "./errors";
import type { Reply } from "./router";
import { requireArray, requireObject } from "./validate";

export const MAX_BATCH = 100;

/**
 * A batch's inputs. HubSpot validates the request's shape before it applies anything: an input that is not an
 * object, or lacks a field the input schema requires (`id`, `name`, `properties`...), fails the whole request
 * with 400; only inputs that are well-formed but refused (unknown id, invalid value) become a 207's `errors`.
 */
export function batchInputs(body: unknown, requiredFields: string[] = []): unknown[] {
  const inputs = requireArray(requireObject(body).inputs, "inputs");
  if (inputs.length > MAX_BATCH) {
    throw invalid(`Batch size ${inputs.length} is too large; at most ${MAX_BATCH} inputs per batch`, [
      { message: "too many inputs", in: "inputs" },
    ]);
  }
  const problems = inputs.flatMap((input, i) => {
    if (typeof input !== "object" || input === null || Array.isArray(input))
      return [{ message: `inputs[${i}] must be an object`, in: `inputs[${i}]` }];
    return requiredFields
      .filter((field) => {
        const value = (input as Record<string, unknown>)[field];
        return value === undefined || value === null || value === "";
      })
      .map((field) => ({
        message: `inputs[${i}].${field} is required`,
        code: "REQUIRED_FIELD",
        in: `inputs[${i}].${field}`,
      }));
  });
  if (problems.length) throw invalid(`Invalid input JSON: ${problems.map((p) => p.message).join("; ")}`, problems);
  return inputs;
}

/**
 * Applies `each` to every input in order; inputs that fail become `errors[]` (HubSpot's 207 Multi-Status) while the
 * others are applied, as HubSpot's batch endpoints do.
 */
export function runBatch<T>(
  inputs: unknown[],
  now: string,
  okStatus: number,
  each: (input: unknown, index: number) => T | undefined,
): Reply {
  const results: T[] = [];
  const errors: Record<string, unknown>[] = [];
  inputs.forEach((input, index) => {
    try {
      const result = each(input, index);
      if (result !== undefined) results.push(result);
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      // HubSpot names the refused records in `context.ids` (e.g. an unknown id on batch/update or batch/read).
      const id = (input as { id?: unknown } | null)?.id;
      errors.push({
        status: "error",
        category: err.category,
        message: err.message,
        context: err.extra.context ?? (id === undefined ? {} : { ids: [String(id)] }),
        errors: err.extra.errors ?? [],
        links: {},
        ...(err.extra.subCategory ? { subCategory: err.extra.subCategory } : {}),
      });
    }
  });
  const body = {
    status: "COMPLETE",
    results,
    startedAt: now,
    completedAt: new Date().toISOString(),
    ...(errors.length ? { numErrors: errors.length, errors } : {}),
  };
  return { status: errors.length ? 207 : okStatus, body };
}
