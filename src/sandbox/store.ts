import { readFileSync } from "node:fs";
import { rename, writeFile } from "node:fs/promises";
import type { PortalState } from "./model";

/**
 * The portal's state plus its state file. Handlers mutate `state` synchronously (so no request can interleave
 * with another's check-then-write), then call `changed()`; saving is coalesced and always atomic (temp file +
 * rename), so a crash leaves either the old or the new file, never a torn one.
 */
export class Store {
  private saving: Promise<void> | undefined;
  private dirty = false;

  constructor(readonly state: PortalState, private readonly path?: string) {}

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
      throw new Error(`sandbox state file ${path} is not readable: ${(err as Error).message}`);
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
    // A short delay lets a burst of writes share one save instead of serializing the whole portal per write.
    this.saving ??= new Promise<void>((resolve) => setTimeout(resolve, 20))
      .then(() => this.saveLoop())
      .catch((err: Error) => {
        process.stderr.write(`sandbox: could not save state to ${this.path}: ${err.message}\n`);
      });
  }

  /** Resolves once everything changed so far is on disk. */
  async flush(): Promise<void> {
    while (this.saving) await this.saving;
    if (this.dirty) await this.saveLoop();
  }

  private async saveLoop(): Promise<void> {
    try {
      while (this.dirty) {
        this.dirty = false;
        const tmp = `${this.path}.${process.pid}.tmp`;
        await writeFile(tmp, JSON.stringify(this.state));
        await rename(tmp, this.path!);
      }
    } finally {
      this.saving = undefined;
    }
  }
}
