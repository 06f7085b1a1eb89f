/** Calendar helpers in the portal's time zone: HubSpot resets the daily limit at the account's midnight. */

function offsetMs(timeZone: string, at: Date): number {
  const name =
    new Intl.DateTimeFormat("en-US", { timeZone, timeZoneName: "longOffset" })
      .formatToParts(at)
      .find((p) => p.type === "timeZoneName")?.value ?? "GMT";
  const m = /GMT([+-])(\d{2}):(\d{2})/.exec(name);
  return m ? (m[1] === "-" ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) * 60_000 : 0;
}

export function utcOffset(timeZone: string, at = new Date()): { text: string; ms: number } {
  const ms = offsetMs(timeZone, at);
  const abs = Math.abs(ms) / 60_000;
  const text = `${ms < 0 ? "-" : "+"}${String(Math.floor(abs / 60)).padStart(2, "0")}:${String(abs % 60).padStart(2, "0")}`;
  return { text, ms };
}

/** `YYYY-MM-DD` of `at` in the time zone. */
export function localDay(timeZone: string, at = new Date()): string {
  return new Date(at.getTime() + offsetMs(timeZone, at)).toISOString().slice(0, 10);
}

/** The next local midnight, as an instant. */
export function nextMidnight(timeZone: string, at = new Date()): Date {
  const local = new Date(at.getTime() + offsetMs(timeZone, at));
  const midnightLocal = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate() + 1);
  return new Date(midnightLocal - offsetMs(timeZone, new Date(midnightLocal)));
}
