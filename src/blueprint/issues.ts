/**
 * Turns zod's issues into blueprint diagnostics: at the exact key or value, saying what was found
 * and what was expected, with a did-you-mean for misspelled keys and values.
 */
import type { z } from "zod";
import { describeValue, diagnostic, Diagnostic, didYouMean, Loc, PathSegment, scalarText } from "./diagnostics";
import { allowedKeys, schemaAt, unionOptions, literalOf, objectShape } from "./schema-walk";
import { locate } from "./yaml-tree";

type Issue = z.core.$ZodIssue;

const TYPE_WORDS: Record<string, string> = {
  string: "a string",
  number: "a number",
  int: "a whole number",
  boolean: "true or false",
  object: "a map",
  record: "a map",
  array: "a list",
  literal: "a fixed value",
};

const CREDENTIAL_KEY = /token|secret|password|api[-_]?key|credential/i;

interface Context {
  root: z.ZodType;
  value: unknown;
  fallback: Loc;
}

function valueAt(value: unknown, path: readonly PathSegment[]): { found: boolean; value: unknown } {
  let current = value;
  for (const segment of path) {
    if (current === null || typeof current !== "object" || !Object.prototype.hasOwnProperty.call(current, segment)) {
      return { found: false, value: undefined };
    }
    current = (current as Record<PathSegment, unknown>)[segment];
  }
  return { found: true, value: current };
}

function unknownKey(ctx: Context, path: PathSegment[], key: string): Diagnostic {
  const at = locate(ctx.value, [...path, key], ctx.fallback, "key");
  const parent = valueAt(ctx.value, path).value;
  const schema = schemaAt(ctx.root, ctx.value, path);
  const allowed = schema ? allowedKeys(schema, parent) : [];
  let message = `unknown key "${key}"`;
  if (CREDENTIAL_KEY.test(key)) {
    message +=
      ": credentials never go in a blueprint; set them as Pulumi stack secrets" +
      " (pulumi config set --secret hubspot:token / n8n:apiKey)";
  } else {
    const suggestion = didYouMean(key, allowed);
    message +=
      suggestion || (allowed.length > 0 && allowed.length <= 12 ? `; expected one of: ${allowed.join(", ")}` : "");
  }
  return diagnostic(at, "error", message, [...path, key]);
}

function discriminatorProblem(ctx: Context, path: PathSegment[]): Diagnostic {
  const schema = schemaAt(ctx.root, ctx.value, path);
  const union = schema && unionOptions(schema);
  const field = union?.discriminator ?? "type";
  const values = (union?.options ?? []).map((o) => String(literalOf(objectShape(o)?.[field] ?? o)));
  const found = valueAt(ctx.value, [...path, field]);
  const at = locate(ctx.value, [...path, field], ctx.fallback);
  const message = found.found
    ? `expected ${field} to be one of: ${values.join(", ")}; found ${describeValue(found.value)}` +
      didYouMean(scalarText(found.value), values)
    : `missing required key "${field}" (one of: ${values.join(", ")})`;
  return diagnostic(at, "error", message, [...path, field]);
}

function expectedWord(issue: Issue & { code: "invalid_type" }): string {
  return TYPE_WORDS[issue.expected] ?? issue.expected;
}

function bound(issue: Issue & { code: "too_small" | "too_big" }, found: unknown): string {
  const limit = issue.code === "too_small" ? issue.minimum : issue.maximum;
  const word = issue.code === "too_small" ? "at least" : "at most";
  const exact = issue.inclusive === false ? (issue.code === "too_small" ? "more than" : "less than") : word;
  if (issue.origin === "array") {
    const n = Array.isArray(found) ? found.length : 0;
    return `expected ${exact} ${limit} item${Number(limit) === 1 ? "" : "s"}, found ${n}`;
  }
  if (issue.origin === "string") {
    return `expected ${exact} ${limit} character${Number(limit) === 1 ? "" : "s"}, found ${describeValue(found)}`;
  }
  return `expected a number ${exact} ${limit}, found ${describeValue(found)}${percentHint(issue, found)}`;
}

