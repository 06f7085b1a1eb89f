import { NODE_KEYS, SETTINGS_KEYS, type WorkflowDefinition } from "./types";

/**
 * The create/update body, built from the desired state through allow-lists. Also checks what n8n accepts
 * without complaint but breaks on later (empty name, duplicate node names, connections to missing nodes).
 */
export function writeBody(def: WorkflowDefinition): WorkflowDefinition {
  const problems: string[] = [];
  if (!def.name.trim()) problems.push("the workflow name is empty");
  const names = new Set<string>();
  for (const node of def.nodes) {
    if (names.has(node.name)) problems.push(`two nodes are named "${node.name}"`);
    names.add(node.name);
    problems.push(...unknownKeys(node, NODE_KEYS, `node "${node.name}"`));
  }
  for (const [source, outputs] of Object.entries(def.connections)) {
    if (!names.has(source)) problems.push(`a connection starts at missing node "${source}"`);
    for (const target of Object.values(outputs).flat(2)) {
      if (!names.has(target.node)) problems.push(`a connection from "${source}" goes to missing node "${target.node}"`);
    }
  }
  problems.push(...unknownKeys(def.settings, SETTINGS_KEYS, "settings"));
  if (problems.length) throw new Error(`workflow "${def.name}" cannot be written: ${problems.join("; ")}`);
  return allowListed(def);
}

/** Only the keys n8n accepts on a write, e.g. of a workflow as n8n returned it (for comparing, not writing back). */
export function allowListed(def: WorkflowDefinition): WorkflowDefinition {
  return {
    name: def.name,
    nodes: def.nodes.map((node) => pick(node, NODE_KEYS)),
    connections: def.connections,
    settings: pick(def.settings ?? {}, SETTINGS_KEYS),
  };
}

function unknownKeys(value: object, allowed: readonly string[], where: string): string[] {
  return Object.keys(value)
    .filter((k) => !allowed.includes(k))
    .map((k) => `${where} has "${k}", which n8n does not accept`);
}

function pick<T extends object>(value: T, keys: readonly string[]): T {
  return Object.fromEntries(Object.entries(value).filter(([k, v]) => keys.includes(k) && v !== undefined)) as T;
}
