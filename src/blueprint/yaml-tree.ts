/**
 * YAML text → plain values, remembering where every map entry and list item came from so that
 * later stages (schema, merge, semantic checks) can point at file:line:column.
 *
 * The conversion is our own rather than `yaml`'s toJS because it must also: report duplicate keys
 * with both places, refuse `__proto__` keys, and bound what aliases expand to (billion laughs).
 */
import { Alias, Document, isAlias, isMap, isScalar, isSeq, LineCounter, Node, parseDocument, Scalar } from "yaml";
import { diagnostic, Diagnostic, Loc, PathSegment } from "./diagnostics";
import { indentationProblem } from "./indentation";

export interface EntryLoc {
  /** Where the key is written (map entries only). */
  key?: Loc;
  value: Loc;
}

/** Source locations of one map or list: its own place and each entry's. */
export interface NodeLocs {
  self: Loc;
  entries: Map<PathSegment, EntryLoc>;
}

/** Locations of every map and list produced by the loader (and by `extends` merging). */
export const locsOf = new WeakMap<object, NodeLocs>();

export interface Limits {
  /** Largest blueprint file accepted, in bytes. */
  maxBytes: number;
  /** Deepest nesting of maps and lists. */
  maxDepth: number;
  /** Most values a file may hold once aliases are expanded. */
  maxValues: number;
}

export const DEFAULT_LIMITS: Limits = { maxBytes: 10 * 1024 * 1024, maxDepth: 64, maxValues: 2_000_000 };

const MAX_SYNTAX_ERRORS = 20;

export interface ParsedYaml {
  /** Undefined when the text is not usable YAML. */
  value?: unknown;
  root: Loc;
  diagnostics: Diagnostic[];
}

/** Thrown inside the converter when a limit is hit: loading stops at once. */
class LimitExceeded extends Error {
  constructor(
    readonly loc: Loc,
    message: string,
  ) {
    super(message);
  }
}

