/**
 * Working calendars of owners, for everything in revstack that counts working time: SLA due times (in the
 * routing workflow), who is away, capacity per working day, and the report's `sla` metric. The arithmetic is
 * the JavaScript text in calendar-runtime.ts, evaluated here once; the n8n compiler embeds the same text, so
 * the report and the workflow cannot disagree about when an SLA runs out.
 */
import { timeOfDayMinutes, type SlaDuration } from "./duration";
import type { Blueprint, Owner } from "./model";
import { CALENDAR_RUNTIME } from "./calendar-runtime";

/** An owner's working calendar, as JSON the Code node can carry. */
export interface Calendar {
  timezone: string;
  /** Working weekdays, 0 = Sunday. */
  days: number[];
  /** Daily window in minutes since local midnight. */
  start: number;
  end: number;
  /** Holidays: the blueprint's, the owner's team's and the owner's own, sorted. */
  off: string[];
  away: boolean | { from: string; until: string }[];
}

export interface CalendarRuntime {
  calAddWorking(cal: Calendar, start: number, ms: number): number | null;
  calWorkingBetween(cal: Calendar, from: number, to: number, cap?: number): number;
  calBudget(cal: Calendar, duration: SlaDuration): number;
  calAwayAt(cal: Calendar, t: number): boolean;
  calToday(cal: Calendar, t: number): string;
  calDayLength(cal: Calendar): number;
  /** The local day of t, as days since 1970-01-01. */
  calDayOf(cal: Calendar, t: number): number;
  /** A local day's working window [opens, closes] in epoch ms, or null on a day off. */
  calWindow(cal: Calendar, day: number): [number, number] | null;
}

const runtime = new Function(
  `${CALENDAR_RUNTIME}\nreturn { calAddWorking, calWorkingBetween, calBudget, calAwayAt, calToday, calDayLength, calDayOf, calWindow };`,
)() as CalendarRuntime;

const WEEKDAYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

/**
 * The calendar of an owner: their working hours (all day, every day without them) in their time zone (else the
 * blueprint's, else UTC), minus the holidays of the blueprint, their team and their own, and their absences.
 */
export function ownerCalendar(bp: Pick<Blueprint, "holidays" | "teams" | "metadata">, owner: Owner): Calendar {
  const hours = owner.workingHours;
  const team = owner.team ? bp.teams[owner.team] : undefined;
  const off = [...new Set([...(bp.holidays ?? []), ...(team?.holidays ?? []), ...(owner.holidays ?? [])])].sort();
  return {
    timezone: owner.timezone ?? bp.metadata.timezone ?? "UTC",
    days: hours ? hours.days.map((d) => WEEKDAYS.indexOf(d)).sort() : [0, 1, 2, 3, 4, 5, 6],
    start: hours ? timeOfDayMinutes(hours.start) : 0,
    end: hours ? timeOfDayMinutes(hours.end) : 1440,
    off,
    away:
      owner.away === true
        ? true
        : owner.away === false
          ? false
          : (Array.isArray(owner.away) ? owner.away : [owner.away]).map(({ from, until }) => ({ from, until })),
  };
}

/** When `duration` of working time has passed since `start` (epoch ms); null if the calendar never works again. */
export function workingDue(cal: Calendar, start: number, duration: SlaDuration): number | null {
  return runtime.calAddWorking(cal, start, runtime.calBudget(cal, duration));
}

/** Working minutes of `duration` in this calendar (a business day is one daily window). */
export function budgetMinutes(cal: Calendar, duration: SlaDuration): number {
  return runtime.calBudget(cal, duration) / 60_000;
}

/** Working minutes between two instants; `capMinutes` stops counting early. */
export function workingMinutesBetween(cal: Calendar, from: number, to: number, capMinutes?: number): number {
  return runtime.calWorkingBetween(cal, from, to, capMinutes === undefined ? undefined : capMinutes * 60_000) / 60_000;
}

/** Working days (in daily windows) between two instants, e.g. 5 over a plain week. */
export function workingDaysBetween(cal: Calendar, from: number, to: number): number {
  return runtime.calWorkingBetween(cal, from, to) / runtime.calDayLength(cal);
}

export function awayAt(cal: Calendar, t: number): boolean {
  return runtime.calAwayAt(cal, t);
}

/** The owner's local date at t, YYYY-MM-DD. */
export function localDate(cal: Calendar, t: number): string {
  return runtime.calToday(cal, t);
}

/**
 * Why a working-time deadline falls where it does, in the owner's own zone, from the calendar runtime's own
 * windows (the code n8n runs): "due Tue 2026-01-06 10:30 Europe/Berlin: 4 working hours from Mon 2026-01-05
 * 16:30, in working hours 09:00–18:00 Mon–Fri; skipping 18:00–09:00, Sat 2026-01-10–Sun 2026-01-11 (days off)".
 */
