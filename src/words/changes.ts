/** Collects the changes of a diff, each in a section and (optionally) a scope such as a pipeline. */
import type { Action, Change, Section } from "./change";

export interface Extra {
  details?: string[];
  danger?: string;
}

export class Changes {
  readonly list: Change[] = [];

  in(section: Section, scope?: string): ScopedChanges {
    return new ScopedChanges(this.list, section, scope);
  }
}

export class ScopedChanges {
  constructor(
    private readonly list: Change[],
    private readonly section: Section,
    private readonly scope?: string,
  ) {}

  added(message: string, extra: Extra = {}): void {
    this.push("add", message, extra);
  }

  removed(message: string, extra: Extra = {}): void {
    this.push("remove", message, extra);
  }

  changed(message: string, extra: Extra = {}): void {
    this.push("change", message, extra);
  }

  adopted(message: string, extra: Extra = {}): void {
    this.push("adopt", message, extra);
  }

  released(message: string, extra: Extra = {}): void {
    this.push("release", message, extra);
  }

  /** How many changes have been collected so far (all scopes). */
  count(): number {
    return this.list.length;
  }

  /** One change per field that differs: `${subject} ${fieldChange}` ("Stage 'Demo' probability 20% → 40%"). */
  fields(subject: string, parts: ReadonlyArray<string | undefined>): void {
    for (const part of parts) if (part !== undefined) this.changed(`${subject} ${part}`);
  }

  private push(action: Action, message: string, extra: Extra): void {
    const change: Change = { section: this.section, action, message };
    if (this.scope !== undefined) change.scope = this.scope;
    if (extra.details && extra.details.length > 0) change.details = extra.details;
    if (extra.danger !== undefined) change.danger = extra.danger;
    this.list.push(change);
  }
}
