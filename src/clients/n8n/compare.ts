import { allowListed } from "./write-body";
import type { WorkflowDefinition, WorkflowNode } from "./types";

/** Settings n8n fills in by itself; equal to leaving them out. */
const SERVER_DEFAULTS: Record<string, unknown> = { callerPolicy: "workflowsFromSameOwner", availableInMCP: false };

export interface ComparableWorkflow {
  name: string;
  nodes: Array<Omit<WorkflowNode, "position" | "credentials"> & { credentials?: Record<string, string> }>;
  connections: WorkflowDefinition["connections"];
  settings: Record<string, unknown>;
}

/**
 * What drift compares, and what a review describes: allow-listed node keys without canvas positions (moving a
 * node changes nothing), credentials by id (n8n rewrites their names), nodes in name order, settings without
 * server defaults. The provider's diff and `revstack drift` use this one definition, so a workflow the provider
 * calls changed always has a difference the review can name.
 */
export function comparable(def: WorkflowDefinition): ComparableWorkflow {
  const allowed = allowListed(def);
  const nodes = allowed.nodes
    .map((node) => {
      const { position: _position, credentials, ...rest } = node;
      const byId = credentials && Object.fromEntries(Object.entries(credentials).map(([type, c]) => [type, c.id]));
      return { ...rest, credentials: byId };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
  const settings = Object.fromEntries(Object.entries(allowed.settings).filter(([k, v]) => SERVER_DEFAULTS[k] !== v));
  return { name: def.name, nodes, connections: def.connections, settings };
}
