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
  usage: { day: string; count: number };
}
