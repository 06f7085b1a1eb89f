/** The portal's records as the sandbox keeps them in memory and in the state file (JSON-safe). */

export type Metadata = Record<string, string>;

export interface Stage {
  id: string;
  label: string;
  displayOrder: number;
  metadata: Metadata;
  createdAt: string;
  updatedAt: string;
  archived: boolean;
  archivedAt?: string;
  writePermissions?: string;
}

export interface Pipeline {
  id: string;
  label: string;
  displayOrder: number;
  stages: Stage[];
  createdAt: string;
  updatedAt: string;
  archived: boolean;
  archivedAt?: string;
}

export interface AuditEntry {
  portalId: number;
  identifier: string;
  action: "CREATE" | "UPDATE" | "DELETE";
  timestamp: string;
  message: string;
  rawObject: unknown;
}

export interface PropertyOption {
  label: string;
  value: string;
  displayOrder: number;
  hidden: boolean;
  description?: string;
}

export interface Property {
  name: string;
  label: string;
  type: string;
  fieldType: string;
  groupName: string;
  description: string;
  options: PropertyOption[];
  displayOrder: number;
  hidden: boolean;
  formField: boolean;
  hasUniqueValue: boolean;
  calculated: boolean;
  externalOptions: boolean;
  hubspotDefined?: boolean;
  referencedObjectType?: string;
  calculationFormula?: string;
  dataSensitivity?: string;
  numberDisplayHint?: string;
  showCurrencySymbol?: boolean;
  currencyPropertyName?: string;
  createdAt: string;
  updatedAt: string;
  archived: boolean;
  archivedAt?: string;
  createdUserId?: string;
  updatedUserId?: string;
  modificationMetadata: {
    archivable: boolean;
    readOnlyDefinition: boolean;
    readOnlyValue: boolean;
    readOnlyOptions?: boolean;
  };
}

export interface PropertyGroup {
  name: string;
  label: string;
  displayOrder: number;
  archived: boolean;
}

export interface User {
  id: string;
  email: string;
  firstName?: string;
  lastName?: string;
  roleId?: string;
  primaryTeamId?: string;
  secondaryTeamIds: string[];
  superAdmin: boolean;
  sendWelcomeEmail: boolean;
  /** The owner record HubSpot creates for every user; it outlives the user as an archived owner. */
  ownerId: string;
  createdAt: string;
  updatedAt: string;
}

export interface Owner {
  id: string;
  email: string;
  firstName: string;
  lastName: string;
  userId: number;
  createdAt: string;
  updatedAt: string;
  archived: boolean;
}

export interface Team {
  id: string;
  name: string;
  parentTeamId?: string;
}

export interface Role {
  id: string;
  name: string;
  requiresBillingWrite: boolean;
}

export interface CrmObject {
  id: string;
  properties: Record<string, string>;
  /** Records this one is associated with, per object type (only set on records created with associations). */
  associations?: Record<string, Association[]>;
  createdAt: string;
  updatedAt: string;
  archived: boolean;
  archivedAt?: string;
}

export interface Association {
  id: string;
  /** HubSpot's association type id (216: task to deal). */
  typeId: number;
}

export interface Flow {
  id: string;
  revisionId: string;
  createdAt: string;
  updatedAt: string;
  /** Everything else the caller sent (name, type, actions, ...), stored as given. */
  body: Record<string, unknown>;
  /** Each earlier revision as it was, by its id: HubSpot serves them at `/flows/{flowId}/revisions/{revisionId}`. */
  revisions?: Record<string, { updatedAt: string; body: Record<string, unknown> }>;
}

/** A custom object's schema (crm-object-schemas): its records, properties and pipelines are kept under `objectTypeId`. */
export interface CustomSchema {
  id: string;
  /** `2-<id>`: the name records, properties and pipelines of this object go by. */
  objectTypeId: string;
  /** `p<portalId>_<name>`. */
  fullyQualifiedName: string;
  name: string;
  description?: string;
  labels: { singular?: string; plural?: string };
  primaryDisplayProperty?: string;
  secondaryDisplayProperties: string[];
  searchableProperties: string[];
  requiredProperties: string[];
  /** The association definitions from this object to others (`associatedObjects` and the associations endpoint). */
  associations: SchemaAssociation[];
  createdAt: string;
  updatedAt: string;
  archived: boolean;
}

export interface SchemaAssociation {
  id: string;
  fromObjectTypeId: string;
  toObjectTypeId: string;
  name?: string;
  createdAt: string;
  updatedAt: string;
}

/** A user-defined association label between two object types (one direction; a paired label has an inverse). */
export interface AssociationLabel {
  typeId: number;
  /** The pair's type ids, from-to first: the key the labels endpoint lists both directions under. */
  fromObjectTypeId: string;
  toObjectTypeId: string;
  name: string;
  label: string;
  /** The other direction's type id, when the label was created with an `inverseLabel`. */
  inverseTypeId?: number;
}

/** A list (segment): MANUAL and SNAPSHOT lists hold the members added to them, DYNAMIC ones are their filters. */
export interface CrmList {
  listId: string;
  name: string;
  objectTypeId: string;
  processingType: "MANUAL" | "DYNAMIC" | "SNAPSHOT";
  /** As the caller sent it (HubSpot's filter branch tree). */
  filterBranch?: Record<string, unknown>;
  listVersion: number;
  /** Members added by hand or by a snapshot: record id → when it joined. */
  members: Record<string, string>;
  /** A DYNAMIC list's members that joined through a write after the list was made: record id → when. */
  joined?: Record<string, string>;
  createdAt: string;
  updatedAt: string;
  filtersUpdatedAt?: string;
  /** Set while the list is deleted (restorable). */
  deletedAt?: string;
}

/** A HubSpot form: its definition as the caller gave it, checked, plus the server's fields. */
export interface Form {
  id: string;
  createdAt: string;
  updatedAt: string;
  archived: boolean;
  archivedAt?: string;
  /** name, formType, fieldGroups, configuration, displayOptions, legalConsentOptions. */
  body: Record<string, unknown>;
}

export interface PortalState {
  version: 1;
  portalId: number;
  /** Next numeric id per kind of record, so ids never repeat, even after a restart. */
  sequences: Record<string, number>;
  pipelines: Record<string, Record<string, Pipeline>>;
  audits: Record<string, AuditEntry[]>;
  propertyGroups: Record<string, Record<string, PropertyGroup>>;
  properties: Record<string, Record<string, Property>>;
  users: Record<string, User>;
  owners: Record<string, Owner>;
  teams: Record<string, Team>;
  roles: Record<string, Role>;
  flows: Record<string, Flow>;
  objects: Record<string, Record<string, CrmObject>>;
  /** Custom object schemas by objectTypeId (absent in state files saved before the sandbox served them). */
  schemas?: Record<string, CustomSchema>;
  /** User-defined association labels by type id. */
  associationLabels?: Record<string, AssociationLabel>;
  lists?: Record<string, CrmList>;
  forms?: Record<string, Form>;
  usage: { day: string; count: number };
}