export function explainWorkingDue(cal: Calendar, start: number, duration: SlaDuration): string {
  const ms = runtime.calBudget(cal, duration);
  const due = runtime.calAddWorking(cal, start, ms);
  const local = localFormat(cal.timezone);
  if (ms <= 0) return `due ${local(start)} ${cal.timezone}: no working time to wait for`;
  const budget = `${durationWords(duration, runtime.calDayLength(cal))} from ${local(start)}`;
  const hours = `in working hours ${clock(cal.start)}–${clock(cal.end)} ${weekdays(cal.days)}`;
  if (due === null) return `never due: ${budget}, ${hours}, but the owner has no working time in the next ten years`;
  const skipped: string[] = [];
  let nights = 0;
  let opened: number | undefined;
  for (let day = runtime.calDayOf(cal, start); day <= runtime.calDayOf(cal, due); day++) {
    const w = runtime.calWindow(cal, day);
    if (!w) {
      skipped.push(`${local(day * 86_400_000, true)} (${dayOffReason(cal, day)})`);
      continue;
    }
    if (w[1] <= start || w[0] > due) continue;
    if (opened !== undefined) nights++;
    opened ??= w[0];
  }
  const waits = opened !== undefined && opened > start ? [`waiting until ${local(opened)}`] : [];
  const night = nights > 0 ? [`skipping ${clock(cal.end)}–${clock(cal.start)}`] : [];
  const gaps = [...waits, ...night, ...mergeDays(skipped)];
  return `due ${local(due)} ${cal.timezone}: ${budget}, ${hours}${gaps.length ? `; ${gaps.join(", ")}` : ""}`;
}

const WEEKDAY_NAMES = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const clock = (minutes: number) =>
  `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`;

/** "Mon–Fri", "every day", "Mon, Wed, Fri". */
function weekdays(days: number[]): string {
  if (days.length === 7) return "every day";
  const run = days.every((d, i) => i === 0 || d === days[i - 1] + 1);
  if (run && days.length > 2) return `${WEEKDAY_NAMES[days[0]]}–${WEEKDAY_NAMES[days.at(-1)!]}`;
  return days.map((d) => WEEKDAY_NAMES[d]).join(", ");
}

/** "4 working hours", "15 working minutes", "1 business day (9 working hours)". */
function durationWords(d: SlaDuration, dayMs: number): string {
  const parts: string[] = [];
  if (d.businessDays) {
    const hours = (d.businessDays * dayMs) / 3_600_000;
    parts.push(`${d.businessDays} business day${d.businessDays === 1 ? "" : "s"} (${hours} working hours)`);
  }
  if (d.minutes % 60 === 0 && d.minutes > 0) parts.push(plural(d.minutes / 60, "working hour"));
  else if (d.minutes > 0) parts.push(plural(d.minutes, "working minute"));
  return parts.join(" and ") || "no working time";
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

function dayOffReason(cal: Calendar, day: number): string {
  const date = new Date(day * 86_400_000).toISOString().slice(0, 10);
  if (!cal.days.includes(new Date(day * 86_400_000).getUTCDay())) return "day off";
  return cal.off.includes(date) ? "holiday" : "away";
}

/** Consecutive days skipped for the same reason as one range: "Sat 2026-01-10–Sun 2026-01-11 (day off)". */
function mergeDays(days: string[]): string[] {
  const out: { first: string; last: string; reason: string }[] = [];
  for (const text of days) {
    const [, date, reason] = /^(.*) \((.*)\)$/.exec(text)!;
    const prev = out.at(-1);
    if (prev && prev.reason === reason) prev.last = date;
    else out.push({ first: date, last: date, reason });
  }
  const plurals: Record<string, string> = { "day off": "days off", holiday: "holidays", away: "away" };
  return out.map((r) =>
    r.first === r.last ? `${r.first} (${r.reason})` : `${r.first}–${r.last} (${plurals[r.reason]})`,
  );
}

/** Epoch ms as "Tue 2026-01-06 10:30" in the zone; `dateOnly` for a local day (given as its UTC midnight). */
function localFormat(timezone: string): (t: number, dateOnly?: boolean) => string {
  const fmt = new Intl.DateTimeFormat("en-US", {
    timeZone: timezone,
    weekday: "short",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  });
  const utc = new Intl.DateTimeFormat("en-US", {
    timeZone: "UTC",
    weekday: "short",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  });
  return (t, dateOnly) => {
    const parts = Object.fromEntries((dateOnly ? utc : fmt).formatToParts(new Date(t)).map((p) => [p.type, p.value]));
    const date = `${parts.weekday} ${parts.year}-${parts.month}-${parts.day}`;
    return dateOnly ? date : `${date} ${parts.hour}:${parts.minute}`;
  };
}

/** A wall-clock deadline (an SLA with businessHours: false) in the owner's zone: every hour counts. */
export function explainWallDue(cal: Calendar, start: number, minutes: number): string {
  const local = localFormat(cal.timezone);
  const due = start + minutes * 60_000;
  return `due ${local(due)} ${cal.timezone}: ${plural(minutes, "minute")} of wall-clock time from ${local(start)} (businessHours: false: nights, weekends and holidays count)`;
}
