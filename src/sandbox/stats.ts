/** Counts API calls by route, so benchmarks and tests can see how many calls a change cost. */
export class Stats {
  reads = 0;
  writes = 0;
  /** Calls refused for a rate limit (429), also counted in reads/writes. */
  rateLimited = 0;
  byRoute: Record<string, number> = {};

  count(key: string, read: boolean): void {
    if (read) this.reads++;
    else this.writes++;
    this.byRoute[key] = (this.byRoute[key] ?? 0) + 1;
  }

  reset(): void {
    this.reads = 0;
    this.writes = 0;
    this.rateLimited = 0;
    this.byRoute = {};
  }

  toJSON(): { reads: number; writes: number; rateLimited: number; byRoute: Record<string, number> } {
    return { reads: this.reads, writes: this.writes, rateLimited: this.rateLimited, byRoute: this.byRoute };
  }
}
