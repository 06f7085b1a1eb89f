/**
 * How each resource type reads in a review: which section, what the user calls it, which fields matter and
 * how their values read. Internal fields (ids, keys, the serialized `__provider`) are never shown.
 */
import { isDeepStrictEqual } from "node:util";
import type { Section } from "../change";
import { fieldChange, percent, quote, show, singular } from "../describe";
import type { ScopedChanges } from "../diff/changes";
import { match } from "../diff/keyed";
import { comparable, type ComparableWorkflow, type WorkflowDefinition } from "../../clients/n8n";
import { isUnknown, type Props } from "./digest";
import { retireHint, type OwnerRecords } from "../owner-records";
import { nodeChanges, sameData } from "./workflow-nodes";

export interface Field {
  key: string;
  label: string;
  format?: (value: never) => string;
}

export interface Resource {
  section: Section;
  /** The scope heading, e.g. "Pipeline 'New Business' (new-business)". */
  scope(props: Props, parentLabel?: string): string | undefined;
  /** What the user calls it, e.g. "Stage 'Demo Scheduled'". */
  subject(props: Props): string;
  /** Facts shown when it is created. */
  summary?(props: Props): string;
  fields: Field[];
  /** Changes a field list cannot express (a pipeline's set of stages). */
  extra?(old: Props, next: Props, out: ScopedChanges): void;
  /** Why deleting it is dangerous; `null` when its delete is done by another resource and not shown. */
  deleteDanger?: ((props: Props) => string) | null;
  /** An update that is something else in the user's words (a retired owner): describes it and returns true. */
  updateAs?(old: Props, next: Props, out: ScopedChanges): boolean;
}

const str = (v: unknown): string => String(v ?? "");
const order = (v: number): string => String(v + 1);
const capitalized = (text: string): string => text.charAt(0).toUpperCase() + text.slice(1);

/** "Pipeline 'New Business' (new-business)"; the same heading `revstack plan` uses. */
export const pipelineScope = (label: string, key: string): string => `Pipeline ${quote(label)} (${key})`;

interface StageEntry {
  key: string;
  label: string;
}

/** The pipeline owns which stages exist: stages it will remove, and where their deals go. */
function stageSet(old: Props, next: Props, out: ScopedChanges): void {
  const managed = Object.keys((old.stageIds as Record<string, string> | undefined) ?? {});
  const oldStages = (old.stages as StageEntry[] | undefined) ?? [];
  const newKeys = new Set(((next.stages as StageEntry[] | undefined) ?? []).map((s) => s.key));
  const retired = (next.retiredStages as Record<string, string> | undefined) ?? {};
  const labelOf = (key: string) => quote(oldStages.find((s) => s.key === key)?.label ?? key);
  const records = str(next.objectType ?? old.objectType) || "records";
  for (const key of managed.filter((k) => !newKeys.has(k))) {
    const moveTo = retired[key];
    if (moveTo) {
      out.removed(`Stage ${labelOf(key)} removed: its ${records} move to ${labelOf(moveTo)}`, { danger: "moves every record in the stage, then deletes the stage" });
    } else {
      out.removed(`Stage ${labelOf(key)} removed`, { danger: `the apply stops if ${records} are still in it (say where they go in retiredStages)` });
    }
  }
  for (const stage of (old.unmanagedStages as Array<{ label: string }> | undefined) ?? []) {
    out.removed(`Stage ${quote(stage.label)} (added in HubSpot, not in the blueprint) removed`, {
      danger: `a stage someone added by hand is deleted; the apply stops if ${records} are in it`,
    });
  }
}

interface Option {
  value: string;
  label: string;
  hidden?: boolean;
}

function options(old: Props, next: Props, out: ScopedChanges, subject: string): void {
  const m = match(old.options as Option[] | undefined, next.options as Option[] | undefined, (o) => o.value);
  for (const [value, o] of m.added) out.added(`${subject} option ${quote(o.label)} (${value}) added`);
  for (const [value, o] of m.removed) out.removed(`${subject} option ${quote(o.label)} (${value}) removed`);
  for (const [value, was, now] of m.kept) {
    out.fields(`${subject} option ${value}`, [
      fieldChange("label", was.label, now.label, quote),
      Boolean(was.hidden) !== Boolean(now.hidden) ? (now.hidden ? "hidden" : "shown again") : undefined,
    ]);
  }
}

const propertySubject = (p: Props) => `Property ${quote(str(p.label))} (${str(p.name)})`;

