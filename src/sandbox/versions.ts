import type { Reply, Route } from "./router";

/**
 * The API generations the sandbox serves. HubSpot's legacy v3 paths stay (HubSpot's own Node client still sends
 * them), and every v3 route is also served at the date-based paths HubSpot publishes for the same API (hubspot-api.md
 * §11), by the same handler: one implementation, several path families, each counted in the stats under its own
 * path. The handler learns which family it answers (`ctx.version`) for the few rules that differ, and the paths it
 * names in replies (`Location`, paging links) are rewritten to the caller's family. An API gets only the date
 * versions HubSpot publishes for it: user provisioning is GA at 2026-03 and beta at 2026-09-beta, never 2026-09.
 */
export const DATE_VERSION = "2026-09";
export const BETA_VERSION = `${DATE_VERSION}-beta`;
export const USERS_VERSION = "2026-03";
export const LEGACY = "v3";

/** Legacy prefix → the date-based prefixes HubSpot publishes for the same API. */
const families: Array<[legacy: string, dated: string[]]> = [
  ["/crm/v3/pipelines", [`/crm/pipelines/${DATE_VERSION}`]],
  ["/crm/v3/properties", [`/crm/properties/${DATE_VERSION}`]],
  ["/crm/v3/objects", [`/crm/objects/${DATE_VERSION}`]],
  ["/crm/v3/owners", [`/crm/owners/${DATE_VERSION}`]],
  ["/settings/v3/users", [`/settings/users/${USERS_VERSION}`, `/settings/users/${BETA_VERSION}`]],
  ["/account-info/v3", [`/account-info/${DATE_VERSION}`]],
  ["/crm-object-schemas/v3", [`/crm-object-schemas/${DATE_VERSION}`]],
  ["/automation/v4", [`/automation/${BETA_VERSION}`]],
  ["/marketing/v3/forms", [`/marketing/forms/${BETA_VERSION}`]],
  ["/crm/v3/lists", [`/crm/lists/${DATE_VERSION}`]],
  ["/crm/v4/associations", [`/crm/associations/${DATE_VERSION}`]],
];

const familyOf = (path: string) => families.find(([legacy]) => path === legacy || path.startsWith(`${legacy}/`));

/** The version a dated prefix names (`/settings/users/2026-03` → `2026-03`). */
const versionOf = (dated: string): string => dated.split("/").filter(Boolean).at(-1)!;

/** Each route, plus its date-based twins when it belongs to a versioned family. */
export function withDateVersions(routes: Route[]): Route[] {
  return routes.flatMap((route) => {
    const family = familyOf(route.path);
    if (!family) return [route];
    const [legacy, datedPrefixes] = family;
    const twins = datedPrefixes.map((dated): Route => ({
      ...route,
      path: dated + route.path.slice(legacy.length),
      handler: (ctx) => rewritePaths(route.handler({ ...ctx, version: versionOf(dated) }), legacy, dated),
    }));
    return [route, ...twins];
  });
}

/** The reply names paths of the family the caller used. */
function rewritePaths(reply: Reply, legacy: string, dated: string): Reply {
  const swap = (text: string) => (text.startsWith(legacy) ? dated + text.slice(legacy.length) : text);
  const headers = reply.headers?.Location
    ? { ...reply.headers, Location: swap(reply.headers.Location) }
    : reply.headers;
  const body = reply.body as { paging?: { next?: { link?: string } } } | undefined;
  const link = body?.paging?.next?.link;
  const paged = link
    ? { ...body, paging: { ...body.paging, next: { ...body.paging!.next, link: swap(link) } } }
    : reply.body;
  return { ...reply, body: paged, ...(headers ? { headers } : {}) };
}
