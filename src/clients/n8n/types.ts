/**
 * Shapes of n8n's public API v1 (verified against n8n 2.8.4). Write bodies are built only from the
 * allow-lists below: the API rejects read-only and unknown keys, so a GET body can never be PUT back.
 */

/** Node keys the API accepts on create/update. */
export const NODE_KEYS = [
  "id",
  "name",
  "webhookId",
  "disabled",
  "notesInFlow",
  "notes",
  "type",
  "typeVersion",
  "executeOnce",
  "alwaysOutputData",
  "retryOnFail",
  "maxTries",
  "waitBetweenTries",
  "continueOnFail",
  "onError",
  "position",
  "parameters",
  "credentials",
] as const;

/** Workflow settings keys the API accepts; anything else is a 400. */
export const SETTINGS_KEYS = [
  "saveExecutionProgress",
  "saveManualExecutions",
  "saveDataErrorExecution",
  "saveDataSuccessExecution",
  "executionTimeout",
  "errorWorkflow",
  "timezone",
  "executionOrder",
  "callerPolicy",
  "callerIds",
  "timeSavedPerExecution",
  "availableInMCP",
] as const;

export interface WorkflowNode {
  id: string;
  name: string;
  type: string;
  typeVersion: number;
  position: [number, number];
  parameters: Record<string, unknown>;
  webhookId?: string;
  disabled?: boolean;
  notesInFlow?: boolean;
  notes?: string;
  executeOnce?: boolean;
  alwaysOutputData?: boolean;
  retryOnFail?: boolean;
  maxTries?: number;
  waitBetweenTries?: number;
  continueOnFail?: boolean;
  onError?: "stopWorkflow" | "continueRegularOutput" | "continueErrorOutput";
  /** By credential type; n8n rewrites `name` to the credential's current name, `id` is what counts. */
  credentials?: Record<string, { id: string; name: string }>;
}

export interface ConnectionTarget {
  node: string;
  type: string;
  index: number;
}

/** source node name → output type ("main") → output index → targets. */
export type WorkflowConnections = Record<string, Record<string, ConnectionTarget[][]>>;

export type WorkflowSettings = Partial<{
  saveExecutionProgress: boolean;
  saveManualExecutions: boolean;
  saveDataErrorExecution: "all" | "none";
  saveDataSuccessExecution: "all" | "none";
  executionTimeout: number;
  errorWorkflow: string;
  timezone: string;
  executionOrder: "v0" | "v1";
  callerPolicy: "any" | "none" | "workflowsFromAList" | "workflowsFromSameOwner";
  callerIds: string;
  timeSavedPerExecution: number;
  availableInMCP: boolean;
}>;

/** The part of a workflow we own and write: the desired state. */
export interface WorkflowDefinition {
  name: string;
  nodes: WorkflowNode[];
  connections: WorkflowConnections;
  settings: WorkflowSettings;
}

/** A workflow as n8n returns it: the definition plus server-managed fields (never written back). */
export interface Workflow extends WorkflowDefinition {
  id: string;
  active: boolean;
  versionId?: string;
  createdAt?: string;
  updatedAt?: string;
  tags?: Tag[];
  [serverField: string]: unknown;
}

export interface Tag {
  id: string;
  name: string;
  createdAt?: string;
  updatedAt?: string;
}

/** Credential data is write-only: n8n never returns it, so a credential's drift cannot be observed. */
export interface CredentialInput {
  name: string;
  type: string;
  data: Record<string, unknown>;
}

export interface Credential {
  id: string;
  name: string;
  type: string;
  createdAt?: string;
  updatedAt?: string;
}

export interface Execution {
  id: string;
  workflowId: string;
  status: string;
  mode: string;
  finished: boolean;
  startedAt: string;
  stoppedAt: string | null;
  [serverField: string]: unknown;
}

/** A data table (n8n ≥ 2.7): rows kept inside n8n, read and written by the Data Table node. */
export interface DataTableInput {
  name: string;
  columns: Array<{ name: string; type: "string" | "number" | "boolean" | "date" }>;
}

export interface DataTable {
  id: string;
  name: string;
  columns?: Array<{ name: string; type: string }>;
}
