import { hubspotPaths as P } from "../clients/hubspot/api-version";
import type { CrmPlan } from "../plan/crm";

/**
 * What a stack's blueprint will call on HubSpot, as probes `doctor` can send without changing anything: each
 * read as itself (a GET, or a search for one record), each write as a request HubSpot must refuse as invalid (an
 * empty body): 400 means the path exists and the token may write there, 403 names the missing scope, 404 says the
 * path does not exist on this portal. The scope is HubSpot's granular name for the operation.
 */
export interface Probe {
  method: "GET" | "POST";
  path: string;
  body?: unknown;
  scope?: string;
  /** A write probe: an invalid body, so the answer is 400 when all is well. */
  write: boolean;
}

const objectScope = (type: string, access: "read" | "write") =>
  type === "tickets" ? "tickets" : `crm.objects.${type}.${access}`;

const read = (path: string, scope?: string): Probe => ({ method: "GET", path, scope, write: false });
const search = (type: string): Probe => ({
  method: "POST",
  path: `${P.objects}/${type}/search`,
  body: { limit: 1, properties: ["hs_object_id"] },
  scope: objectScope(type, "read"),
  write: false,
});
const invalidWrite = (path: string, scope: string): Probe => ({ method: "POST", path, body: {}, scope, write: true });

/** The record types an owner can hold (counted before an owner is removed). */
const OWNED = ["contacts", "companies", "deals", "tickets"];

/** Every probe for the plan, once each, in the order a first `up` would meet them. */
export function probesFor(plan: CrmPlan): Probe[] {
  const probes: Probe[] = [read(`${P.account}/details`)];
  for (const type of unique(plan.pipelines.map((p) => p.objectType))) {
    probes.push(read(`${P.pipelines}/${type}`, objectScope(type, "read")));
    probes.push(invalidWrite(`${P.pipelines}/${type}`, objectScope(type, "write")));
    probes.push(search(type));
  }
  const propertyTypes = unique([...plan.properties, ...plan.propertyGroups].map((p) => p.objectType));
  for (const type of propertyTypes) {
    probes.push(read(`${P.properties}/${type}`, `crm.schemas.${type}.read`));
    probes.push(read(`${P.properties}/${type}/groups`, `crm.schemas.${type}.read`));
    probes.push(invalidWrite(`${P.properties}/${type}`, `crm.schemas.${type}.write`));
    probes.push(search(type));
  }
  if (plan.users.length > 0 || plan.teams.length > 0) {
    probes.push(read(P.users, "settings.users.read"));
    probes.push(read(`${P.users}/roles`, "settings.users.read"));
    probes.push(read(P.owners, "crm.objects.owners.read"));
    probes.push(read(P.teams, "settings.users.teams.read"));
  }
  if (plan.users.length > 0) {
    probes.push(invalidWrite(P.users, "settings.users.write"));
    for (const type of OWNED) probes.push(search(type));
  }
  if (plan.teams.length > 0) probes.push(invalidWrite(P.teams, "settings.users.teams.write"));
  const seen = new Set<string>();
  return probes.filter((p) => {
    const key = `${p.method} ${p.path} ${p.write}`;
    return !seen.has(key) && seen.add(key);
  });
}

const unique = <T>(items: T[]): T[] => [...new Set(items)];
