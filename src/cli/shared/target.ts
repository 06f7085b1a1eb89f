import { InvalidArgumentError } from "commander";
import { formatDiagnostic, loadBlueprint, type Blueprint } from "../../blueprint";
import { HubSpotClient, verifyPortal } from "../../clients/hubspot";
import { resolveTarget, TargetError, type ReportTarget, type TargetFlags } from "../../reporting/target";
import { oneLine } from "../../unexpected";

/** `--as-of <date>`: a date or date-time as epoch milliseconds. */
export function instant(value: string): number {
  const t = Date.parse(value);
  if (!Number.isFinite(t))
    throw new InvalidArgumentError("expected a date or date-time, e.g. 2026-11-01 or 2026-11-01T09:00:00Z");
  return t;
}

/** The stack's or flags' blueprint and portal, or undefined after printing why not (the command exits 1). */
export async function targetAndBlueprint(
  command: string,
  flags: TargetFlags,
): Promise<{ target: ReportTarget; blueprint: Blueprint } | undefined> {
  let target: ReportTarget;
  try {
    target = await resolveTarget(flags);
  } catch (err) {
    if (!(err instanceof TargetError)) throw err;
    process.stderr.write(`revstack ${command}: ${err.message}\n`);
    return undefined;
  }
  const { blueprint, diagnostics } = await loadBlueprint(target.blueprint);
  for (const d of diagnostics) process.stderr.write(`${formatDiagnostic(d)}\n`);
  if (!blueprint) return undefined;
  // The portal guard, before the first read or write.
  if (target.portalId !== undefined) {
    try {
      await verifyPortal(
        new HubSpotClient({ baseUrl: target.baseUrl, token: target.token }),
        target.portalId,
        target.baseUrl,
      );
    } catch (err) {
      failed(command, err);
      return undefined;
    }
  }
  return { target, blueprint };
}

/** Says what failed, never the token (HubSpot client errors do not carry it); returns the exit code, 1. */
export function failed(command: string, err: unknown): number {
  process.stderr.write(`revstack ${command}: ${oneLine(err, `revstack ${command}`)}\n`);
  return 1;
}
