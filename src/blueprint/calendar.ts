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
}

const runtime = new Function(
  `${CALENDAR_RUNTIME}\nreturn { calAddWorking, calWorkingBetween, calBudget, calAwayAt, calToday, calDayLength };`,
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
