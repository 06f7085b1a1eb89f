/**
 * The operations HubSpot publishes, as facts: method, path template, version. Written from the project's research
 * notes (/work/shared/reference/hubspot-api.md §11 for the 2026 generation, §1/§3/§6–§8 for the legacy paths),
 * not copied from HubSpot's spec files, which are proprietary. A path that is not here does not exist at HubSpot
 * (a client calling it gets 404): revstack's client calls only the `2026` generation, and the sandbox serves
 * nothing that is not listed (test/sandbox/published-operations.test.ts holds both to this table). Adding a line
 * here means reading it in HubSpot's published descriptions first.
 */

export interface PublishedOperation {
  method: string;
  /** HubSpot's path template, parameters in braces: `/crm/pipelines/2026-09/{objectType}`. */
  path: string;
  /** `2026-09`, `2026-03`, `2026-09-beta`, `v3`, `v4`. */
  version: string;
  /** `2026`: the date-based generation revstack targets; `legacy`: v3/v4, supported until 2027, served for HubSpot's Node client. */
  generation: "2026" | "legacy";
}

/** hubspot-api.md §11, line for line: "METHODS path". */
const generation2026 = `
GET /account-info/2026-09/api-usage/daily/private-apps
GET /account-info/2026-09/details
GET /crm/owners/2026-09
GET /crm/owners/2026-09/{ownerId}
GET POST /settings/users/2026-03
GET /settings/users/2026-03/roles
GET /settings/users/2026-03/teams
GET PUT DELETE /settings/users/2026-03/{userId}
GET POST /settings/users/2026-09-beta
GET /settings/users/2026-09-beta/roles
GET /settings/users/2026-09-beta/seats
GET /settings/users/2026-09-beta/teams
GET PUT DELETE /settings/users/2026-09-beta/{userId}
GET POST /settings/teams/2026-09-beta
GET DELETE PATCH /settings/teams/2026-09-beta/{teamId}
GET POST /settings/teams/2026-09-beta/{teamId}/members
POST /settings/teams/2026-09-beta/{teamId}/members/batch
DELETE /settings/teams/2026-09-beta/{teamId}/members/{userId}
GET POST /crm/pipelines/2026-09/{objectType}
GET PUT DELETE PATCH /crm/pipelines/2026-09/{objectType}/{pipelineId}
GET /crm/pipelines/2026-09/{objectType}/{pipelineId}/audit
GET POST /crm/pipelines/2026-09/{objectType}/{pipelineId}/stages
GET PUT DELETE PATCH /crm/pipelines/2026-09/{objectType}/{pipelineId}/stages/{stageId}
GET /crm/pipelines/2026-09/{objectType}/{pipelineId}/stages/{stageId}/audit
GET POST /crm/properties/2026-09/{objectType}
POST /crm/properties/2026-09/{objectType}/batch/archive
POST /crm/properties/2026-09/{objectType}/batch/create
POST /crm/properties/2026-09/{objectType}/batch/read
GET POST /crm/properties/2026-09/{objectType}/groups
GET DELETE PATCH /crm/properties/2026-09/{objectType}/groups/{groupName}
GET DELETE PATCH /crm/properties/2026-09/{objectType}/{propertyName}
GET POST /crm/objects/2026-09/{objectType}
POST /crm/objects/2026-09/{objectType}/batch/archive
POST /crm/objects/2026-09/{objectType}/batch/create
POST /crm/objects/2026-09/{objectType}/batch/read
POST /crm/objects/2026-09/{objectType}/batch/update
POST /crm/objects/2026-09/{objectType}/batch/upsert
POST /crm/objects/2026-09/{objectType}/search
GET DELETE PATCH /crm/objects/2026-09/{objectType}/{objectId}
GET POST /crm-object-schemas/2026-09/schemas
POST /crm-object-schemas/2026-09/schemas/batch/read
GET DELETE PATCH /crm-object-schemas/2026-09/schemas/{objectType}
POST /crm-object-schemas/2026-09/schemas/{objectType}/associations
DELETE /crm-object-schemas/2026-09/schemas/{objectType}/associations/{associationIdentifier}
GET /crm/associations/2026-09/definitions/configurations/all
GET /crm/associations/2026-09/definitions/configurations/{fromObjectType}/{toObjectType}
POST /crm/associations/2026-09/definitions/configurations/{fromObjectType}/{toObjectType}/batch/create
POST /crm/associations/2026-09/definitions/configurations/{fromObjectType}/{toObjectType}/batch/purge
POST /crm/associations/2026-09/definitions/configurations/{fromObjectType}/{toObjectType}/batch/update
GET PUT POST /crm/associations/2026-09/{fromObjectType}/{toObjectType}/labels
DELETE /crm/associations/2026-09/{fromObjectType}/{toObjectType}/labels/{associationTypeId}
GET POST /crm/lists/2026-09
GET POST /crm/lists/2026-09/folders
PUT /crm/lists/2026-09/folders/move-list
DELETE /crm/lists/2026-09/folders/{folderId}
PUT /crm/lists/2026-09/folders/{folderId}/move/{newParentFolderId}
PUT /crm/lists/2026-09/folders/{folderId}/rename
GET POST /crm/lists/2026-09/idmapping
GET /crm/lists/2026-09/object-type-id/{objectTypeId}/name/{listName}
POST /crm/lists/2026-09/records/memberships/batch/read
GET /crm/lists/2026-09/records/{objectTypeId}/{recordId}/memberships
POST /crm/lists/2026-09/search
GET DELETE /crm/lists/2026-09/{listId}
GET DELETE /crm/lists/2026-09/{listId}/memberships
PUT /crm/lists/2026-09/{listId}/memberships/add
PUT /crm/lists/2026-09/{listId}/memberships/add-and-remove
PUT /crm/lists/2026-09/{listId}/memberships/add-from/{sourceListId}
GET /crm/lists/2026-09/{listId}/memberships/join-order
PUT /crm/lists/2026-09/{listId}/memberships/remove
PUT /crm/lists/2026-09/{listId}/restore
GET PUT DELETE /crm/lists/2026-09/{listId}/schedule-conversion
PUT /crm/lists/2026-09/{listId}/update-list-filters
PUT /crm/lists/2026-09/{listId}/update-list-name
GET POST /marketing/forms/2026-09-beta
GET PUT DELETE PATCH /marketing/forms/2026-09-beta/{formId}
GET /automation/2026-09-beta/action-types
GET POST /automation/2026-09-beta/flows
POST /automation/2026-09-beta/flows/batch/read
GET /automation/2026-09-beta/flows/email-campaigns
GET PUT DELETE /automation/2026-09-beta/flows/{flowId}
GET /automation/2026-09-beta/flows/{flowId}/revisions/{revisionId}
POST /automation/2026-09-beta/workflow-id-mappings/batch/read
`;