const HUBSPOT_RESOURCES: Record<string, Resource> = {
  "hubspot:Pipeline": {
    section: "pipelines",
    scope: (p) => pipelineScope(str(p.label), str(p.key)),
    subject: (p) => `Pipeline ${quote(str(p.label))}`,
    summary: (p) => `for ${str(p.objectType)} with stages ${((p.stages as StageEntry[] | undefined) ?? []).map((s) => s.label).join(", ")}`,
    fields: [
      { key: "label", label: "label", format: quote },
      { key: "displayOrder", label: "position", format: order },
    ],
    extra: stageSet,
    deleteDanger: (p) => `deletes the ${str(p.objectType)} pipeline and its stages; the apply stops if it still holds records`,
  },
  "hubspot:PipelineStage": {
    section: "pipelines",
    scope: (_p, parentLabel) => parentLabel,
    subject: (p) => `Stage ${quote(str(p.label))}`,
    summary: (p) => (p.probability === undefined ? "" : `probability ${percent(Number(p.probability))}`),
    fields: [
      { key: "label", label: "label", format: quote },
      { key: "probability", label: "probability", format: percent },
      { key: "displayOrder", label: "position", format: order },
      { key: "ticketState", label: "ticket state", format: (v: string) => v.toLowerCase() },
    ],
    deleteDanger: null,
  },
  "hubspot:PropertyGroup": {
    section: "properties",
    scope: () => "Property groups",
    subject: (p) => `Group ${quote(str(p.label))} (${str(p.name)}) for ${str(p.objectType)}`,
    fields: [
      { key: "label", label: "label", format: quote },
      { key: "displayOrder", label: "position", format: order },
    ],
  },
  "hubspot:Property": {
    section: "properties",
    scope: (p) => `${capitalized(singular(str(p.objectType)))} properties`,
    subject: propertySubject,
    summary: (p) => `${str(p.type)} in group ${str(p.groupName)}`,
    fields: [
      { key: "label", label: "label", format: quote },
      { key: "type", label: "type" },
      { key: "fieldType", label: "field type" },
      { key: "groupName", label: "group" },
      { key: "description", label: "description", format: quote },
      { key: "hasUniqueValue", label: "unique values" },
      { key: "formField", label: "form field" },
      { key: "hidden", label: "hidden" },
      { key: "displayOrder", label: "position" },
      { key: "dataSensitivity", label: "data sensitivity" },
      { key: "numberDisplayHint", label: "number format" },
      { key: "showCurrencySymbol", label: "currency symbol" },
      { key: "currencyPropertyName", label: "currency property" },
      { key: "calculationFormula", label: "formula" },
    ],
    extra: (old, next, out) => options(old, next, out, propertySubject(next)),
    deleteDanger: (p) => `deletes the property and the value every ${singular(str(p.objectType))} holds in it`,
  },
  "hubspot:User": {
    section: "owners",
    scope: () => undefined,
    subject: (p) => `Owner ${str(p.email)}`,
    summary: (p) => str(p.role),
    fields: [
      { key: "firstName", label: "first name", format: quote },
      { key: "lastName", label: "last name", format: quote },
      { key: "role", label: "role" },
    ],
    deleteDanger: (p) => {
      const records = p.records as OwnerRecords | undefined;
      if (records?.stops) return `owns ${records.owned}: the apply stops before any write; say where they go with ${retireHint(str(p.email))}`;
      return "removes the user from HubSpot; the apply stops before any write, with the counts, if they still own contacts, companies, " +
        `deals or tickets: say where those go with ${retireHint(str(p.email))}`;
    },
    updateAs: (_old, next, out) => {
      const to = (next.retired as { reassignTo?: string[] } | undefined)?.reassignTo;
      if (to === undefined) return false;
      const records = next.records as OwnerRecords | undefined;
      out.removed(`Owner ${str(next.email)} retired: their ${records ? records.owned : "records"} move to ${to.join(", ")}, then the user is removed`, {
        danger: "reassigns every contact, company, deal and ticket they own (counted and moved 100 per batch), then removes the user",
      });
      return true;
    },
  },
  "hubspot:Team": {
    section: "teams",
    scope: () => undefined,
    subject: (p) => `Team ${quote(str(p.name))} (${str(p.key)})`,
    summary: (p) => { const m = (p.members as string[] | undefined) ?? []; return m.length === 0 ? "no members" : `members ${m.join(", ")}`; },
    fields: [{ key: "parentTeam", label: "parent team", format: quote }],
    extra: teamChanges,
    deleteDanger: () => "deletes the team in HubSpot: its members stay users, without a team",
  },
};

/** A team's name and who is in it: "renamed to", "member a@x added", "member b@x removed". */
function teamChanges(old: Props, next: Props, out: ScopedChanges): void {
  const subject = `Team ${quote(str(old.name ?? next.name))} (${str(next.key ?? old.key)})`;
  if (old.name !== undefined && next.name !== undefined && old.name !== next.name && !isUnknown(next.name)) {
    out.changed(`${subject} renamed to ${quote(str(next.name))}`);
  }
  if (isUnknown(JSON.stringify(next.members))) return;
  const was = new Set((old.members as string[] | undefined) ?? []);
  const now = new Set((next.members as string[] | undefined) ?? []);
  for (const email of now) if (!was.has(email)) out.added(`${subject} member ${email} added`);
  for (const email of was) if (!now.has(email)) out.removed(`${subject} member ${email} removed from the team (the user stays)`);
}

