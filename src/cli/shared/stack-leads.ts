import type { Blueprint } from "../../blueprint/model";
import { HubSpotApiError, HubSpotClient, PortalGuardError, verifyPortal } from "../../clients/hubspot";
import { resolveTarget, TargetError } from "../../reporting/target";
import type { Lead } from "../../routing/leads";
import { portalLeads, routingProperties, sinceInstant } from "../../routing/portal-leads";
import { testedLists } from "../../routing/memberships";

/** What reading a stack's leads can fail with, said in one line by the command. */
export const STACK_READ_ERRORS = [TargetError, PortalGuardError, HubSpotApiError];

/** The leads the stack's portal created in the last `since` (e.g. 30d), read-only, after the portal guard. */
export async function stackLeads(
  stack: string,
  since: string,
  blueprints: Blueprint[],
  cwd: string | undefined,
): Promise<Lead[]> {
  const target = await resolveTarget({ stack }, cwd);
  const conn = { baseUrl: target.baseUrl, token: target.token };
  if (target.portalId !== undefined) await verifyPortal(new HubSpotClient(conn), target.portalId, target.baseUrl);
  return portalLeads(conn, sinceInstant(since), routingProperties(...blueprints), testedLists(...blueprints));
}
