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
