/** The HubSpot objects revstack reads and writes, as the API returns them (only the fields we use). */

export interface LiveStage {
  id: string;
  label: string;
  displayOrder: number;
  /** Values are strings, e.g. `{ probability: "0.2", isClosed: "false" }` for deals. */
  metadata: Record<string, string>;
  archived?: boolean;
}

export interface LivePipeline {
  id: string;
  label: string;
  displayOrder: number;
  stages: LiveStage[];
  archived?: boolean;
}

export interface StageInput {
  label: string;
  displayOrder: number;
  metadata: Record<string, string>;
}

export interface PipelineInput {
  label: string;
  displayOrder: number;
  stages: StageInput[];
}

export interface LivePropertyGroup {
  name: string;
  label: string;
  displayOrder?: number;
  archived?: boolean;
}

export interface PropertyOption {
  label: string;
  value: string;
  displayOrder?: number;
  description?: string;
  hidden?: boolean;
}

export interface PropertyInput {
  name: string;
  label: string;
  type: string;
  fieldType: string;
  groupName: string;
  description?: string;
  options?: PropertyOption[];
  displayOrder?: number;
  hidden?: boolean;
  formField?: boolean;
  hasUniqueValue?: boolean;
  dataSensitivity?: "non_sensitive" | "sensitive" | "highly_sensitive";
  numberDisplayHint?: "unformatted" | "formatted" | "currency" | "percentage" | "duration" | "probability";
  showCurrencySymbol?: boolean;
  currencyPropertyName?: string;
  calculationFormula?: string;
  externalOptions?: boolean;
}

export interface LiveProperty extends PropertyInput {
  archived?: boolean;
  /** One of HubSpot's own properties. */
  hubspotDefined?: boolean;
  /** HubSpot computes its values (calculations, rollups, scores). */
  calculated?: boolean;
  modificationMetadata?: {
    archivable?: boolean;
    readOnlyDefinition?: boolean;
    readOnlyValue?: boolean;
    readOnlyOptions?: boolean;
  };
}

export interface UserFields {
  firstName?: string;
  lastName?: string;
  roleId?: string;
  primaryTeamId?: string;
  secondaryTeamIds?: string[];
}

export interface LiveUser extends UserFields {
  id: string;
  email: string;
  superAdmin?: boolean;
}

export interface LiveTeam {
  id: string;
  name: string;
  parentTeamId?: string;
  /** Primary members' user ids. */
  userIds?: string[];
  secondaryUserIds?: string[];
}

/** How a user belongs to a team, in HubSpot's words: `DEFAULT` is the user's main team (at most one), `EXTRA` any other. */
export type TeamMemberType = "DEFAULT" | "EXTRA";

export interface TeamInput {
  name: string;
  parentTeamId?: string;
  /** Members whose main (`DEFAULT`) team this is. */
  userIds: string[];
}

/** Someone records can be assigned to (`hubspot_owner_id`); HubSpot keeps one per user. */
export interface LiveOwner {
  id: string;
  email: string;
  firstName?: string;
  lastName?: string;
  userId?: number;
}

/** A CRM record (contact, deal, ticket...) with the properties that were asked for. */
export interface CrmRecord {
  id: string;
  properties: Record<string, string | null>;
}

export interface LiveRole {
  id: string;
  name: string;
}

export interface AccountDetails {
  portalId: number;
  timeZone?: string;
  companyCurrency?: string;
}

/** One filter of HubSpot's CRM search (`POST /crm/objects/{object}/search`): filters in a group hold together. */
export interface SearchFilter {
  propertyName: string;
  operator: string;
  value?: string;
  values?: string[];
}