function setOwn(target: Record<string, unknown>, key: string, value: unknown): void {
  // defineProperty never triggers an inherited setter, whatever the key.
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

class Converter {
  private values = 0;
  private readonly anchored = new Map<Node, { value: unknown; size: number }>();
  private readonly open = new Set<Node>();
  readonly diagnostics: Diagnostic[] = [];

  constructor(
    private readonly doc: Document,
    private readonly file: string,
    private readonly lines: LineCounter,
    private readonly limits: Limits,
  ) {}

  loc(offset: number | undefined): Loc {
    const { line, col } = this.lines.linePos(offset ?? 0);
    return { file: this.file, line, column: col };
  }

  private count(size: number, at: Loc): void {
    this.values += size;
    if (this.values > this.limits.maxValues) {
      throw new LimitExceeded(
        at,
        `the file expands to more than ${this.limits.maxValues.toLocaleString("en-US")} values` +
          ' (aliases repeating aliases, a "billion laughs"?): refusing to load it',
      );
    }
  }

  convert(node: unknown, depth: number): unknown {
    if (isAlias(node)) return this.alias(node);
    if (!(node instanceof Object) || !("range" in node)) return null;
    const n = node as Node;
    if (depth > this.limits.maxDepth) {
      throw new LimitExceeded(this.loc(n.range?.[0]), tooDeep(this.limits.maxDepth));
    }
    const before = this.values;
    this.open.add(n);
    let value: unknown;
    if (isMap(n)) value = this.map(n, depth);
    else if (isSeq(n)) value = this.seq(n, depth);
    else value = this.scalar(n as Scalar);
    this.open.delete(n);
    if (n.anchor) this.anchored.set(n, { value, size: this.values - before });
    return value;
  }

  private alias(alias: Alias): unknown {
    const at = this.loc(alias.range?.[0]);
    const target = alias.resolve(this.doc);
    if (!target) {
      this.diagnostics.push(
        diagnostic(at, "error", `unknown alias *${alias.source}: no anchor &${alias.source} before it`),
      );
      return null;
    }
    if (this.open.has(target)) {
      this.diagnostics.push(diagnostic(at, "error", `alias *${alias.source} refers to a map or list that contains it`));
      return null;
    }
    const known = this.anchored.get(target);
    if (!known) return null;
    // Expanded aliases share one value; counting their size keeps the loader's work bounded.
    this.count(Math.max(1, known.size), at);
    return known.value;
  }

  private scalar(node: Scalar): unknown {
    this.count(1, this.loc(node.range?.[0]));
    const value = node.value;
    if (typeof value === "bigint") return Number(value);
    return value === undefined ? null : value;
  }

  private seq(node: import("yaml").YAMLSeq, depth: number): unknown[] {
    const self = this.loc(node.range?.[0]);
    this.count(1, self);
    const out: unknown[] = [];
    const entries = new Map<PathSegment, EntryLoc>();
    for (const item of node.items) {
      const at = this.loc((item as Node | null)?.range?.[0] ?? node.range?.[0]);
      entries.set(out.length, { value: at });
      out.push(this.convert(item, depth + 1));
    }
    locsOf.set(out, { self, entries });
    return out;
  }

  private map(node: import("yaml").YAMLMap, depth: number): Record<string, unknown> {
    const self = this.loc(node.range?.[0]);
    this.count(1, self);
    const out: Record<string, unknown> = {};
    const entries = new Map<PathSegment, EntryLoc>();
    for (const pair of node.items) {
      const keyNode = pair.key as Node | null;
      const keyLoc = this.loc(keyNode?.range?.[0] ?? node.range?.[0]);
      const key = this.key(keyNode, keyLoc);
      if (key === undefined) continue;
      const previous = entries.get(key);
      if (previous) {
        this.diagnostics.push(
          diagnostic(keyLoc, "error", `duplicate key "${key}": already defined at line ${previous.key?.line}`),
        );
        continue;
      }
      const valueNode = pair.value as Node | null;
      const valueLoc = valueNode?.range ? this.loc(valueNode.range[0]) : keyLoc;
      entries.set(key, { key: keyLoc, value: valueLoc });
      setOwn(out, key, this.convert(valueNode, depth + 1));
    }
    locsOf.set(out, { self, entries });
    return out;
  }

  private key(node: Node | null, at: Loc): string | undefined {
    if (!isScalar(node) || node.value === null || typeof node.value === "object") {
      this.diagnostics.push(diagnostic(at, "error", "map keys must be plain words or strings"));
      return undefined;
    }
    const key = String(node.value);
    if (key === "<<") {
      this.diagnostics.push(
        diagnostic(at, "error", "YAML merge keys (<<) are not supported: use `extends:` to build on a base blueprint"),
      );
      return undefined;
    }
    if (key === "__proto__") {
      this.diagnostics.push(diagnostic(at, "error", 'the key "__proto__" is not allowed'));
      return undefined;
    }
    return key;
  }
}

const tooDeep = (maxDepth: number) =>
  `nesting is deeper than ${maxDepth} levels (maps and lists inside one another); a blueprint never needs that many: ` +
  "look for an unclosed bracket or runaway indentation here";

/**
 * Where the text nests far deeper than any blueprint (twice the limit), found by reading it line by line: block
 * levels by indentation and `- ` items, flow levels by brackets outside quotes and comments. The YAML parser
 * recurses once per level and would overflow the stack on such input; the converter reports the exact limit on
 * anything shallower.
 */
function runawayNesting(text: string, maxDepth: number): { line: number; column: number } | undefined {
  const indents: number[] = [];
  let flow = 0;
  const lines = text.split("\n");
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n];
    const indent = line.length - line.trimStart().length;
    if (flow === 0 && line.trim() !== "" && !line.trimStart().startsWith("#")) {
      while (indents.length > 0 && indents[indents.length - 1] >= indent) indents.pop();
      indents.push(indent);
    }
    let items = 0;
    let quote: string | undefined;
    for (let i = indent; i < line.length; i++) {
      const c = line[i];
      if (quote) {
        if (c === quote) quote = undefined;
      } else if (c === "'" || c === '"') quote = c;
      else if (c === "#" && (i === 0 || /\s/.test(line[i - 1]))) break;
      else if (c === "[" || c === "{") flow++;
      else if (c === "]" || c === "}") flow = Math.max(0, flow - 1);
      else if (c === "-" && flow === 0 && line[i + 1] === " " && line.slice(indent, i).replace(/- /g, "").trim() === "")
        items++;
      if (indents.length + items + flow > 2 * maxDepth) return { line: n + 1, column: i + 1 };
    }
  }
  return undefined;
}

