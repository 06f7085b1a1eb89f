import type { HubSpotClient } from "./client";
import { HubSpotApiError } from "./errors";

/** The token belongs to another portal than the configuration names (or could not be checked): nothing was done. */
export class PortalGuardError extends Error {
  override readonly name: string = "PortalGuardError";
}

/**
 * The portal guard: the token's account must be the portal `hubspot:portalId` names. One account read; every
 * caller (the Pulumi program, the providers, `revstack export|report|sandbox-seed`) runs it before anything else
 * it sends, because against the wrong portal a read makes every object look deleted and a write lands in
 * someone else's CRM.
 */
export async function verifyPortal(client: HubSpotClient, expected: number, baseUrl: string): Promise<void> {
  let actual: number;
  try {
    actual = Number((await client.account()).portalId);
  } catch (err) {
    if (!(err instanceof HubSpotApiError)) throw err;
    throw new PortalGuardError(
      `Portal guard: could not check that hubspot:token belongs to portal ${expected}: ${err.message} Nothing was changed.`,
    );
  }
  if (actual !== expected) {
    throw new PortalGuardError(
      `Portal guard: hubspot:portalId is ${expected} but the token belongs to portal ${actual} at ${baseUrl}. ` +
        "Nothing was changed. Fix hubspot:token or hubspot:portalId in the stack configuration.",
    );
  }
}
