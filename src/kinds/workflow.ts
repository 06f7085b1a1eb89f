/**
 * An n8n workflow compiled from the blueprint (src/plan/n8n). Drift compares normalized definitions
 * (src/clients/n8n/compare.ts); the review describes the same differences node by node.
 */
import { comparable, type ComparableWorkflow, type WorkflowDefinition } from "../clients/n8n";
import { fieldChange, quote, show } from "../words/describe";
import { match } from "../words/keyed";
import type { ChangeSink, Kind, Shown } from "./kind";
import { isUnknown, known } from "./unknown";
import { nodeChanges, sameData } from "./workflow-nodes";
import { workflowDocs } from "./workflow.docs";

export interface WorkflowInputs {
  /** The compiled workflow's key (routing, sla-timers, automation-<key>). */
  key: string;
  definition: WorkflowDefinition;
  active: boolean;
  /** The tag that marks workflows revstack manages. */
  tag: string;
}

export interface WorkflowOutputs extends WorkflowInputs {
  /** Whether the workflow carries the tag (someone may have removed it in n8n). */
  tagged: boolean;
  /** n8n's version of the content: changes when anyone saves new content. */
  versionId: string;
}

type ShownWorkflow = Shown<WorkflowOutputs>;

const workflowName = (p: ShownWorkflow): string => `Workflow ${quote(known(p.definition)?.name ?? p.key ?? "")}`;

/** A stored or desired definition as drift compares it (positions, credential names, server defaults left out). */
type ComparableNode = ComparableWorkflow["nodes"][number];

const normalized = (def: WorkflowDefinition | undefined): ComparableWorkflow | undefined => def && comparable(def);

/** What stops while a workflow is switched off, by what it was compiled from. */
function offMeans(key: unknown): string {
  if (key === "routing") return "no new lead is routed to an owner";
  if (key === "sla-timers") return "no SLA is checked and no lead is reassigned or escalated";
  return "its automation does not fire";
}

/**
 * Each change in the blueprint's words, with the nodes it changes: routing's one-lead and batch paths each carry the
 * rules, so one rule's edit is one line naming both nodes, not the same words twice.
 */
function changedNodes(kept: Array<[string, ComparableNode, ComparableNode]>): Map<string, string[]> {
  const lines = new Map<string, string[]>();
  for (const [name, a, b] of kept) {
    if (sameData(a, b)) continue;
    for (const line of nodeChanges(a, b)) lines.set(line, [...(lines.get(line) ?? []), name]);
  }
  return lines;
}

const nodesNamed = (names: string[]): string =>
  names.length === 1
    ? `node ${quote(names[0])}`
    : `nodes ${names.slice(0, -1).map(quote).join(", ")} and ${quote(names[names.length - 1])}`;

/** What changed inside a workflow: each node by name, with what changed in it in the blueprint's words. */
function workflowChanges(old: ShownWorkflow, next: ShownWorkflow, out: ChangeSink): void {
  const subject = workflowName(next);
  // Switched off (in preview) or found off (in drift, which reads live → blueprint), the workflow does nothing: leads
  // go unrouted or automations do not fire, silently. Either way a reviewer must see it among the dangers.
  if (old.active !== undefined && old.active !== next.active)
    out.changed(`${subject} now ${next.active ? "active" : "inactive"} (was ${old.active ? "active" : "inactive"})`, {
      danger: `while it is inactive, ${offMeans(next.key ?? old.key)}`,
    });
  if (old.tagged === false) out.changed(`${subject} lost its revstack tag in n8n: it is put back`);
  if (isUnknown(JSON.stringify(next.definition ?? {}))) {
    out.changed(
      `${subject} is compiled again once the CRM ids it refers to are known (a pipeline it uses is created or changed): it is rewritten only if they differ`,
    );
    return;
  }
  const was = normalized(known(old.definition));
  const now = normalized(known(next.definition));
  if (!was || !now) return;
  const nodes = match(was.nodes, now.nodes, (n) => n.name);
  for (const [name] of nodes.added) out.added(`${subject} node ${quote(name)} added`);
  for (const [name] of nodes.removed) out.removed(`${subject} node ${quote(name)} removed`);
  for (const [line, names] of changedNodes(nodes.kept)) out.changed(`${subject} ${nodesNamed(names)} changed: ${line}`);
  if (!sameData(was.connections, now.connections)) out.changed(`${subject} connections between nodes changed`);
  if (!sameData(was.settings, now.settings)) {
    out.fields(
      `${subject} setting`,
      Object.keys({ ...was.settings, ...now.settings }).map((k) =>
        fieldChange(k, was.settings[k], now.settings[k], show),
      ),
    );
  }
  if (was.name !== now.name) out.changed(`Workflow ${quote(was.name)} renamed to ${quote(now.name)}`);
}

export const workflowKind: Kind<WorkflowInputs, WorkflowOutputs> = {
  module: "n8n",
  name: "Workflow",
  docs: workflowDocs,
  identity: [],
  fields: [],
  alsoUpdatable: ["definition", "active", "tag"],
  outputOnly: ["tagged", "versionId"],
  describe: (w) => `Workflow "${w.definition.name ?? w.key}"`,
  words: {
    section: "automations",
    scope: (p) => (p.key === "routing" || p.key === "sla-timers" ? "n8n: routing and SLA timers" : "n8n: automations"),
    subject: workflowName,
    summary: (p) => `${(known(p.definition)?.nodes ?? []).length} nodes, ${p.active ? "active" : "inactive"}`,
    extra: workflowChanges,
    deleteDanger: () => "the workflow is deleted from n8n: what it automates stops",
  },
};
