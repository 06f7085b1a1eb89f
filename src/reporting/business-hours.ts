import { DAY, MINUTE } from "./data";

/** When someone works: weekdays (0 = Sunday), a daily window in minutes since local midnight, a time zone. */
export interface Schedule {
  timezone: string;
  weekdays: number[];
  start: number;
  end: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();
const offsets = new Map<string, number>();

/** The zone's UTC offset in ms on the local calendar day `day` (days since the epoch), taken at local noon. */
function offsetOn(timezone: string, day: number): number {
  const cacheKey = `${timezone}|${day}`;
  const cached = offsets.get(cacheKey);
  if (cached !== undefined) return cached;
  let format = formatters.get(timezone);
  if (!format) formatters.set(timezone, (format = new Intl.DateTimeFormat("en-US", { timeZone: timezone, timeZoneName: "longOffset" })));
  const name = format.formatToParts(new Date(day * DAY + DAY / 2)).find((p) => p.type === "timeZoneName")?.value ?? "GMT";
  const m = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  const offset = m ? (m[1] === "-" ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) * MINUTE : 0;
  offsets.set(cacheKey, offset);
  return offset;
}

/** Bounds the walk: no SLA or response time is measured over more than ten years. */
const MAX_DAYS = 3660;

/**
 * Working minutes between two instants under a schedule. `cap` stops counting early: callers comparing with an
 * SLA only need to know whether it was exceeded.
 */
export function workingMinutesBetween(from: number, to: number, schedule: Schedule, cap = Infinity): number {
  if (to <= from) return 0;
  const windowLength = schedule.end > schedule.start ? schedule.end - schedule.start : schedule.end + 1440 - schedule.start;
  let day = Math.floor((from + offsetOn(schedule.timezone, Math.floor(from / DAY))) / DAY) - 1;
  let total = 0;
  for (let i = 0; i < MAX_DAYS && total < cap; i++, day++) {
    const opens = day * DAY + schedule.start * MINUTE - offsetOn(schedule.timezone, day);
    if (opens >= to) break;
    if (!schedule.weekdays.includes(new Date(day * DAY).getUTCDay())) continue;
    const closes = opens + windowLength * MINUTE;
    const overlap = Math.min(closes, to) - Math.max(opens, from);
    if (overlap > 0) total += overlap / MINUTE;
  }
  return total;
}
