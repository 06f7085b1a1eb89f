import { readFileSync } from "node:fs";
import { rename, writeFile } from "node:fs/promises";
import type { PortalState } from "./model";
import { SearchIndex } from "./search-index";

/**
 * The portal's state plus its state file. Handlers mutate `state` synchronously (so no request can interleave
 * with another's check-then-write), then call `changed()`; saving is coalesced and always atomic (temp file +
 * rename), so a crash leaves either the old or the new file, never a torn one.
 */
export class Store {
  private saving: Promise<void> | undefined;
  private dirty = false;
  private lastSaveMs = 0;

  /** What search sees: writes reach it `searchIndexDelayMs` later, as in HubSpot. */
  readonly search: SearchIndex;

  constructor(
    readonly state: PortalState,
    private readonly path?: string,
    searchIndexDelayMs = 0,
  ) {
    this.search = new SearchIndex(searchIndexDelayMs);
  }

  static load(path: string | undefined): PortalState | undefined {
    if (!path) return undefined;
    let text: string;
    try {
      text = readFileSync(path, "utf8");
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      throw err;
    }
    try {
      const state = JSON.parse(text) as PortalState;
      if (state.version !== 1) throw new Error(`unsupported version ${String(state.version)}`);
      return state;
    } catch (err) {
      throw new Error(`sandbox state file ${path} is not readable: ${(err as Error).message}`, { cause: err });
    }
  }

  nextId(kind: string, start: number): string {
    const id = this.state.sequences[kind] ?? start;
    this.state.sequences[kind] = id + 1;
    return String(id);
  }

  changed(): void {
    if (!this.path) return;
    this.dirty = true;
    this.schedule();
  }

  /** Resolves once everything changed so far is on disk. */
  async flush(): Promise<void> {
    while (this.saving) await this.saving;
    if (this.dirty) await this.save();
  }

  // A delay lets a burst of writes share one save instead of serializing the whole portal per write; it grows
  // with the time a save takes, so saving a large portal never takes more than about a third of the time.
  private schedule(): void {
    if (this.saving) return;
    this.saving = new Promise<void>((resolve) => setTimeout(resolve, Math.max(20, 2 * this.lastSaveMs)))
      .then(() => this.save())
      .catch((err: Error) => {
        process.stderr.write(`sandbox: could not save state to ${this.path}: ${err.message}\n`);
      })
      .finally(() => {
        this.saving = undefined;
        if (this.dirty) this.schedule();
      });
  }

  private async save(): Promise<void> {
    this.dirty = false;
    const started = Date.now();
    const tmp = `${this.path}.${process.pid}.tmp`;
    await writeFile(tmp, JSON.stringify(this.state));
    await rename(tmp, this.path!);
    this.lastSaveMs = Date.now() - started;
  }
}
