/**
 * A workflow HubSpot runs (automation v4 flow), declared in the blueprint's words under `hubspotWorkflows.<key>`
 * (the n8n workflows revstack compiles are ./workflow). Natural key: its name. Updates carry the revision the stack
 * last saw, so an edit made in HubSpot meanwhile is refused rather than overwritten; switching one off is a danger.
 */
import type { Blueprint } from "../blueprint/model";
import { KEY_PREFIX } from "../blueprint/object-keys";
import { quote } from "../words/describe";
import type { WorkflowDefinition } from "./hubspot-workflow-flow";
import { hubspotWorkflowDocs } from "./hubspot-workflow.docs";
import { hubspotAutomations } from "./hubspot-workflow-automation";
import {
  allSteps,
  conditionProperties,
  emailsNamed,
  propertiesEnrolledOn,
  propertiesSet,
  stepChanges,
  stepWords,
  triggerWords,
} from "./hubspot-workflow-steps";
import { conditionsText, listKind } from "./list";
import { pipelineKind } from "./pipeline";
import { propertyKind } from "./property";
import { userKind } from "./user";
import type { ChangeSink, PlannedKind, Shown } from "./kind";
import { isUnknown, known } from "./unknown";
import { isDeepStrictEqual } from "node:util";

/** A pipeline the workflow names, with the labels HubSpot knows it and its stages by. */
export interface PipelineRef {
  key: string;
  label: string;
  object: string;
  stages: Array<{ key: string; label: string }>;
}

export interface HubSpotWorkflowInputs {
  /** The blueprint's key under `hubspotWorkflows`. */
  key: string;
  /** Its name in HubSpot: the natural key. */
  name: string;
  enabled: boolean;
  definition: WorkflowDefinition;
  /** The blueprint's pipelines, so the provider finds their ids by label as the pipelines' own provider does. */
  pipelines: PipelineRef[];
  /** The lists it enrolls from (`listJoined`) or tests (`when`), so the provider finds their ids by name. */
  lists?: ListRef[];
  /**
   * The names of the stack's other workflows that are off or gone after this apply (declared off, or deleted by it):
   * switching this one off counts only the workflows that depend on it and stay on (providers/flow.ts).
   */
  alsoOff?: string[];
  /**
   * When this apply switches this workflow off, the others it switches off before it (one after the other, in the
   * blueprint's order): should this one's write fail, the provider switches those back on, so the switch-off is all
   * or nothing.
   */
  offBefore?: string[];
}

/** A list the workflow names, with the name and object HubSpot knows it by. */
export interface ListRef {
  key: string;
  name: string;
  object: string;
}

export interface HubSpotWorkflowOutputs extends HubSpotWorkflowInputs {
  hubspotId: string;
  /** HubSpot's revision of the flow this stack last wrote or read: an update is made from it. */
  revisionId: string;
}

type ShownFlow = Shown<HubSpotWorkflowOutputs>;

/**
 * `any:` of one condition is HubSpot's one AND branch, which reads back as `all:`: said so from the start, the
 * declared words and HubSpot's read the same (no drift that is none).
 */
function oneBranch<W extends { definition: WorkflowDefinition }>(w: W): W {
  const any = w.definition.when && "any" in w.definition.when ? w.definition.when.any : undefined;
  return any?.length === 1 ? { ...w, definition: { ...w.definition, when: { all: any } } } : w;
}

/** The keys of the lists a workflow enrolls from or tests membership of, each once. */
function listsNamed(def: WorkflowDefinition): string[] {
  const when = def.when ? ("all" in def.when && def.when.all ? def.when.all : (def.when.any ?? [])) : [];
  const tested = when.flatMap((c) => ("list" in c ? [c.list] : []));
  return [...new Set(["listJoined" in def.trigger ? [def.trigger.listJoined.list] : [], tested].flat())];
}

function specs(blueprint: Blueprint): HubSpotWorkflowInputs[] {
  const pipelines = Object.entries(blueprint.pipelines).map(([key, p]) => ({
    key,
    label: p.label,
    object: p.object,
    stages: p.stages.map((s) => ({ key: s.key, label: s.label })),
  }));
  const declared = Object.entries(blueprint.hubspotWorkflows ?? {}).map(([key, w]) => {
    const { name, enabled, ...definition } = w;
    return { key, name, enabled, definition };
  });
  const all = [...declared, ...hubspotAutomations(blueprint)].map(oneBranch);
  const off = all.filter((w) => !w.enabled).map((w) => w.name);
  return all.map((w) => {
    const named = listsNamed(w.definition).flatMap((key) => {
      const l = blueprint.lists?.[key];
      return l ? [{ key, name: l.name, object: l.object }] : [];
    });
    const alsoOff = off.filter((name) => name !== w.name);
    return {
      ...w,
      pipelines: pipelines.filter((p) => p.object === w.definition.object),
      ...(named.length ? { lists: named } : {}),
      ...(alsoOff.length ? { alsoOff } : {}),
    };
  });
}

/** A workflow of the stack as its state holds it before this apply. */
export interface FlowBefore {
  name: string;
  enabled: boolean;
  /** This apply deletes it (it left the blueprint, and is not released). */
  deleted: boolean;
}

/**
 * The workflows with what the whole apply does to the stack's workflows, which one workflow's words cannot say: the
 * workflows this apply deletes count as gone for every other's danger check (`alsoOff`), and the workflows it
 * switches off (on before, off now) go off one after the other, each knowing those before it (`offBefore`).
 */
