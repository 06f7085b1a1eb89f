/**
 * Durations in blueprints are written the way ops people say them: 15m, 4h, 2d, 1w, or combined
 * largest unit first (1d12h). Minutes are the smallest unit because no SLA or stall rule is finer.
 */
const UNIT_MINUTES = { w: 7 * 24 * 60, d: 24 * 60, h: 60, m: 1 } as const;
type Unit = keyof typeof UNIT_MINUTES;

/** The grammar, shared with the zod model and the JSON Schema so editors reject the same strings. */
// The lookahead rejects the empty string, which every optional group would otherwise accept.
export const DURATION_PATTERN = /^(?=\d)(?:\d{1,6}w)?(?:\d{1,6}d)?(?:\d{1,6}h)?(?:\d{1,6}m)?$/;

export const DURATION_HINT = "a duration such as 15m, 4h, 2d, 1w or 1d12h (units: w, d, h, m)";

export type DurationResult = { ok: true; minutes: number } | { ok: false; message: string };

/** Parses a duration; an empty or zero duration is rejected because no rule can wait "no time". */
export function parseDuration(text: string): DurationResult {
  const trimmed = String(text).trim();
  if (trimmed === "" || !DURATION_PATTERN.test(trimmed)) {
    return { ok: false, message: `invalid duration "${text}": expected ${DURATION_HINT}` };
  }
  let minutes = 0;
  for (const [, amount, unit] of trimmed.matchAll(/(\d+)([wdhm])/g)) {
    minutes += Number(amount) * UNIT_MINUTES[unit as Unit];
  }
  if (minutes === 0) return { ok: false, message: `invalid duration "${text}": must be longer than zero` };
  return { ok: true, minutes };
}

/**
 * An SLA's first-touch time may also be counted in business days: `1bd` is one working day of the assignee's
 * calendar (their daily working hours, e.g. 8 h for 09:00–17:00, skipping weekends, holidays and absences), and
 * may be followed by hours and minutes (`1bd4h`). `d` keeps meaning 24 hours (of working time when the SLA
 * counts business hours), so blueprints written before `bd` existed keep their meaning.
 */
export const SLA_DURATION_PATTERN =
  /^(?=\d)(?:\d{1,6}bd(?:\d{1,6}h)?(?:\d{1,6}m)?|(?:\d{1,6}w)?(?:\d{1,6}d)?(?:\d{1,6}h)?(?:\d{1,6}m)?)$/;

export const SLA_DURATION_HINT = "a duration such as 30m, 4h, 1bd (one business day) or 1bd4h (units: bd, w, d, h, m)";

/** A first-touch time: whole business days (counted in the assignee's calendar) plus minutes. */
export interface SlaDuration {
  businessDays: number;
  minutes: number;
}

export type SlaDurationResult = ({ ok: true } & SlaDuration) | { ok: false; message: string };

export function parseSlaDuration(text: string): SlaDurationResult {
  const trimmed = String(text).trim();
  if (!SLA_DURATION_PATTERN.test(trimmed))
    return { ok: false, message: `invalid duration "${text}": expected ${SLA_DURATION_HINT}` };
  const days = /^(\d+)bd/.exec(trimmed);
  if (!days) {
    const plain = parseDuration(trimmed);
    return plain.ok ? { ok: true, businessDays: 0, minutes: plain.minutes } : plain;
  }
  let minutes = 0;
  for (const [, amount, unit] of trimmed.slice(days[0].length).matchAll(/(\d+)([hm])/g))
    minutes += Number(amount) * UNIT_MINUTES[unit as Unit];
  if (Number(days[1]) === 0 && minutes === 0)
    return { ok: false, message: `invalid duration "${text}": must be longer than zero` };
  return { ok: true, businessDays: Number(days[1]), minutes };
}

/** A first-touch time already accepted by the model (throws only on a programming error). */
export function slaDuration(text: string): SlaDuration {
  const result = parseSlaDuration(text);
  if (!result.ok) throw new Error(result.message);
  return { businessDays: result.businessDays, minutes: result.minutes };
}

/** Minutes of a duration already accepted by the model (throws only on a programming error). */
export function durationMinutes(text: string): number {
  const result = parseDuration(text);
  if (!result.ok) throw new Error(result.message);
  return result.minutes;
}

/** The shortest spelling of a number of minutes, e.g. 2160 → "1d12h". */
export function formatDuration(minutes: number): string {
  let rest = Math.round(minutes);
  let out = "";
  for (const unit of Object.keys(UNIT_MINUTES) as Unit[]) {
    const amount = Math.floor(rest / UNIT_MINUTES[unit]);
    if (amount > 0) out += `${amount}${unit}`;
    rest -= amount * UNIT_MINUTES[unit];
  }
  return out || "0m";
}

/** Minutes since midnight of an HH:MM time of day (already validated by the model). */
export function timeOfDayMinutes(time: string): number {
  const [hours, minutes] = time.split(":").map(Number);
  return hours * 60 + minutes;
}