/**
 * The parser's errors; when a wrong indentation explains them (it is on or just after the first one, where an
 * over-indented key makes the parser give up one line early), only that, on the line that is wrong: the parser's
 * errors after it are its consequences.
 */
function syntaxErrors(doc: Document, text: string, at: (pos: readonly number[] | undefined) => Loc): Diagnostic[] {
  const errors = doc.errors.map((e) => ({ loc: at(e.pos), message: e.message.replace(/\s+/g, " ").trim() }));
  const wrong = errors.length > 0 ? indentationProblem(text) : undefined;
  if (wrong && wrong.line <= errors[0].loc.line + 1) {
    const loc = { file: errors[0].loc.file, line: wrong.line, column: wrong.column };
    return [diagnostic(loc, "error", `YAML indentation: ${wrong.message}`)];
  }
  return errors.slice(0, MAX_SYNTAX_ERRORS).map((e) => diagnostic(e.loc, "error", `YAML syntax: ${e.message}`));
}

/** Parses one YAML document; syntax problems and limit breaches come back as diagnostics, never as exceptions. */
export function parseYaml(text: string, file: string, limits: Limits = DEFAULT_LIMITS): ParsedYaml {
  const root: Loc = { file, line: 1, column: 1 };
  const bytes = Buffer.byteLength(text, "utf8");
  if (bytes > limits.maxBytes) {
    return {
      root,
      diagnostics: [diagnostic(root, "error", `file is ${bytes} bytes: the limit is ${limits.maxBytes} bytes`)],
    };
  }
  const runaway = runawayNesting(text, limits.maxDepth);
  if (runaway) return { root, diagnostics: [diagnostic({ file, ...runaway }, "error", tooDeep(limits.maxDepth))] };
  const lines = new LineCounter();
  let doc: Document;
  try {
    doc = parseDocument(text, {
      lineCounter: lines,
      prettyErrors: false,
      uniqueKeys: false,
      merge: false,
      schema: "core",
      strict: true,
    });
  } catch (err) {
    // The parser recurses on nesting; absurdly deep input ends here instead of crashing.
    return { root, diagnostics: [diagnostic(root, "error", `cannot parse YAML: ${(err as Error).message}`)] };
  }
  const at = (pos: readonly number[] | undefined): Loc => {
    const { line, col } = lines.linePos(pos?.[0] ?? 0);
    return { file, line, column: col };
  };
  const diagnostics = syntaxErrors(doc, text, at);
  for (const w of doc.warnings.slice(0, MAX_SYNTAX_ERRORS)) {
    diagnostics.push(diagnostic(at(w.pos), "warning", `YAML: ${w.message.replace(/\s+/g, " ").trim()}`));
  }
  if (doc.errors.length > 0) return { root, diagnostics };
  if (doc.contents === null) {
    diagnostics.push(
      diagnostic(root, "error", "the file is empty: expected a blueprint (apiVersion, kind, metadata, ...)"),
    );
    return { root, diagnostics };
  }
  const converter = new Converter(doc, file, lines, limits);
  try {
    const value = converter.convert(doc.contents, 0);
    diagnostics.push(...converter.diagnostics);
    return { value, root, diagnostics };
  } catch (err) {
    if (!(err instanceof LimitExceeded)) throw err;
    diagnostics.push(...converter.diagnostics, diagnostic(err.loc, "error", err.message));
    return { root, diagnostics };
  }
}

/**
 * Where a path points. A missing tail resolves to the deepest place that exists (a missing key is
 * reported at the map that lacks it); `key` prefers the key's own position for map entries.
 */
export function locate(
  value: unknown,
  path: readonly PathSegment[],
  fallback: Loc,
  prefer: "key" | "value" = "value",
): Loc {
  let current: unknown = value;
  let best = locsOf.get(current as object)?.self ?? fallback;
  for (const segment of path) {
    if (current === null || typeof current !== "object") break;
    const locs = locsOf.get(current);
    const entry = locs?.entries.get(segment);
    if (!entry) break;
    best = prefer === "key" && entry.key ? entry.key : entry.value;
    current = (current as Record<PathSegment, unknown>)[segment];
  }
  return best;
}
