import { diagnostic, Diagnostic, Loc, PathSegment } from "../diagnostics";
import type { Removal } from "../merge";
import { locate } from "../yaml-tree";

/** What the checks need besides the parsed blueprint: the raw value with locations, and removals made by `extends`. */
export interface CheckInput {
  raw: unknown;
  root: Loc;
  removals: Removal[];
}

/** Collects errors and warnings, each placed at the blueprint path it is about. */
export class Findings {
  readonly diagnostics: Diagnostic[] = [];

  constructor(private readonly input: CheckInput) {}

  at(path: readonly PathSegment[], prefer: "key" | "value" = "value"): Loc {
    return locate(this.input.raw, path, this.input.root, prefer);
  }

  error(path: readonly PathSegment[], message: string, prefer: "key" | "value" = "value"): void {
    this.diagnostics.push(diagnostic(this.at(path, prefer), "error", message, path));
  }

  /** For problems that belong to a place rather than a path in the resolved blueprint (e.g. a removal). */
  report(loc: Loc, severity: Diagnostic["severity"], message: string, path?: readonly PathSegment[]): void {
    this.diagnostics.push(diagnostic(loc, severity, message, path));
  }

  /** The paths (as formatted) of what was found since `count` findings: to say one error at a place only once. */
  pathsSince(count: number): Set<string | undefined> {
    return new Set(this.diagnostics.slice(count).map((d) => d.path));
  }

  warn(path: readonly PathSegment[], message: string, prefer: "key" | "value" = "value"): void {
    this.diagnostics.push(diagnostic(this.at(path, prefer), "warning", message, path));
  }
}
