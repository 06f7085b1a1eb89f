import { ApiError } from "./errors";

/**
 * The scope each route needs, in HubSpot's granular-scope names: records and pipelines of an object type need
 * `crm.objects.<type>.read|write` (`tickets` for tickets), properties `crm.schemas.<type>.read|write`, owners
 * `crm.objects.owners.read`, users `settings.users.read|write`, teams `settings.users.teams.read|write`, flows
 * `automation`, custom object schemas `crm.schemas.custom.read|write`,
 * lists `crm.lists.read|write`, forms `forms`; account info needs none. A token the sandbox was given scopes for (`tokenScopes`) is refused with
 * HubSpot's 403 MISSING_SCOPES body (hubspot-api.md §2) when it lacks one; other tokens hold every scope.
 */
export function requiredScope(
  method: string,
  routePath: string,
  params: Record<string, string>,
  read: boolean,
): string | undefined {
  const access = read || method === "GET" ? "read" : "write";
  // Custom objects (`2-<id>`, `p<portal>_<name>`, `p_<name>`) share the `custom` scopes.
  const type = /^(2-\d+|p\d*_)/i.test(params.objectType ?? "") ? "custom" : (params.objectType ?? "");
  const object = type === "tickets" || type === "0-5" ? "tickets" : `crm.objects.${type}.${access}`;
  if (/\/(pipelines|objects)\//.test(routePath)) return object;
  if (routePath.includes("/properties/")) return `crm.schemas.${type}.${access}`;
  if (routePath.includes("/owners")) return "crm.objects.owners.read";
  if (routePath.startsWith("/settings/teams")) return `settings.users.teams.${access}`;
  if (/^\/settings\/(users|v3\/users)/.test(routePath))
    return routePath.endsWith("/teams") ? "settings.users.teams.read" : `settings.users.${access}`;
  if (routePath.startsWith("/automation/")) return "automation";
  if (routePath.startsWith("/crm-object-schemas/")) return `crm.schemas.custom.${access}`;
  if (/^\/crm\/(v3\/lists|lists\/)/.test(routePath)) return `crm.lists.${access}`;
  if (routePath.startsWith("/marketing/")) return "forms";
  return undefined;
}

export const missingScope = (scope: string): ApiError =>
  new ApiError(403, "MISSING_SCOPES", "This app hasn't been granted all required scopes to make this call.", {
    errors: [
      { message: "One or more of the following scopes are required.", context: { requiredGranularScopes: [scope] } },
    ],
  });
