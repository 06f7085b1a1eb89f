/**
 * How a HubSpot workflow's steps read in a review: each step by its name (or what it does), and what changed
 * between two versions step by step — "delay 2d → 3d", "action 'Send internal email' added after 'Set
 * lifecycle stage'" — aligned by their names so an insertion reads as one step added, not every later step changed.
 */
import { isDeepStrictEqual } from "node:util";
import { quote } from "../words/describe";
import { pipelineProperties } from "../clients/hubspot";
import type { RuleConditionGroup } from "../blueprint/model";
import type { Step, Trigger } from "./hubspot-workflow-flow";

/** What a step is called in a review: its `name`, else what it does. */
export function stepLabel(step: Step): string {
  if (step.name) return step.name;
  if ("delay" in step) return "Delay";
  if ("setProperty" in step) return `Set ${step.setProperty.property}`;
  if ("assignOwner" in step) return "Assign owner";
  if ("rotateOwner" in step) return "Rotate owner";
  if ("createTask" in step) return "Create task";
  if ("moveStage" in step) return "Move stage";
  if ("notify" in step) return "Send internal email";
  if ("branch" in step) return `Branch on ${step.branch.property}`;
  return `HubSpot action ${String(step.hubspot.actionTypeId ?? step.hubspot.type)}`;
}

/** What a step does, in a line. */
export function stepWords(step: Step): string {
  if ("delay" in step) return `delay ${step.delay}`;
  if ("setProperty" in step) return `set ${step.setProperty.property} to ${quote(step.setProperty.value)}`;
  if ("assignOwner" in step) return `assign owner ${step.assignOwner}`;
  if ("rotateOwner" in step) return `rotate owner among ${step.rotateOwner.join(", ")}`;
  if ("createTask" in step) {
    const { title, due, priority } = step.createTask;
    return `create task ${quote(title)}${due ? ` due in ${due}` : ""}${priority ? `, priority ${priority}` : ""}`;
  }
  if ("moveStage" in step) return `move to stage ${step.moveStage.pipeline}/${step.moveStage.stage}`;
  if ("notify" in step) return `internal email ${quote(step.notify.subject)} to ${step.notify.to.join(", ")}`;
  if ("branch" in step)
    return `branch on ${step.branch.property}: ${Object.keys(step.branch.cases).map(quote).join(", ")}${step.branch.otherwise ? ", otherwise" : ""}`;
  return `HubSpot action ${JSON.stringify(step.hubspot)}`;
}

export function triggerWords(t: Trigger): string {
  if ("stageEntered" in t) return `stage entered ${t.stageEntered.pipeline}/${t.stageEntered.stage}`;
  if ("propertyChanged" in t)
    return `${t.propertyChanged.property} ${t.propertyChanged.value === undefined ? "set" : `becomes ${quote(t.propertyChanged.value)}`}`;
  if ("listJoined" in t) return `joins list ${t.listJoined.list}`;
  if ("manual" in t) return "manual enrollment";
  return `HubSpot enrollment ${JSON.stringify(t.hubspot)}`;
}

/** Every step, those in branches included. */
export function allSteps(steps: Step[]): Step[] {
  return steps.flatMap((s) =>
    "branch" in s
      ? [s, ...Object.values(s.branch.cases).flatMap(allSteps), ...allSteps(s.branch.otherwise ?? [])]
      : [s],
  );
}

/** The people a workflow's steps name, by email (assigned, rotated among, emailed). */
export function emailsNamed(steps: Step[]): string[] {
  const emails = allSteps(steps).flatMap((s) =>
    "assignOwner" in s ? [s.assignOwner] : "rotateOwner" in s ? s.rotateOwner : "notify" in s ? s.notify.to : [],
  );
  return [...new Set(emails)];
}

/** The property a stage lives in, per object: what entering a stage changes. */
export const stageProperty = (object: string): string => pipelineProperties(object).stage;

/** The properties a workflow's steps write (set, stage moved, owner assigned or rotated). */
export function propertiesSet(object: string, steps: Step[]): string[] {
  const names = allSteps(steps).flatMap((s) =>
    "setProperty" in s
      ? [s.setProperty.property]
      : "moveStage" in s
        ? [stageProperty(object)]
        : "assignOwner" in s || "rotateOwner" in s
          ? ["hubspot_owner_id"]
          : [],
  );
  return [...new Set(names)];
}

/** The properties a workflow's `when` conditions test. */
export function conditionProperties(def: { when?: RuleConditionGroup }): string[] {
  const group = def.when;
  const conditions = group ? ("all" in group && group.all ? group.all : (group.any ?? [])) : [];
  return [...new Set(conditions.flatMap((c) => ("property" in c ? [c.property] : [])))];
}

/** The properties a workflow's trigger enrolls on. */
export function propertiesEnrolledOn(object: string, trigger: Trigger): string[] {
  if ("propertyChanged" in trigger) return [trigger.propertyChanged.property];
  if ("stageEntered" in trigger) return [stageProperty(object)];
  return [];
}

/** Pairs of indexes of the longest common run of labels (old index, new index). */
function alignment(a: string[], b: string[]): Array<[number, number]> {
  const lcs = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--)
    for (let j = b.length - 1; j >= 0; j--)
      lcs[i][j] = a[i] === b[j] ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
  const pairs: Array<[number, number]> = [];
  for (let i = 0, j = 0; i < a.length && j < b.length;) {
    if (a[i] === b[j]) pairs.push([i++, j++]);
    else if (lcs[i + 1][j] >= lcs[i][j + 1]) i++;
    else j++;
  }
  return pairs;
}

export interface StepChange {
  kind: "added" | "removed" | "changed";
  line: string;
}

/** Every step added, removed or changed from `was` to `now`, in words; `where` names a branch's path. */
export function stepChanges(was: Step[], now: Step[], where = ""): StepChange[] {
  const pairs = alignment(was.map(stepLabel), now.map(stepLabel));
  const keptOld = new Set(pairs.map(([i]) => i));
  const keptNew = new Set(pairs.map(([, j]) => j));
  const out: StepChange[] = [];
  was.forEach((s, i) => {
    if (!keptOld.has(i)) out.push({ kind: "removed", line: `action ${quote(stepLabel(s))}${where} removed` });
  });
  now.forEach((s, j) => {
    if (keptNew.has(j)) return;
    const after = j === 0 ? "at the start" : `after ${quote(stepLabel(now[j - 1]))}`;
    out.push({ kind: "added", line: `action ${quote(stepLabel(s))} added${where} ${after}` });
  });
  for (const [i, j] of pairs) {
    const [a, b] = [was[i], now[j]];
    if (isDeepStrictEqual(a, b)) continue;
    if ("branch" in a && "branch" in b && a.branch.property === b.branch.property) {
      const cases = [...new Set([...Object.keys(a.branch.cases), ...Object.keys(b.branch.cases)])];
      for (const value of cases)
        out.push(
          ...stepChanges(
            a.branch.cases[value] ?? [],
            b.branch.cases[value] ?? [],
            `${where} in branch ${a.branch.property} = ${quote(value)}`,
          ),
        );
      out.push(...stepChanges(a.branch.otherwise ?? [], b.branch.otherwise ?? [], `${where} in branch otherwise`));
      continue;
    }
    if ("delay" in a && "delay" in b && !a.name) {
      out.push({ kind: "changed", line: `${where ? `${where.trim()}: ` : ""}delay ${a.delay} → ${b.delay}` });
      continue;
    }
    out.push({ kind: "changed", line: `action ${quote(stepLabel(b))}${where}: ${stepWords(a)} → ${stepWords(b)}` });
  }
  return out;
}