/** A share (at most 1) written as a percentage, e.g. probability: 50. */
function percentHint(issue: Issue & { code: "too_small" | "too_big" }, found: unknown): string {
  if (issue.code !== "too_big" || Number(issue.maximum) !== 1 || typeof found !== "number" || found > 100) return "";
  return `; shares are written from 0 to 1: did you mean ${found / 100}?`;
}

function one(ctx: Context, issue: Issue): Diagnostic[] {
  const path = issue.path.filter((s): s is PathSegment => typeof s !== "symbol");
  const at = locate(ctx.value, path, ctx.fallback);
  const here = valueAt(ctx.value, path);
  const error = (message: string) => [diagnostic(at, "error", message, path)];
  switch (issue.code) {
    case "unrecognized_keys":
      return issue.keys.map((key) => unknownKey(ctx, path, key));
    case "invalid_type":
      if (!here.found) {
        const key = String(path[path.length - 1]);
        return error(`missing required key "${key}" (expected ${expectedWord(issue)})`);
      }
      return error(`expected ${expectedWord(issue)}, found ${describeValue(here.value)}`);
    case "invalid_value": {
      const values = issue.values.map((v) => String(v));
      const shown = values.length === 1 ? JSON.stringify(issue.values[0]) : `one of: ${values.join(", ")}`;
      if (!here.found) return error(`missing required key "${String(path[path.length - 1])}" (expected ${shown})`);
      const separator = values.length === 1 ? "," : ";";
      return error(
        `expected ${shown}${separator} found ${describeValue(here.value)}${didYouMean(scalarText(here.value), values)}`,
      );
    }
    case "invalid_format":
      return error(`${issue.message}; found ${describeValue(here.value)}`);
    case "too_small":
    case "too_big":
      return error(bound(issue, here.value));
    case "not_multiple_of":
      return error(`expected a multiple of ${issue.divisor}, found ${describeValue(here.value)}`);
    case "invalid_key": {
      const key = String(path[path.length - 1]);
      const keyAt = locate(ctx.value, path, ctx.fallback, "key");
      const why = issue.issues[0]?.message ?? "not allowed here";
      return [diagnostic(keyAt, "error", `invalid key "${key}": ${why}`, path)];
    }
    case "invalid_union": {
      if ("discriminator" in issue && issue.discriminator) {
        // zod places the issue on the discriminator field itself; the union is its parent.
        const unionPath = path[path.length - 1] === issue.discriminator ? path.slice(0, -1) : path;
        return [discriminatorProblem(ctx, unionPath)];
      }
      const closest = closestMap(issue, here.value);
      if (closest) return closest.flatMap((i) => one(ctx, { ...i, path: [...issue.path, ...i.path] }));
      return error(`expected a string, number, true/false or a list of them, found ${describeValue(here.value)}`);
    }
    case "custom":
      return error(issue.message);
    default:
      return error(issue.message);
  }
}

/**
 * A map that fits no option of a union of maps (a property condition or a list condition): the problems of the
 * option it comes closest to, the one with the fewest; undefined when the value is no map or no option is one.
 */
function closestMap(issue: Issue & { code: "invalid_union" }, value: unknown): Issue[] | undefined {
  if (!value || typeof value !== "object" || Array.isArray(value)) return undefined;
  const maps = issue.errors.filter((errs) => !errs.some((e) => e.path.length === 0 && e.code === "invalid_type"));
  return maps.length ? maps.reduce((a, b) => (b.length < a.length ? b : a)) : undefined;
}

/** Diagnostics for a failed zod parse of `value` against `root`. */
export function issuesToDiagnostics(
  root: z.ZodType,
  value: unknown,
  issues: readonly Issue[],
  fallback: Loc,
): Diagnostic[] {
  const ctx: Context = { root, value, fallback };
  // An unknown key already explains why a trigger or action looks empty; saying both is noise.
  const unknownAt = new Set(issues.filter((i) => i.code === "unrecognized_keys").map((i) => i.path.join("\0")));
  const useful = issues.filter((i) => !(i.code === "custom" && unknownAt.has(i.path.join("\0"))));
  return useful.flatMap((issue) => one(ctx, issue));
}
