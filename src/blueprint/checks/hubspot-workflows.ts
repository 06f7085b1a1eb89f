/**
 * HubSpot workflows (`hubspotWorkflows:`): the pipelines, stages, lists and people they name are the blueprint's,
 * so the provider finds HubSpot's ids for them at apply (a name it cannot find would stop the apply half-way).
 */
import { formatPath, type PathSegment } from "../diagnostics";
import type { FlowStep, FlowTrigger, RuleConditionGroup } from "../model";
import { untestableConditions } from "../../kinds/hubspot-workflow-automation";
import type { FlowObject } from "../../kinds/hubspot-workflow-flow";
import { checkConditions } from "./conditions";
import type { Check, CheckContext } from "./context";
import { expectKnown } from "./names";

/** A pipeline and stage the workflow names (entered, or moved to): the blueprint's, of the workflow's object. */
function checkStage(c: CheckContext, path: PathSegment[], object: string, pipeline: string, stage: string): void {
  const pipelines = Object.entries(c.blueprint.pipelines).filter(([, p]) => p.object === object);
  const where = `among the ${object} pipelines declared under pipelines`;
  if (
    !expectKnown(
      c.findings,
      [...path, "pipeline"],
      pipeline,
      pipelines.map(([k]) => k),
      "pipeline",
      where,
    )
  )
    return;
  const stages = c.blueprint.pipelines[pipeline].stages.map((s) => s.key);
  expectKnown(c.findings, [...path, "stage"], stage, stages, "stage", `in pipeline ${pipeline}`);
}

function checkTrigger(c: CheckContext, at: PathSegment[], object: string, trigger: FlowTrigger): void {
  if ("stageEntered" in trigger) {
    const { pipeline, stage } = trigger.stageEntered;
    checkStage(c, [...at, "stageEntered"], object, pipeline, stage);
  }
  if ("listJoined" in trigger) {
    const lists = Object.entries(c.blueprint.lists ?? {}).filter(([, l]) => l.object === object);
    const where = `among the ${object} lists declared under lists`;
    expectKnown(
      c.findings,
      [...at, "listJoined", "list"],
      trigger.listJoined.list,
      lists.map(([k]) => k),
      "list",
      where,
    );
  }
}

function checkSteps(c: CheckContext, at: PathSegment[], object: string, steps: FlowStep[]): void {
  const owners = [...c.names.owners.keys()];
  const person = (path: PathSegment[], email: string) => expectKnown(c.findings, path, email, owners, "owner");
  steps.forEach((step, i) => {
    const path = [...at, i];
    if ("assignOwner" in step) person([...path, "assignOwner"], step.assignOwner);
    if ("moveStage" in step)
      checkStage(c, [...path, "moveStage"], object, step.moveStage.pipeline, step.moveStage.stage);
    if ("rotateOwner" in step) step.rotateOwner.forEach((e, j) => person([...path, "rotateOwner", j], e));
    if ("notify" in step) step.notify.to.forEach((e, j) => person([...path, "notify", "to", j], e));
    if ("branch" in step) {
      for (const [value, inner] of Object.entries(step.branch.cases))
        checkSteps(c, [...path, "branch", "cases", value], object, inner);
      checkSteps(c, [...path, "branch", "otherwise"], object, step.branch.otherwise ?? []);
    }
  });
}

/** The enrollment conditions (`when`): each as every condition is checked, then as HubSpot's filters can test it. */
function checkWhen(c: CheckContext, at: PathSegment[], object: FlowObject, when: RuleConditionGroup | undefined): void {
  const before = c.findings.diagnostics.length;
  checkConditions(c, at, when, object);
  // One error at a place: a condition already refused for its property's type is not refused twice.
  const said = c.findings.pathsSince(before);
  for (const u of untestableConditions(c.blueprint, object, when))
    if (!said.has(formatPath([...at, ...u.at]))) c.findings.error([...at, ...u.at], u.why);
}

export const checkHubSpotWorkflows: Check = (c) => {
  for (const [key, w] of Object.entries(c.blueprint.hubspotWorkflows ?? {})) {
    checkTrigger(c, ["hubspotWorkflows", key, "trigger"], w.object, w.trigger);
    checkWhen(c, ["hubspotWorkflows", key, "when"], w.object, w.when);
    checkSteps(c, ["hubspotWorkflows", key, "steps"], w.object, w.steps);
  }
};
