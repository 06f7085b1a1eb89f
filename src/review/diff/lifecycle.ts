/** Lifecycle stages, their qualification criteria, and the marketing → sales handoff. */
import type { Blueprint, Lifecycle, LifecycleStage } from "../../blueprint/model";
import { conditionChanges, conditions, fieldChange, quote, setChange } from "../../words/describe";
import type { Changes, ScopedChanges } from "../../words/changes";
import { match, moves } from "../../words/keyed";

type Handoff = NonNullable<Lifecycle["handoff"]>;

const stageName = (s: LifecycleStage): string => quote(s.label ?? s.key);

function criteria(s: LifecycleStage): string {
  const c = s.criteria;
  if (!c) return "";
  const parts = [
    c.score && `score ${c.score.property} ≥ ${c.score.gte}`,
    c.requires?.length && `requires ${c.requires.join(", ")}`,
    c.when && `when ${conditions(c.when)}`,
  ].filter(Boolean);
  return parts.length > 0 ? ` (${parts.join("; ")})` : "";
}

function diffStage(s: ScopedChanges, before: LifecycleStage, after: LifecycleStage): void {
  const was = before.criteria ?? {};
  const now = after.criteria ?? {};
  if ((before.label ?? before.key) !== (after.label ?? after.key))
    s.changed(`Lifecycle stage ${stageName(before)} renamed to ${stageName(after)}`);
  s.fields(`Lifecycle stage ${stageName(after)}`, [
    fieldChange("score threshold", was.score?.gte, now.score?.gte),
    fieldChange("score property", was.score?.property, now.score?.property),
    ...setChange(was.requires, now.requires, "now requires", "no longer requires"),
    ...conditionChanges("condition", was.when, now.when),
  ]);
}

const handoffSummary = (h: Handoff): string => `${h.from} → ${h.to}, accept within ${h.acceptWithin}`;

function diffHandoff(s: ScopedChanges, before: Handoff | undefined, after: Handoff | undefined): void {
  if (!before && after) return s.added(`Handoff added: ${handoffSummary(after)}`);
  if (before && !after) return s.removed(`Handoff removed (was ${handoffSummary(before)})`);
  if (!before || !after) return;
  s.fields("Handoff", [
    before.from !== after.from || before.to !== after.to
      ? `now ${after.from} → ${after.to} (was ${before.from} → ${before.to})`
      : undefined,
    fieldChange("accept within", before.acceptWithin, after.acceptWithin),
    fieldChange("rejection reason property", before.onReject.reasonProperty, after.onReject.reasonProperty),
    fieldChange("rejected leads return to", before.onReject.returnTo, after.onReject.returnTo),
    ...setChange(
      before.onReject.notify,
      after.onReject.notify,
      "rejection now notifies",
      "rejection no longer notifies",
    ),
  ]);
}

export function diffLifecycle(before: Blueprint, after: Blueprint, out: Changes): void {
  const s = out.in("lifecycle");
  const was = before.lifecycle;
  const now = after.lifecycle;
  if (!was && now) s.added(`Lifecycle added with stages ${now.stages.map((x) => x.label ?? x.key).join(", ")}`);
  if (was && !now) s.removed(`Lifecycle removed (was stages ${was.stages.map((x) => x.label ?? x.key).join(", ")})`);
  if (!was || !now) return;
  const stages = match(was.stages, now.stages);
  for (const [, stage] of stages.added)
    s.added(`Lifecycle stage ${stageName(stage)} added at position ${now.stages.indexOf(stage) + 1}${criteria(stage)}`);
  for (const [, stage] of stages.removed) s.removed(`Lifecycle stage ${stageName(stage)} removed`);
  for (const [, a, b] of stages.kept) diffStage(s, a, b);
  const nameOf = (key: string) => stageName(now.stages.find((x) => x.key === key)!);
  for (const move of moves(
    was.stages.map((x) => x.key),
    now.stages.map((x) => x.key),
  )) {
    s.changed(
      `Lifecycle stage ${nameOf(move.key)} moved ${move.after ? `after ${nameOf(move.after)}` : "to the start"}`,
    );
  }
  diffHandoff(s, was.handoff, now.handoff);
}
