/** Collects the changes of a diff, each in a section and (optionally) a scope such as a pipeline. */
import type { Action, Change, Section } from "./change";

export interface Extra {
  details?: string[];
  danger?: string;
}

/**
 * What becomes of a HubSpot object that leaves the blueprint, when the review can know more than "deleted": released
 * (a stack adopted it, so it only forgets it) or deleted although adopted (the blueprint's `delete:` list names it).
 */
export type Fate = { kind: "release"; stack: string } | { kind: "delete" };
export type Fates = (key: string) => Fate | undefined;

export class Changes {
  readonly list: Change[] = [];

  constructor(private readonly fates: Fates = () => undefined) {}

  in(section: Section, scope?: string): ScopedChanges {
    return new ScopedChanges(this.list, section, scope, this.fates);
  }
}

export class ScopedChanges {
  constructor(
    private readonly list: Change[],
    private readonly section: Section,
    private readonly scope?: string,
    private readonly fates: Fates = () => undefined,
  ) {}

  /**
   * A HubSpot object (by natural key, e.g. `property:deals/lead_source`; a group has one per object type) that leaves the blueprint: `message` and
   * `extra` say how it is deleted; a stack that adopted it releases it instead, and a `delete:` entry says so.
   */
  removedObject(keys: string | string[], subject: string, message: string, extra: Extra = {}): void {
    const fate = [keys]
      .flat()
      .map(this.fates)
      .find((f) => f !== undefined);
    if (fate?.kind === "release")
      this.released(
        `${subject} released: stack "${fate.stack}" adopted it, so it forgets it and HubSpot keeps it as it is`,
      );
    else if (fate?.kind === "delete")
      this.removed(`${message}: deleted from HubSpot, as the blueprint's delete: list says`, {
        ...extra,
        danger: extra.danger ?? "deleted from HubSpot",
      });
    else this.removed(message, extra);
  }

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
