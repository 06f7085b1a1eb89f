/**
 * The working calendar: when an owner works (weekdays and hours in their time zone, minus holidays and dated
 * absences), and how working time adds up. It is ONE piece of JavaScript source text so that every place that
 * counts working time runs the same code: the routing Code node in n8n embeds this text verbatim (SLA due
 * times, who is away, capacity per local day), and `calendar.ts` evaluates the same text for the checks and
 * the report's `sla` and `capacity` metrics. Source text, not a compiled function, so the workflow JSON does not
 * change when the compiler or its toolchain does.
 *
 * A calendar (built by `ownerCalendar` in calendar.ts, embedded as JSON in the workflow):
 *   { timezone, days: [0..6] (0 = Sunday), start, end (minutes since local midnight), off: ["YYYY-MM-DD"],
 *     away: true | false | [{ from: "YYYY-MM-DD", until: "YYYY-MM-DD" }] }
 * An owner without workingHours works all day, every day (start 0, end 1440), holidays and absences aside.
 * Windows never cross midnight (the checks require end after start). A day's window is placed with the zone's
 * offset at that day's noon, so a DST change inside working hours shifts that one day by the change.
 * Functions are prefixed `cal` so they cannot clash with the code they are embedded in.
 */
export const CALENDAR_RUNTIME = String.raw`
const CAL_DAY = 86400000;
const CAL_MINUTE = 60000;
// No deadline or measurement reaches further than ten years.
const CAL_MAX_DAYS = 3660;
const calFormats = {};
const calOffsets = {};

// The zone's offset from UTC in ms at instant t.
function calOffset(tz, t) {
  const key = tz + "|" + Math.floor(t / 3600000);
  if (calOffsets[key] !== undefined) return calOffsets[key];
  const fmt = calFormats[tz] || (calFormats[tz] = new Intl.DateTimeFormat("en-US", { timeZone: tz, timeZoneName: "longOffset" }));
  const part = fmt.formatToParts(new Date(t)).find((p) => p.type === "timeZoneName");
  const m = /GMT([+-])(\d{2}):(\d{2})/.exec(part ? part.value : "GMT");
  return (calOffsets[key] = m ? (m[1] === "-" ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) * CAL_MINUTE : 0);
}

// The local calendar day of instant t, as days since 1970-01-01.
function calDayOf(cal, t) {
  return Math.floor((t + calOffset(cal.timezone, t)) / CAL_DAY);
}

// Memoized: routing asks for today's date on every capacity comparison (thousands of times in a replay).
const calDates = {};
function calDate(day) {
  return calDates[day] || (calDates[day] = new Date(day * CAL_DAY).toISOString().slice(0, 10));
}

// The local date ("YYYY-MM-DD") of instant t in the calendar's zone.
function calToday(cal, t) {
  return calDate(calDayOf(cal, t));
}

function calAwayOnDate(cal, date) {
  if (cal.away === true) return true;
  return Array.isArray(cal.away) && cal.away.some((a) => date >= a.from && date <= a.until);
}

// Whether the owner is away at instant t (away: true, or t's local date falls in a dated absence).
function calAwayAt(cal, t) {
  return calAwayOnDate(cal, calToday(cal, t));
}

// The working window of a local day as [opens, closes] in epoch ms, or null on a day off.
function calWindow(cal, day) {
  const date = calDate(day);
  if (!cal.days.includes(new Date(day * CAL_DAY).getUTCDay())) return null;
  if (cal.off.includes(date) || calAwayOnDate(cal, date)) return null;
  const opens = day * CAL_DAY + cal.start * CAL_MINUTE - calOffset(cal.timezone, day * CAL_DAY + CAL_DAY / 2);
  return [opens, opens + (cal.end - cal.start) * CAL_MINUTE];
}

// Working ms in one business day ("1bd"): the length of the daily window.
function calDayLength(cal) {
  return (cal.end - cal.start) * CAL_MINUTE;
}

// Working ms a duration { businessDays, minutes } stands for in this calendar.
function calBudget(cal, duration) {
  return (duration.businessDays || 0) * calDayLength(cal) + (duration.minutes || 0) * CAL_MINUTE;
}

// The instant at which ms of working time have passed since start; null when the calendar has no working
// time in the next ten years (everyone away for good).
function calAddWorking(cal, start, ms) {
  let left = ms;
  if (left <= 0) return start;
  let day = calDayOf(cal, start);
  for (let i = 0; i < CAL_MAX_DAYS; i++, day++) {
    const w = calWindow(cal, day);
    if (!w) continue;
    const from = Math.max(w[0], start);
    if (from >= w[1]) continue;
    if (w[1] - from >= left) return from + left;
    left -= w[1] - from;
  }
  return null;
}

// Working ms between two instants; cap stops counting early (callers comparing with a limit).
function calWorkingBetween(cal, from, to, cap) {
  if (to <= from) return 0;
  const limit = cap === undefined ? Infinity : cap;
  let total = 0;
  let day = calDayOf(cal, from);
  for (let i = 0; i < CAL_MAX_DAYS && total < limit; i++, day++) {
    if (day * CAL_DAY - CAL_DAY > to) break;
    const w = calWindow(cal, day);
    if (!w) continue;
    const overlap = Math.min(w[1], to) - Math.max(w[0], from);
    if (overlap > 0) total += overlap;
  }
  return total;
}
`;
