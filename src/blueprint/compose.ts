/**
 * Follows `extends:` from a blueprint to its root base, reading and validating each file on the
 * way, then merges the chain from the root down. Cycles and missing bases are errors at the
 * `extends:` line that caused them.
 */
import { promises as fs } from "node:fs";
import * as path from "node:path";
import type { z } from "zod";
import { describeValue, diagnostic, Diagnostic, hasErrors, Loc } from "./diagnostics";
import { issuesToDiagnostics } from "./issues";
import { BlueprintLayer } from "./layer";
import { Merger, Removal } from "./merge";
import { Blueprint } from "./model";
import { DEFAULT_LIMITS, Limits, locate, parseYaml } from "./yaml-tree";

export interface LoadOptions {
  /** Reads a file as UTF-8 text; replaceable so tests and fuzzers need no disk. */
  readFile?: (file: string) => Promise<string>;
  /** Size in bytes, checked before reading so a huge file is never loaded into memory. */
  fileSize?: (file: string) => Promise<number>;
  limits?: Limits;
}

/** The longest `extends` chain accepted; deeper chains are almost certainly a mistake. */
export const MAX_EXTENDS_DEPTH = 16;

interface Layer {
  /** The path as shown in diagnostics (relative to the first file's directory as the user wrote it). */
  file: string;
  value: Record<string, unknown>;
  root: Loc;
}

export interface Composed {
  /** Merged raw value (before defaults), with locations for every entry. */
  value?: unknown;
  root: Loc;
  removals: Removal[];
  diagnostics: Diagnostic[];
}

function unreadable(root: Loc, why: string): Read {
  return { diagnostics: [diagnostic(root, "error", `cannot read blueprint: ${why}`)], unreadable: why };
}

interface Read {
  layer?: Layer;
  diagnostics: Diagnostic[];
  /** Why the file could not be read at all (missing, a directory, too large). */
  unreadable?: string;
}

async function readLayer(file: string, options: LoadOptions, limits: Limits): Promise<Read> {
  const root: Loc = { file, line: 1, column: 1 };
  let text: string;
  try {
    const size = await (options.fileSize ?? (async (f: string) => (await fs.stat(f)).size))(file);
    if (size > limits.maxBytes) return unreadable(root, `it is ${size} bytes, the limit is ${limits.maxBytes} bytes`);
    text = await (options.readFile ?? ((f: string) => fs.readFile(f, "utf8")))(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === "ENOENT" ? "no such file" : code === "EISDIR" ? "it is a directory" : (err as Error).message;
    return unreadable(root, why);
  }
  const parsed = parseYaml(text, file, limits);
  if (parsed.value === undefined) return { diagnostics: parsed.diagnostics };
  if (parsed.value === null || typeof parsed.value !== "object" || Array.isArray(parsed.value)) {
    const message = `expected a blueprint (a map with apiVersion, kind, metadata, ...), found ${describeValue(parsed.value)}`;
    return { diagnostics: [...parsed.diagnostics, diagnostic(parsed.root, "error", message)] };
  }
  return {
    layer: { file, value: parsed.value as Record<string, unknown>, root: parsed.root },
    diagnostics: parsed.diagnostics,
  };
}

function validate(schema: z.ZodType, layer: Layer): Diagnostic[] {
  const result = schema.safeParse(layer.value);
  return result.success ? [] : issuesToDiagnostics(schema, layer.value, result.error.issues, layer.root);
}

/** Where `extends:` points, or a diagnostic saying why it cannot be followed. */
function basePath(layer: Layer, seen: string[]): { file?: string; problem?: Diagnostic } {
  const target = layer.value.extends;
  if (typeof target !== "string") return {};
  const at = locate(layer.value, ["extends"], layer.root);
  const problem = (message: string) => ({ problem: diagnostic(at, "error", message, ["extends"]) });
  if (path.isAbsolute(target) || /^[a-z][a-z0-9+.-]*:/i.test(target)) {
    return problem(`extends must be a path relative to this file, found ${describeValue(target)}`);
  }
  const file = path.join(path.dirname(layer.file), target);
  if (seen.includes(path.resolve(file))) {
    const cycle = [...seen.slice(seen.indexOf(path.resolve(file))), path.resolve(file)].map((f) => path.basename(f));
    return problem(`extends cycle: ${cycle.join(" → ")}`);
  }
  if (seen.length >= MAX_EXTENDS_DEPTH) return problem(`extends chain is deeper than ${MAX_EXTENDS_DEPTH} files`);
  return { file };
}

/** Reads `file` and every base it extends, validates each, and merges them. */
export async function compose(file: string, options: LoadOptions = {}): Promise<Composed> {
  const limits = options.limits ?? DEFAULT_LIMITS;
  const chain: Layer[] = [];
  const diagnostics: Diagnostic[] = [];
  const seen: string[] = [];
  let next: string | undefined = file;
  let first: Loc = { file, line: 1, column: 1 };
  while (next !== undefined) {
    seen.push(path.resolve(next));
    const read = await readLayer(next, options, limits);
    const child = chain[chain.length - 1];
    if (read.unreadable && child) {
      // A base that cannot be read is the child's mistake: point at its `extends:` line.
      const at = locate(child.value, ["extends"], child.root);
      const message = `cannot read base blueprint ${JSON.stringify(child.value.extends)}: ${read.unreadable}`;
      diagnostics.push(diagnostic(at, "error", message, ["extends"]));
    } else {
      diagnostics.push(...read.diagnostics);
    }
    if (!read.layer) break;
    if (chain.length === 0) first = read.layer.root;
    chain.push(read.layer);
    const base = basePath(read.layer, seen);
    if (base.problem) diagnostics.push(base.problem);
    next = base.file;
  }
  // Each file is checked on its own first, so an error names the file that has it.
  for (const layer of chain) {
    diagnostics.push(...validate(layer.value.extends === undefined ? Blueprint : BlueprintLayer, layer));
  }
  if (hasErrors(diagnostics)) return { root: first, removals: [], diagnostics };

  const merger = new Merger(first);
  let merged: unknown = chain[chain.length - 1].value;
  for (let i = chain.length - 2; i >= 0; i--) merged = merger.merge(Blueprint, merged, chain[i].value, []);
  diagnostics.push(...merger.diagnostics);
  return { value: merged, root: first, removals: merger.removals, diagnostics };
}
