/** Automations: trigger, filter, actions, on/off. */
import type { Automation, Blueprint } from "../../blueprint/model";
import { action, conditionChanges, conditions, fieldChange, quote, setChange, trigger } from "../../words/describe";
import type { Changes, ScopedChanges } from "../../words/changes";
import { match } from "../../words/keyed";

function summary(a: Automation): string {
  const filter = a.if ? ` if ${conditions(a.if)}` : "";
  return `when ${trigger(a.on)}${filter} → ${a.do.map(action).join("; ")}${a.enabled ? "" : " (disabled)"}`;
}

function actionChanges(before: Automation, after: Automation): string[] {
  const was = before.do.map(action);
  const now = after.do.map(action);
  if (was.join("\n") === now.join("\n")) return [];
  const changes = setChange(was, now, "now also does:", "no longer does:");
  return changes.length > 0 ? changes : [`actions reordered: ${now.join("; ")}`];
}

function diffAutomation(s: ScopedChanges, before: Automation, after: Automation): void {
  const subject = `Automation ${quote(after.key)}`;
  if (before.enabled !== after.enabled) s.changed(`${subject} ${after.enabled ? "enabled" : "disabled"}`);
  s.fields(subject, [
    fieldChange("trigger", trigger(before.on), trigger(after.on)),
    ...conditionChanges("filter", before.if, after.if),
    ...actionChanges(before, after),
    fieldChange("description", before.description, after.description, quote),
  ]);
}

export function diffAutomations(before: Blueprint, after: Blueprint, out: Changes): void {
  const s = out.in("automations");
  const automations = match(before.automations, after.automations);
  for (const [key, a] of automations.added) s.added(`Automation ${quote(key)} added: ${summary(a)}`);
  for (const [key, a] of automations.removed)
    s.removed(`Automation ${quote(key)} removed`, { details: [`was ${summary(a)}`] });
  for (const [, was, now] of automations.kept) diffAutomation(s, was, now);
}
