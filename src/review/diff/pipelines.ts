/**
 * What a pipeline's stages mean to revstack beyond HubSpot's fields: whether a stage is closed won or lost (reports),
 * the fields it requires and its stall timer (automations). HubSpot's side of pipelines and stages (labels,
 * probabilities, order, which stages exist) is the pipeline and stage kinds' (src/kinds), worded by the review.
 */
import type { Blueprint, Stage } from "../../blueprint/model";
import { fieldChange, quote, setChange } from "../../words/describe";
import { pipelineScope } from "../../kinds/pipeline";
import type { Changes } from "../../words/changes";
import { match } from "../../words/keyed";

const closedState = (closed: Stage["closed"]): string => (closed ? `closed ${closed}` : "open");

export function diffPipelines(before: Blueprint, after: Blueprint, out: Changes): void {
  for (const [key, was, now] of match(before.pipelines, after.pipelines).kept) {
    const s = out.in("pipelines", pipelineScope(now.label, key));
    for (const [, a, b] of match(was.stages, now.stages).kept) {
      s.fields(`Stage ${quote(b.label)}`, [
        a.closed !== b.closed ? `now ${closedState(b.closed)} (was ${closedState(a.closed)})` : undefined,
        ...setChange(a.requires, b.requires, "now requires", "no longer requires"),
        fieldChange("stalled after", a.stalledAfter, b.stalledAfter),
      ]);
    }
  }
}
