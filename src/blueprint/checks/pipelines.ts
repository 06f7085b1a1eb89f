/** Pipelines: HubSpot's rules for stages and probabilities, and where deals go when a stage disappears. */
import { PathSegment } from "../diagnostics";
import type { Pipeline, Stage } from "../model";
import type { Check, CheckContext } from "./context";
import { expectKnown, expectProperty } from "./names";

const STEP = 0.1;

function onStep(probability: number): boolean {
  return Math.abs(probability / STEP - Math.round(probability / STEP)) < 1e-9;
}

function probabilityProblem(stage: Stage): string | undefined {
  const p = stage.probability;
  if (p === undefined) return "deal stages need a probability between 0.0 and 1.0 (HubSpot requires it)";
  if (!onStep(p)) {
    const lower = Math.floor(p / STEP) / 10;
    return `probability ${p} is not accepted by HubSpot: use steps of 0.1 (${lower.toFixed(1)} or ${(lower + STEP).toFixed(1)})`;
  }
  if (stage.closed === "won" && p !== 1) return `a closed-won stage must have probability 1.0, found ${p}`;
  if (stage.closed === "lost" && p !== 0) return `a closed-lost stage must have probability 0.0, found ${p}`;
  if (!stage.closed && p === 1)
    return "an open stage cannot have probability 1.0: HubSpot counts it as closed won (add closed: won or lower it)";
  if (!stage.closed && p === 0)
    return "an open stage cannot have probability 0.0: HubSpot counts it as closed lost (add closed: lost or raise it)";
  return undefined;
}

/**
 * A custom object's pipeline: its object is one of the blueprint's custom objects, and its stages say nothing HubSpot
 * keeps for a custom object's stage (a probability is a deal's, a closed state a deal's or a ticket's).
 */
function checkCustomObjectPipeline(c: CheckContext, key: string, pipeline: Pipeline): void {
  const path: PathSegment[] = ["pipelines", key];
  const custom = Object.keys(c.blueprint.customObjects ?? {});
  const known = ["deals", "tickets", ...custom];
  if (
    !expectKnown(
      c.findings,
      [...path, "object"],
      pipeline.object,
      known,
      "object",
      "(deals, tickets or a key of customObjects:)",
    )
  )
    return;
  pipeline.stages.forEach((stage, i) => {
    for (const field of ["probability", "closed"] as const)
      if (stage[field] !== undefined)
        c.findings.error(
          [...path, "stages", i, field],
          `a ${pipeline.object} stage has no ${field}: HubSpot keeps one for deal stages${field === "closed" ? " and ticket stages" : ""} only`,
        );
  });
}

function checkClosedStages(c: CheckContext, key: string, pipeline: Pipeline): void {
  const path: PathSegment[] = ["pipelines", key];
  const won = pipeline.stages.flatMap((s, i) => (s.closed === "won" ? [i] : []));
  const lost = pipeline.stages.flatMap((s, i) => (s.closed === "lost" ? [i] : []));
  if (pipeline.object === "tickets") {
    if (won.length + lost.length === 0)
      c.findings.error(
        [...path, "stages"],
        `ticket pipeline ${key} has no closed stage: mark at least one stage closed: won or closed: lost`,
      );
    return;
  }
  if (won.length === 0)
    c.findings.error(
      [...path, "stages"],
      `pipeline ${key} has no closed-won stage: mark exactly one stage closed: won`,
    );
  for (const i of won.slice(1)) {
    c.findings.error(
      [...path, "stages", i, "closed"],
      `pipeline ${key} has more than one closed-won stage (${won.map((w) => pipeline.stages[w].key).join(", ")}): exactly one is allowed`,
    );
  }
  if (lost.length === 0)
    c.findings.error(
      [...path, "stages"],
      `pipeline ${key} has no closed-lost stage: mark at least one stage closed: lost`,
    );
}

function checkStages(c: CheckContext, key: string, pipeline: Pipeline): void {
  const labels = new Map<string, string>();
  pipeline.stages.forEach((stage, i) => {
    const path: PathSegment[] = ["pipelines", key, "stages", i];
    if (pipeline.object === "deals") {
      const problem = probabilityProblem(stage);
      if (problem) c.findings.error([...path, stage.probability === undefined ? "key" : "probability"], problem);
    } else if (stage.probability !== undefined && pipeline.object === "tickets") {
      c.findings.warn([...path, "probability"], "probability is ignored for ticket stages");
    }
    if (stage.closed && stage.stalledAfter)
      c.findings.warn(
        [...path, "stalledAfter"],
        "stalledAfter is ignored on a closed stage: nothing stalls once closed",
      );
    const label = stage.label.trim().toLowerCase();
    const other = labels.get(label);
    if (other)
      c.findings.error(
        [...path, "label"],
        `stage label "${stage.label}" is already used by stage ${other}: HubSpot requires unique labels within a pipeline`,
      );
    else labels.set(label, stage.key);
    (stage.requires ?? []).forEach((property, j) =>
      expectProperty(c.findings, c.names, [...path, "requires", j], pipeline.object, property),
    );
  });
}

function checkRetired(c: CheckContext, key: string, pipeline: Pipeline): void {
  const live = c.names.stages(key);
  (pipeline.retiredStages ?? []).forEach((retired, i) => {
    const path: PathSegment[] = ["pipelines", key, "retiredStages", i];
    if (live.has(retired.key))
      c.findings.error([...path, "key"], `stage ${retired.key} is listed as retired but is still in stages`);
    expectKnown(c.findings, [...path, "moveTo"], retired.moveTo, live, "stage", `in pipeline ${key}`);
  });
  // A stage removed by a child blueprint still holds deals in every account the base was applied to.
  const retired = new Set((pipeline.retiredStages ?? []).map((r) => r.key));
  for (const removal of c.input.removals) {
    if (removal.path.join("/") !== `pipelines/${key}/stages` || retired.has(removal.key)) continue;
    c.findings.report(
      removal.loc,
      "error",
      `stage ${removal.key} of pipeline ${key} is removed but its ${pipeline.object} have nowhere to go: ` +
        `add retiredStages: [{ key: ${removal.key}, moveTo: <stage> }] to pipeline ${key}`,
      ["pipelines", key, "stages"],
    );
  }
}

export const checkPipelines: Check = (c) => {
  const labels = new Map<string, string>();
  for (const [key, pipeline] of Object.entries(c.blueprint.pipelines)) {
    if (pipeline.object === "deals" || pipeline.object === "tickets") checkClosedStages(c, key, pipeline);
    else checkCustomObjectPipeline(c, key, pipeline);
    checkStages(c, key, pipeline);
    checkRetired(c, key, pipeline);
    const label = `${pipeline.object}:${pipeline.label.trim().toLowerCase()}`;
    const other = labels.get(label);
    if (other)
      c.findings.error(
        ["pipelines", key, "label"],
        `pipeline label "${pipeline.label}" is already used by pipeline ${other}: HubSpot requires unique labels per object`,
      );
    else labels.set(label, key);
  }
  for (const removal of c.input.removals) {
    if (removal.path.join("/") !== "pipelines") continue;
    c.findings.report(
      removal.loc,
      "warning",
      `removing pipeline ${removal.key} deletes it from the CRM: move or close its records first`,
      ["pipelines", removal.key],
    );
  }
};
