/** Routing rules: order (first match wins), conditions, assignment, SLA, and whether a fallback remains. */
import type { Assign, Blueprint, RoutingRule, Sla } from "../blueprint/model";
import { assignment, conditionChanges, conditions, fieldChange, quote, setChange } from "./describe";
import type { Changes, ScopedChanges } from "./changes";
import { match, moves } from "./keyed";

const isFallback = (rule: RoutingRule): boolean => rule.when === undefined;

function assignChange(before: Assign, after: Assign): string | undefined {
  const who = (a: Assign) => (a.owner ? `owner ${a.owner}` : `team ${a.team}`);
  if (who(before) === who(after)) return undefined;
  const sameKind = (before.owner === undefined) === (after.owner === undefined);
  return `now assigns ${who(after)} (was ${sameKind ? (before.owner ?? before.team) : who(before)})`;
}

function slaSummary(sla: Sla): string {
  return `first touch ${sla.firstTouch}${sla.businessHours ? " in business hours" : ""}`;
}

function slaChanges(before: Sla | undefined, after: Sla | undefined): Array<string | undefined> {
  if (!before && after) return [`SLA added: ${slaSummary(after)}`];
  if (before && !after) return [`SLA removed (was ${slaSummary(before)})`];
  if (!before || !after) return [];
  const was = before.onBreach ?? {};
  const now = after.onBreach ?? {};
  return [
    fieldChange("SLA first touch", before.firstTouch, after.firstTouch),
    before.businessHours !== after.businessHours
      ? `SLA now counts ${after.businessHours ? "business hours" : "calendar time"} (was ${before.businessHours ? "business hours" : "calendar time"})`
      : undefined,
    fieldChange("on breach escalates to", was.escalateTo, now.escalateTo),
    fieldChange("on breach reassigns to", was.reassignTo, now.reassignTo),
    ...setChange(was.notify, now.notify, "on breach now notifies", "on breach no longer notifies"),
    fieldChange("on breach message", was.message, now.message, quote),
  ];
}

function whenChanges(before: RoutingRule, after: RoutingRule): string[] {
  if (isFallback(before) && isFallback(after)) return [];
  if (isFallback(after)) return [`now matches every lead: it is the fallback (was when ${conditions(before.when)})`];
  if (isFallback(before)) return [`no longer a fallback: now only when ${conditions(after.when)}`];
  return conditionChanges("condition", before.when, after.when);
}

function diffRule(s: ScopedChanges, before: RoutingRule, after: RoutingRule): void {
  s.fields(`Routing rule ${quote(after.key)}`, [
    ...whenChanges(before, after),
    assignChange(before.assign, after.assign),
    fieldChange("strategy", before.assign.strategy, after.assign.strategy),
    ...slaChanges(before.sla, after.sla),
    fieldChange("description", before.description, after.description, quote),
  ]);
}

function ruleSummary(rule: RoutingRule): string {
  const when = isFallback(rule) ? "every remaining lead" : `when ${conditions(rule.when)}`;
  return `${when} → ${assignment(rule.assign)}${rule.sla ? `, ${slaSummary(rule.sla)}` : ""}`;
}

export function diffRouting(before: Blueprint, after: Blueprint, out: Changes): void {
  const s = out.in("routing");
  const rules = match(before.routing, after.routing);
  for (const [key, rule] of rules.added) {
    s.added(`Routing rule ${quote(key)} added at position ${after.routing.indexOf(rule) + 1}: ${ruleSummary(rule)}`);
  }
  for (const [key, rule] of rules.removed) {
    s.removed(
      `Routing rule ${quote(key)} removed${isFallback(rule) ? "" : ": its leads go to the next rule that matches"}`,
      {
        details: [`was ${ruleSummary(rule)}`],
      },
    );
  }
  for (const [, was, now] of rules.kept) diffRule(s, was, now);
  for (const move of moves(
    before.routing.map((r) => r.key),
    after.routing.map((r) => r.key),
  )) {
    s.changed(
      `Routing rule ${quote(move.key)} now evaluated ${move.after ? `after ${quote(move.after)}` : "first"} (first match wins)`,
    );
  }
  const fallback = before.routing.find(isFallback);
  if (fallback && !after.routing.some(isFallback)) {
    s.removed("Routing has no fallback rule any more", {
      details: [`${quote(fallback.key)} caught every lead no other rule matched`],
      danger: "leads that match no rule stay unassigned",
    });
  }
}
