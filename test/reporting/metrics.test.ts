import { describe, expect, it } from "vitest";
import type { Calendar } from "../../src/blueprint/calendar";
import { workingMinutesBetween } from "../../src/blueprint/calendar";
import { computeMetrics, type MetricResult } from "../../src/reporting/metrics";
import { blueprint, data } from "./fixtures/metrics";

const DAY_MIN = 1440;
const results = new Map(computeMetrics(blueprint, data).map((r) => [r.key, r]));
const metric = (key: string): MetricResult => results.get(key)!;
// Stage rows read in labels and keep the key as `stage`; other rows are found by their label.
const row = (key: string, label: string) => metric(key).rows.find((r) => r.stage === label || r.label === label)!;

describe("metrics against the hand-computed fixture", () => {
  it("stage-to-stage conversion in a pipeline, with the funnel", () => {
    const m = metric("demo-to-won");
    // reached demo: d1, d2, d4 (in demo now), d5; reached won: d1, d5.
    expect(m.value).toBe(0.5);
    expect(m.sample).toBe(4);
    expect(m.status).toBe("missed"); // target 0.6
    expect(m.rows.map((r) => [r.label, r.value])).toEqual([
      ["Discovery", 5],
      ["Demo", 4],
      ["Won", 2],
      ["Lost", 1],
    ]);
    expect(m.rows.map((r) => r.stage)).toEqual(["discovery", "demo", "won", "lost"]);
  });

  it("lifecycle conversion counts a later stage as having passed the earlier ones", () => {
    const m = metric("mql-to-sql");
    // MQL reached by c1, c2 (stamps) and c8–c11 (customers); SQL only by the customers.
    expect(m.sample).toBe(6);
    expect(m.value).toBeCloseTo(4 / 6, 10);
    expect(m.status).toBe("met");
  });

  it("time in stage is the median of completed stays, per stage in the rows", () => {
    const m = metric("time-in-demo");
    // stays in demo: 10 d (d1), 1 d (d2), 24 d (d5); d4 is still there.
    expect(m.value).toBe(10 * DAY_MIN);
    expect(m.sample).toBe(3);
    expect(m.status).toBe("missed"); // target 7 d
    expect(m.notes.join()).toContain("1 deals are still in Demo");
    // discovery stays: 2 d, 4 d, 1 d.
    expect(row("time-in-demo", "discovery").value).toBe(2 * DAY_MIN);
    expect(row("time-in-demo", "discovery").stalledAfter).toBe(10 * DAY_MIN);
  });

  it("stalled deals are open deals past their stage's stalledAfter", () => {
    const m = metric("stalled");
    expect(m.value).toBe(1); // d3, 50 d in discovery; d4 is 2 d into a 5 d limit
    expect(m.sample).toBe(2);
    expect(m.status).toBe("missed");
    expect(row("stalled", "discovery")).toMatchObject({ value: 1, inStage: 1 });
    expect(row("stalled", "demo")).toMatchObject({ value: 0, inStage: 1 });
    expect(m.notes[0]).toContain("d3 (Discovery, 50 d, a@x.test)");
  });

  it("velocity: median cycle to won, and open × win rate × average won ÷ average cycle", () => {
    const m = metric("cycle");
    expect(m.value).toBe(18.5 * DAY_MIN); // cycles 12 d and 25 d
    expect(m.status).toBe("met"); // target 20 d
    const figures = Object.fromEntries(m.rows.map((r) => [r.label, r.value]));
    expect(figures["open deals"]).toBe(2);
    expect(figures["win rate"]).toBeCloseTo(2 / 3, 10);
    expect(figures["average won amount"]).toBe(2000);
    expect(figures["velocity (won amount per day)"]).toBeCloseTo((2 * (2 / 3) * 2000) / 18.5, 6);
  });

  it("SLA compliance per rule: wall clock, business hours, pending and breached untouched leads", () => {
    const all = metric("sla-all");
    // fast: c1 met, c2 and c4 breached, c3 pending; slow: c5 met, c6 breached.
    expect(all.value).toBe(2 / 5);
    expect(all.sample).toBe(5);
    expect(all.status).toBe("missed");
    expect(row("sla-all", "fast")).toMatchObject({ met: 1, breached: 2, pending: 1, sla: "1h" });
    expect(row("sla-all", "fast").value).toBeCloseTo(1 / 3, 10);
    expect(row("sla-all", "slow")).toMatchObject({
      value: 0.5,
      met: 1,
      breached: 1,
      sla: "1d",
      medianFirstTouch: (6840 + 4380) / 2,
    }); // wall clock: 4 d 18 h and 3 d 1 h
    expect(metric("sla-slow")).toMatchObject({ value: 0.5, status: "met", sample: 2 });
  });

  it("attribution by source on deals: counts, won amounts and the share with a known source", () => {
    const m = metric("by-source");
    expect(m.value).toBe(4 / 5);
    expect(m.status).toBe("met");
    expect(row("by-source", "ads")).toMatchObject({ value: 2, won: 1, wonAmount: 1000, shareOfWon: 0.25 });
    expect(row("by-source", "seo")).toMatchObject({ value: 2, won: 1, wonAmount: 3000, shareOfWon: 0.75 });
    expect(row("by-source", "(unknown)")).toMatchObject({ value: 1, won: 0 });
  });

  it("last-touch attribution on leads reads the default last-touch property", () => {
    const m = metric("leads-last-touch");
    expect(m.sample).toBe(11);
    expect(m.value).toBe(1 / 11);
    expect(m.status).toBe("no-target");
    expect(row("leads-last-touch", "ads")).toMatchObject({ value: 1, won: 0 });
  });

  it("capacity use per owner and per team against capacity", () => {
    const m = metric("sdr-capacity");
    // a: 1 open deal of 2 (0.5), 2 leads in 7 days over 5 workdays = 0.4/day of 2 (0.2) → 0.5; b: nothing → 0.
    expect(row("sdr-capacity", "a@x.test")).toMatchObject({ value: 0.5, openDeals: 1, newLeadsPerDay: 0.4 });
    expect(row("sdr-capacity", "b@x.test")).toMatchObject({ value: 0, openDeals: 0 });
    // team: 1 open deal of 4 = 0.25; 0.4 leads/day of 6.
    expect(row("sdr-capacity", "team sdr")).toMatchObject({
      value: 0.25,
      openDeals: 1,
      dealCapacity: 4,
      leadCapacity: 6,
    });
    expect(m.value).toBe(0.25);
    expect(m.status).toBe("met");
    expect(m.rows.some((r) => r.label === "c@x.test")).toBe(false);
  });

  it("retention and churn by acquisition source over the period", () => {
    const m = metric("retention");
    expect(m.sample).toBe(3); // c11 is too recent
    expect(m.value).toBeCloseTo(2 / 3, 10);
    expect(m.status).toBe("missed");
    expect(row("retention", "ads")).toMatchObject({ value: 0.5, customers: 2, churned: 1, churn: 0.5 });
    expect(row("retention", "seo")).toMatchObject({ value: 1, customers: 1, churned: 0 });
  });

  it("a metric naming a stage the pipeline lacks says so instead of a figure", () => {
    const broken = {
      ...blueprint,
      reporting: { metrics: [{ key: "x", type: "conversion" as const, pipeline: "sales", from: "demo", to: "nope" }] },
    };
    const [m] = computeMetrics(broken, data);
    expect(m).toMatchObject({ value: null, status: "no-data" });
    expect(m.notes[0]).toContain('stage "nope" is not in pipeline sales');
  });
});

describe("working minutes", () => {
  const ny: Calendar = {
    timezone: "America/New_York",
    days: [1, 2, 3, 4, 5],
    start: 9 * 60,
    end: 17 * 60,
    off: [],
    away: false,
  };
  it("skips nights and weekends in the owner's zone, across a daylight-saving change", () => {
    // Fri 6 Mar 2026 16:00 EST → Mon 9 Mar 10:00 EDT (clocks moved on Sunday 8 Mar): 60 + 60 minutes.
    expect(workingMinutesBetween(ny, Date.parse("2026-03-06T21:00:00Z"), Date.parse("2026-03-09T14:00:00Z"))).toBe(120);
  });
  it("counts nothing outside working hours and stops at the cap", () => {
    expect(workingMinutesBetween(ny, Date.parse("2026-03-07T15:00:00Z"), Date.parse("2026-03-08T20:00:00Z"))).toBe(0);
    expect(
      workingMinutesBetween(ny, Date.parse("2026-03-02T14:00:00Z"), Date.parse("2026-03-20T14:00:00Z"), 500),
    ).toBeLessThan(1000);
  });
});
