import { createHash } from "node:crypto";
import type { WorkflowConnections, WorkflowDefinition, WorkflowNode, WorkflowSettings } from "../../clients/n8n/types";

/** A UUID-shaped id derived from names only, so every compile of the same blueprint yields the same ids. */
export function stableId(...parts: string[]): string {
  const h = createHash("sha256").update(parts.join("\u0000")).digest("hex");
  const variant = ((parseInt(h[16], 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export type NodeSpec = Omit<WorkflowNode, "id" | "position">;

/**
 * Collects nodes and their connections. Node ids, webhook ids and positions follow from the workflow key,
 * the node name and the order of addition: nothing random, nothing time-based.
 */
export class WorkflowBuilder {
  private readonly nodes: WorkflowNode[] = [];
  private readonly connections: WorkflowConnections = {};

  constructor(private readonly key: string) {}

  /** Adds a node in column `column`, row `row` of the editor canvas; returns its name for connect(). */
  add(spec: NodeSpec, column: number, row = 0): string {
    const needsWebhookId = spec.type === "n8n-nodes-base.webhook" || spec.type === "n8n-nodes-base.wait";
    this.nodes.push({
      id: stableId(this.key, "node", spec.name),
      ...spec,
      ...(needsWebhookId && { webhookId: stableId(this.key, "webhook", spec.name) }),
      position: [column * 240, row * 180],
    });
    return spec.name;
  }

  /** Adds `specs` one after another from `column` of `row`, chained; returns the first and the last. */
  addChain(specs: NodeSpec[], column: number, row = 0): { first: string; last: string } {
    const names = specs.map((spec, i) => this.add(spec, column + i, row));
    this.chain(...names);
    return { first: names[0], last: names[names.length - 1] };
  }

  /** Whether a node of this name is there. */
  has(name: string): boolean {
    return this.nodes.some((n) => n.name === name);
  }

  /** Connects `from`'s output `output` (IF: 0 = true, 1 = false) to `to`. */
  connect(from: string, to: string, output = 0): this {
    const outputs = ((this.connections[from] ??= {}).main ??= []);
    while (outputs.length <= output) outputs.push([]);
    outputs[output].push({ node: to, type: "main", index: 0 });
    return this;
  }

  chain(...names: string[]): this {
    for (let i = 1; i < names.length; i++) this.connect(names[i - 1], names[i]);
    return this;
  }

  /** The workflow, named after its resource key (see workflowName). */
  build(blueprint: string, settings: WorkflowSettings): WorkflowDefinition {
    return { name: workflowName(blueprint, this.key), nodes: this.nodes, connections: this.connections, settings };
  }
}

/**
 * The one naming scheme of managed workflows: "revstack <blueprint>: <resource key>", e.g. "revstack acme-base:
 * automation-stalled-deal-nudge", so n8n's list and `pulumi preview` (workflow.<resource key>) say the same name.
 * Renaming only changes the definition's name: the provider updates the workflow in place (same resource, same id).
 */
export function workflowName(blueprint: string, key: string): string {
  return `revstack ${blueprint}: ${key}`;
}