/**
 * The legacy paths the sandbox also serves, because HubSpot's official Node client (the compatibility yardstick in
 * test/sandbox) still sends them; each is published (hubspot-api.md section in brackets). revstack never calls them.
 */
const legacy = `
GET /account-info/v3/details
GET /account-info/v3/api-usage/daily/private-apps
GET /crm/v3/owners
GET /crm/v3/owners/{ownerId}
GET POST /settings/users/v3
GET POST /settings/v3/users
GET /settings/v3/users/roles
GET /settings/v3/users/teams
GET PUT DELETE /settings/v3/users/{userId}
GET POST /crm/v3/pipelines/{objectType}
GET PUT DELETE PATCH /crm/v3/pipelines/{objectType}/{pipelineId}
GET /crm/v3/pipelines/{objectType}/{pipelineId}/audit
GET POST /crm/v3/pipelines/{objectType}/{pipelineId}/stages
GET PUT DELETE PATCH /crm/v3/pipelines/{objectType}/{pipelineId}/stages/{stageId}
GET /crm/v3/pipelines/{objectType}/{pipelineId}/stages/{stageId}/audit
GET POST /crm/v3/properties/{objectType}
POST /crm/v3/properties/{objectType}/batch/archive
POST /crm/v3/properties/{objectType}/batch/create
POST /crm/v3/properties/{objectType}/batch/read
GET POST /crm/v3/properties/{objectType}/groups
GET DELETE PATCH /crm/v3/properties/{objectType}/groups/{groupName}
GET DELETE PATCH /crm/v3/properties/{objectType}/{propertyName}
GET POST /crm/v3/objects/{objectType}
POST /crm/v3/objects/{objectType}/batch/archive
POST /crm/v3/objects/{objectType}/batch/create
POST /crm/v3/objects/{objectType}/batch/read
POST /crm/v3/objects/{objectType}/batch/update
POST /crm/v3/objects/{objectType}/batch/upsert
POST /crm/v3/objects/{objectType}/search
GET DELETE PATCH /crm/v3/objects/{objectType}/{objectId}
GET POST /crm-object-schemas/v3/schemas
POST /crm-object-schemas/v3/schemas/batch/read
GET DELETE PATCH /crm-object-schemas/v3/schemas/{objectType}
POST /crm-object-schemas/v3/schemas/{objectType}/associations
DELETE /crm-object-schemas/v3/schemas/{objectType}/associations/{associationIdentifier}
GET PUT POST /crm/v4/associations/{fromObjectType}/{toObjectType}/labels
DELETE /crm/v4/associations/{fromObjectType}/{toObjectType}/labels/{associationTypeId}
GET POST /crm/v3/lists
POST /crm/v3/lists/search
GET /crm/v3/lists/object-type-id/{objectTypeId}/name/{listName}
GET /crm/v3/lists/records/{objectTypeId}/{recordId}/memberships
POST /crm/v3/lists/records/memberships/batch/read
GET DELETE /crm/v3/lists/{listId}
PUT /crm/v3/lists/{listId}/restore
PUT /crm/v3/lists/{listId}/update-list-name
PUT /crm/v3/lists/{listId}/update-list-filters
GET /crm/v3/lists/{listId}/memberships
PUT /crm/v3/lists/{listId}/memberships/add
PUT /crm/v3/lists/{listId}/memberships/remove
GET POST /marketing/v3/forms
GET PUT DELETE PATCH /marketing/v3/forms/{formId}
GET POST /automation/v4/flows
POST /automation/v4/flows/batch/read
GET PUT DELETE /automation/v4/flows/{flowId}
`;
// Sources of the legacy lines: account-info v3 [§3], owners v3 [§8], users v3 list/create at both spellings and
// get/update/delete at /settings/v3/users/{userId}, roles and teams at the client's /settings/v3/users [§1 quirk 4,
// §8], pipelines v3 [§7], properties and objects v3 with their batches [§6, §8], custom object schemas v3 (the
// official client's CoreApi) association labels v4 (its DefinitionsApi),
// lists v3 and marketing forms v3 [§11] with the lists' memberships batch read [§6], automation v4 flows [§6, §8, §10].

function parse(text: string, generation: PublishedOperation["generation"]): PublishedOperation[] {
  return text
    .trim()
    .split("\n")
    .flatMap((line) => {
      const words = line.trim().split(/\s+/);
      const path = words.pop()!;
      const version = path.split("/").find((s) => /^(v\d|\d{4}-\d{2})/.test(s))!;
      return words.map((method) => ({ method, path, version, generation }));
    });
}

export const publishedOperations: readonly PublishedOperation[] = [
  ...parse(generation2026, "2026"),
  ...parse(legacy, "legacy"),
];

/** The published operation a concrete request matches (`GET /crm/pipelines/2026-09/deals/123`), if any. */
export function publishedOperation(method: string, concretePath: string): PublishedOperation | undefined {
  const parts = concretePath.split("?")[0].split("/").filter(Boolean);
  return publishedOperations.find((op) => {
    if (op.method !== method) return false;
    const template = op.path.split("/").filter(Boolean);
    return template.length === parts.length && template.every((t, i) => /^\{\w+\}$/.test(t) || t === parts[i]);
  });
}
