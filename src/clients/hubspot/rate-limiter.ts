/**
 * A rolling-window limiter for one HubSpot portal token, shaped after HubSpot's burst policy ("N requests per
 * rolling interval"). It starts from the tier-100 defaults and adopts what the `X-HubSpot-RateLimit-*` headers
 * say. A request counts from when its response arrives, which is never earlier than when HubSpot counted it,
 * so our window always frees up after HubSpot's does.
 */
export interface RateLimitHeaders {
  max?: number;
  remaining?: number;
  intervalMs?: number;
}

interface Slot {
  at: number;
}

export class RateLimiter {
  private slots: Slot[] = [];
  private readonly queue: Array<() => void> = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private max = 100,
    private intervalMs = 10_000,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Waits for a free slot; call the returned function when the response (or failure) arrives. */
  acquire(): Promise<() => void> {
    return new Promise((resolve) => {
      this.queue.push(() => {
        const slot = { at: this.now() };
        this.slots.push(slot);
        resolve(() => {
          slot.at = this.now();
        });
      });
      this.pump();
    });
  }

  /** Adopts the portal's limits and accounts for usage we did not see (another process using the same token). */
  observe(h: RateLimitHeaders): void {
    if (h.max !== undefined && h.max > 0) this.max = h.max;
    if (h.intervalMs !== undefined && h.intervalMs > 0) this.intervalMs = h.intervalMs;
    if (h.remaining !== undefined) this.fillTo(this.max - h.remaining, this.now());
    this.pump();
  }

  /**
   * HubSpot refused a request for the burst policy although our count said there was room: assume the window
   * is full for `ms` more, then let requests probe again.
   */
  backOff(ms: number): void {
    this.fillTo(this.max, this.now() - this.intervalMs + ms);
    this.pump();
  }

  /** Requests counted in the current window (for tests and figures). */
  get inWindow(): number {
    this.prune();
    return this.slots.length;
  }

  private fillTo(used: number, at: number): void {
    this.prune();
    for (let n = this.slots.length; n < Math.min(used, this.max); n++) this.slots.push({ at });
  }

  private prune(): void {
    const horizon = this.now() - this.intervalMs;
    this.slots = this.slots.filter((s) => s.at > horizon);
  }

  private pump(): void {
    this.prune();
    while (this.queue.length > 0 && this.slots.length < this.max) this.queue.shift()!();
    if (this.queue.length === 0 || this.timer) return;
    const oldest = Math.min(...this.slots.map((s) => s.at));
    const wait = Math.max(1, oldest + this.intervalMs - this.now());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.pump();
    }, wait);
  }
}

const registry = Symbol.for("revstack.hubspot.rateLimiters");
type Registry = Map<string, RateLimiter>;

/**
 * The one limiter of a portal in this process. Kept on `globalThis` and looked up at call time, so every
 * resource served by the Pulumi provider process shares it, and no serialized closure ever holds it.
 */
export function limiterFor(portalKey: string): RateLimiter {
  const g = globalThis as unknown as Record<symbol, Registry | undefined>;
  const limiters = (g[registry] ??= new Map());
  let limiter = limiters.get(portalKey);
  if (!limiter) limiters.set(portalKey, (limiter = new RateLimiter()));
  return limiter;
}

/** Reads the burst headers of a response (header names in lower case, as Node gives them). */
export function rateLimitHeaders(headers: Record<string, unknown>): RateLimitHeaders {
  const num = (name: string): number | undefined => {
    const v = Number(headers[name]);
    return headers[name] === undefined || !Number.isFinite(v) ? undefined : v;
  };
  return {
    max: num("x-hubspot-ratelimit-max"),
    remaining: num("x-hubspot-ratelimit-remaining"),
    intervalMs: num("x-hubspot-ratelimit-interval-milliseconds"),
  };
}