export function inThisApply(flows: HubSpotWorkflowInputs[], before: FlowBefore[]): HubSpotWorkflowInputs[] {
  const same = (a: string) => (b: string) => a.toLowerCase() === b.toLowerCase();
  const deleted = before.filter((b) => b.deleted).map((b) => b.name);
  const wasOn = (name: string) => before.some((b) => !b.deleted && b.enabled && same(b.name)(name));
  const switching = flows.filter((w) => !w.enabled && wasOn(w.name)).map((w) => w.name);
  return flows.map((w) => {
    const alsoOff = [...(w.alsoOff ?? []), ...deleted.filter((d) => !same(d)(w.name))];
    const at = switching.indexOf(w.name);
    return {
      ...w,
      ...(alsoOff.length ? { alsoOff } : {}),
      ...(at > 0 ? { offBefore: switching.slice(0, at) } : {}),
    };
  });
}

const whenWords = (def: WorkflowDefinition): string => (def.when ? conditionsText(def.when) : "(any record)");

const subject = (p: ShownFlow): string => `HubSpot workflow ${quote(String(known(p.name) ?? p.key ?? ""))}`;

/** What stops while a HubSpot workflow is off. */
const OFF = "while it is off, HubSpot enrolls no record in it and runs none of its steps for new records";

function flowChanges(old: ShownFlow, next: ShownFlow, out: ChangeSink): void {
  const name = subject(next);
  if (old.name !== undefined && next.name !== undefined && old.name !== next.name && !isUnknown(next.name))
    out.changed(`HubSpot workflow ${quote(String(old.name))} renamed to ${quote(String(next.name))}`);
  if (old.enabled !== undefined && next.enabled !== undefined && old.enabled !== next.enabled)
    out.changed(`${name} switched ${next.enabled ? "on" : "off"} (was ${old.enabled ? "on" : "off"})`, {
      danger: OFF,
    });
  const was = known(old.definition);
  const now = known(next.definition);
  if (!was || !now) return;
  if (!isDeepStrictEqual(was.trigger, now.trigger))
    out.changed(`${name}: trigger ${triggerWords(was.trigger)} → ${triggerWords(now.trigger)}`);
  if (!isDeepStrictEqual(was.when, now.when))
    out.changed(`${name}: enrolls only when ${whenWords(was)} → ${whenWords(now)}`);
  if ((was.reenroll ?? false) !== (now.reenroll ?? false))
    out.changed(`${name}: re-enrollment ${now.reenroll ? "on" : "off"}`);
  for (const c of stepChanges(was.steps, now.steps)) out[c.kind](`${name}: ${c.line}`);
  if (!isDeepStrictEqual(was.hubspot ?? {}, now.hubspot ?? {})) out.changed(`${name}: HubSpot settings changed`);
}

export const hubspotWorkflowKind: PlannedKind<"hubspotWorkflows", HubSpotWorkflowInputs, HubSpotWorkflowOutputs> = {
  module: "hubspot",
  name: "Flow",
  docs: hubspotWorkflowDocs,
  planned: {
    list: "hubspotWorkflows",
    specs,
    // A first `up` creates what the workflow names before it: HubSpot's ids for them are looked up by the provider.
    after: [
      { kind: pipelineKind, keys: (w) => w.pipelines.map((p) => `${p.object}/${p.label}`) },
      {
        kind: propertyKind,
        keys: (w) =>
          [
            ...propertiesEnrolledOn(w.definition.object, w.definition.trigger),
            ...propertiesSet(w.definition.object, w.definition.steps),
            ...allSteps(w.definition.steps).flatMap((s) => ("branch" in s ? [s.branch.property] : [])),
            ...conditionProperties(w.definition),
          ].map((name) => `${w.definition.object}/${name}`),
      },
      { kind: listKind, keys: (w) => (w.lists ?? []).map((l) => `${l.object}/${l.name}`) },
      { kind: userKind, keys: (w) => emailsNamed(w.definition.steps) },
      // Switched off one after the other, so the one that fails knows which went off before it (inThisApply).
      { kind: { module: "hubspot", name: "Flow" }, keys: (w) => (w.offBefore ?? []).slice(-1) },
    ],
  },
  identity: [],
  fields: [
    { key: "name", label: "name", inExtra: true },
    { key: "enabled", label: "enabled", hubspot: "isEnabled", inExtra: true },
  ],
  alsoUpdatable: ["definition"],
  outputOnly: ["hubspotId", "revisionId", "pipelines", "lists", "alsoOff", "offBefore"],
  naturalKey: { prefix: KEY_PREFIX.flow, word: "HubSpot workflow", of: (i) => i.name },
  describe: (w) => `HubSpot workflow "${w.name}"`,
  words: {
    section: "automations",
    scope: () => "HubSpot workflows",
    subject,
    summary: (p) => {
      const def = known(p.definition);
      const steps = def ? def.steps.map(stepWords).join("; ") : "";
      const only = def?.when ? ` and ${conditionsText(def.when)}` : "";
      return `${p.enabled ? "on" : "off"}${def ? `, when ${triggerWords(def.trigger)}${only}: ${steps || "no steps"}` : ""}`;
    },
    extra: flowChanges,
    deleteDanger: () =>
      "deletes the workflow in HubSpot: records enrolled in it leave it mid-way. HubSpot publishes no count of those " +
      "enrolled; the apply counts the records that meet its enrollment filters now and, while it is on, stops if any do",
  },
};
