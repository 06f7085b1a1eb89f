import type { Reply, Route } from "./router";

/**
 * The API generations the sandbox serves. HubSpot's legacy v3 paths stay (HubSpot's own Node client still sends
 * them), and every v3 route is also served at its date-based path, by the same handler: one implementation, two
 * path families, each counted in the stats under its own path. The handler learns which family it answers
 * (`ctx.version`) for the few rules that differ, and the paths it names in replies (`Location`, paging links)
 * are rewritten to the caller's family.
 */
export const DATE_VERSION = "2026-09";
export const BETA_VERSION = `${DATE_VERSION}-beta`;
export const LEGACY = "v3";

/** Legacy prefix → the date-based prefix of the same API. */
const families: Array<[legacy: string, dated: string]> = [
  ["/crm/v3/pipelines", `/crm/pipelines/${DATE_VERSION}`],
  ["/crm/v3/properties", `/crm/properties/${DATE_VERSION}`],
  ["/crm/v3/objects", `/crm/objects/${DATE_VERSION}`],
  ["/crm/v3/owners", `/crm/owners/${DATE_VERSION}`],
  ["/settings/v3/users", `/settings/users/${DATE_VERSION}`],
  ["/account-info/v3", `/account-info/${DATE_VERSION}`],
];

const familyOf = (path: string) => families.find(([legacy]) => path === legacy || path.startsWith(`${legacy}/`));

/** From 2026-09 on, pipeline and stage deletes validate references unless the caller turns it off. */
export const validatesReferencesByDefault = (version: string): boolean => version !== LEGACY;

/** Each route, plus its date-based twin when it belongs to a versioned family. */
export function withDateVersions(routes: Route[]): Route[] {
  return routes.flatMap((route) => {
    const family = familyOf(route.path);
    if (!family) return [route];
    const [legacy, dated] = family;
    const twin: Route = {
      ...route,
      path: dated + route.path.slice(legacy.length),
      handler: (ctx) => rewritePaths(route.handler({ ...ctx, version: DATE_VERSION }), legacy, dated),
    };
    return [route, twin];
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