interface WorkflowNode {
  name: string;
}

interface Definition {
  name?: string;
  nodes?: WorkflowNode[];
  connections?: unknown;
  settings?: unknown;
}

const definitionOf = (p: Props): Definition => (p.definition as Definition | undefined) ?? {};
const workflowName = (p: Props): string => `Workflow ${quote(definitionOf(p).name ?? str(p.key))}`;

/** A stored or desired definition as drift compares it (positions, credential names, server defaults left out). */
function normalized(def: Definition): ComparableWorkflow | undefined {
  if (!Array.isArray(def.nodes) || def.name === undefined) return undefined;
  return comparable({ settings: {}, connections: {}, ...def } as WorkflowDefinition);
}

/** What changed inside a workflow: each node by name, with what changed in it in the blueprint's words. */
function workflowChanges(old: Props, next: Props, out: ScopedChanges): void {
  const subject = workflowName(next);
  if (old.active !== undefined && old.active !== next.active) out.changed(`${subject} now ${next.active ? "active" : "inactive"} (was ${old.active ? "active" : "inactive"})`);
  if (old.tagged === false) out.changed(`${subject} lost its revstack tag in n8n: it is put back`);
  if (isUnknown(JSON.stringify(definitionOf(next)))) {
    out.changed(`${subject} is compiled again once the CRM ids it refers to are known (a pipeline it uses is created or changed): it is rewritten only if they differ`);
    return;
  }
  const was = normalized(definitionOf(old));
  const now = normalized(definitionOf(next));
  if (!was || !now) return;
  const nodes = match(was.nodes, now.nodes, (n) => n.name);
  for (const [name] of nodes.added) out.added(`${subject} node ${quote(name)} added`);
  for (const [name] of nodes.removed) out.removed(`${subject} node ${quote(name)} removed`);
  for (const [name, a, b] of nodes.kept) {
    if (sameData(a, b)) continue;
    for (const line of nodeChanges(a, b)) out.changed(`${subject} node ${quote(name)} changed: ${line}`);
  }
  if (!sameData(was.connections, now.connections)) out.changed(`${subject} connections between nodes changed`);
  if (!sameData(was.settings, now.settings)) {
    out.fields(`${subject} setting`, Object.keys({ ...was.settings, ...now.settings }).map((k) => fieldChange(k, was.settings[k], now.settings[k], show)));
  }
  if (was.name !== now.name) out.changed(`Workflow ${quote(was.name)} renamed to ${quote(now.name)}`);
}

const N8N_RESOURCES: Record<string, Resource> = {
  "n8n:Workflow": {
    section: "automations",
    scope: (p) => (p.key === "routing" || p.key === "sla-timers" ? "n8n: routing and SLA timers" : "n8n: automations"),
    subject: workflowName,
    summary: (p) => `${(definitionOf(p).nodes ?? []).length} nodes, ${p.active ? "active" : "inactive"}`,
    fields: [],
    extra: workflowChanges,
    deleteDanger: () => "the workflow is deleted from n8n: what it automates stops",
  },
  "n8n:Credential": {
    section: "automations",
    scope: () => "n8n: credentials",
    subject: (p) => `Credential ${quote(str(p.name ?? p.key))}`,
    fields: [{ key: "name", label: "name", format: quote }],
    deleteDanger: () => "workflows that call the CRM with it stop working",
  },
};

export const RESOURCES: Record<string, Resource> = { ...HUBSPOT_RESOURCES, ...N8N_RESOURCES };

const INTERNAL = new Set(["__provider", "key", "ownership", "hubspotId", "stageIds", "stageId", "pipelineId", "unmanagedStages", "unmatched", "roleId", "primaryTeamId", "versionId", "tagged", "tag"]);

/** A resource type this table does not know (e.g. a newer provider): its top-level inputs, by name. */
export function genericResource(type: string): Resource {
  const kind = type.split(":").pop() ?? type;
  return {
    section: type.startsWith("n8n:") ? "automations" : "blueprint",
    scope: () => undefined,
    subject: (p) => `${kind} ${quote(str(p.name ?? p.label ?? p.key ?? ""))}`,
    fields: [],
    extra: (old, next, out) => {
      const keys = [...new Set([...Object.keys(old), ...Object.keys(next)])].filter((k) => !INTERNAL.has(k));
      const subject = `${kind} ${quote(str(next.name ?? next.label ?? next.key ?? ""))}`;
      for (const k of keys) {
        if (isUnknown(next[k])) continue;
        const nested = typeof old[k] === "object" || typeof next[k] === "object";
        const change = nested ? (isDeepStrictEqual(old[k], next[k]) ? undefined : `${k} changed`) : fieldChange(k, old[k], next[k], show);
        if (change) out.changed(`${subject} ${change}`);
      }
    },
  };
}
