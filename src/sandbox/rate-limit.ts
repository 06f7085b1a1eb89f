import { RateLimitError } from "./errors";

/** HubSpot's published limits: requests per rolling 10 s per app (token), and per day per account. */
export const tiers = {
  100: { burst: 100, daily: 250_000 },
  190: { burst: 190, daily: 625_000 },
  250: { burst: 250, daily: 1_000_000 },
} as const;
export type Tier = keyof typeof tiers;

const WINDOW_MS = 10_000;
const SEARCH_PER_SECOND = 4;

export type Verdict =
  { ok: true; headers: Record<string, string> } | { ok: false; headers: Record<string, string>; error: RateLimitError };

/** Timestamps of accepted requests in the current window, oldest first. */
class Window {
  private times: number[] = [];
  private head = 0;

  count(now: number, span: number): number {
    while (this.head < this.times.length && this.times[this.head] <= now - span) this.head++;
    if (this.head > 1024) {
      this.times = this.times.slice(this.head);
      this.head = 0;
    }
    return this.times.length - this.head;
  }

  add(now: number): void {
    this.times.push(now);
  }
}

export interface DailyUsage {
  day: string;
  count: number;
}

/**
 * Decides whether a request may proceed and which `X-HubSpot-RateLimit-*` headers it carries. Refused requests do
 * not use up the budget, so a client that waits as the headers say gets through.
 */
export class RateLimiter {
  private readonly burst = new Map<string, Window>();
  private readonly search = new Map<string, Window>();

  constructor(
    private readonly limits: { burst: number; daily: number },
    private readonly usage: DailyUsage,
    private readonly today: () => string,
  ) {}

  get dailyLimit(): number {
    return this.limits.daily;
  }

  dailyUsed(): number {
    this.rollDay();
    return this.usage.count;
  }

  check(token: string, isSearch: boolean, now = Date.now()): Verdict {
    this.rollDay();
    const window = windowFor(this.burst, token);
    const used = window.count(now, WINDOW_MS);
    const headers = (usedBurst: number, usedDaily: number): Record<string, string> => ({
      "X-HubSpot-RateLimit-Interval-Milliseconds": String(WINDOW_MS),
      "X-HubSpot-RateLimit-Max": String(this.limits.burst),
      "X-HubSpot-RateLimit-Remaining": String(Math.max(0, this.limits.burst - usedBurst)),
      "X-HubSpot-RateLimit-Daily": String(this.limits.daily),
      "X-HubSpot-RateLimit-Daily-Remaining": String(Math.max(0, this.limits.daily - usedDaily)),
    });
    if (this.usage.count >= this.limits.daily) {
      return refuse(headers(used, this.usage.count), "DAILY", "You have reached your daily limit.");
    }
    if (used >= this.limits.burst) {
      return refuse(
        headers(used, this.usage.count),
        "TEN_SECONDLY_ROLLING",
        "You have reached your ten_secondly_rolling limit.",
      );
    }
    if (isSearch) {
      const searches = windowFor(this.search, token);
      if (searches.count(now, 1000) >= SEARCH_PER_SECOND) {
        return refuse(headers(used, this.usage.count), "SECONDLY", "You have reached your secondly limit.");
      }
      searches.add(now);
    }
    window.add(now);
    this.usage.count++;
    return { ok: true, headers: headers(used + 1, this.usage.count) };
  }

  private rollDay(): void {
    const day = this.today();
    if (this.usage.day !== day) {
      this.usage.day = day;
      this.usage.count = 0;
    }
  }
}

function windowFor(map: Map<string, Window>, token: string): Window {
  let window = map.get(token);
  if (!window) map.set(token, (window = new Window()));
  return window;
}

function refuse(headers: Record<string, string>, policyName: string, message: string): Verdict {
  return { ok: false, headers, error: new RateLimitError(policyName, message) };
}
