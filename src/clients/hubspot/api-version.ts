/**
 * The one place that says which HubSpot API generation revstack speaks.
 *
 * HubSpot versions its REST APIs by date since 2026-03-30 (`/<api>/<YYYY-MM>/<resource>`); v1–v3 endpoints stop
 * being supported in September 2027 and new capability ships only in date versions. revstack targets **2026-09**:
 * the newest full (GA) version, supported at least 18 months (to March 2028 or later), the version HubSpot's
 * migration guide points legacy callers to, and the generation whose beta carries the Teams API, which exists
 * only as `2026-09-beta`. What changes for revstack from v3 at this version: admin-configured validation rules apply
 * to record writes, and teams become writable. What does not: HubSpot still deletes a pipeline or stage that records
 * use (the pipeline's reference checks default to false, the stage delete has none), so revstack counts first. Moving to a newer version is a change of this constant, after
 * reading each endpoint's "what's new" for the shapes revstack reads.
 */
export const HUBSPOT_API_VERSION = "2026-09";

/** Betas of the same generation, for what has no GA endpoint yet (the Teams API). */
export const HUBSPOT_BETA_VERSION = `${HUBSPOT_API_VERSION}-beta`;

/**
 * User provisioning is GA only as 2026-03 (and beta as 2026-09-beta); HubSpot publishes no `/settings/users/2026-09`
 * (hubspot-api.md §11), so users stay on 2026-03: every field revstack writes (names, role, main and extra teams)
 * is there.
 */
export const HUBSPOT_USERS_VERSION = "2026-03";

const v = HUBSPOT_API_VERSION;

/** Path prefixes of every HubSpot surface revstack calls. */
export const hubspotPaths = {
  pipelines: `/crm/pipelines/${v}`,
  properties: `/crm/properties/${v}`,
  objects: `/crm/objects/${v}`,
  owners: `/crm/owners/${v}`,
  /** User provisioning; also `/roles` and `/teams` (the teams with their user ids). */
  users: `/settings/users/${HUBSPOT_USERS_VERSION}`,
  teams: `/settings/teams/${HUBSPOT_BETA_VERSION}`,
  account: `/account-info/${v}`,
  schemas: `/crm-object-schemas/${v}/schemas`,
  /** Association labels: `/{fromObjectType}/{toObjectType}/labels`. */
  associations: `/crm/associations/${v}`,
  /** Lists (segments): by name, and `/{listId}/memberships`. */
  lists: `/crm/lists/${v}`,
  /** HubSpot workflows (automation v4 flows): published for this generation only as a beta. */
  flows: `/automation/${HUBSPOT_BETA_VERSION}/flows`,
  /** Marketing forms: published for this generation only as a beta. */
  forms: `/marketing/forms/${HUBSPOT_BETA_VERSION}`,
} as const;
