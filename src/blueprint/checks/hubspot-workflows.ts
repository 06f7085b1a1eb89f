/**
 * HubSpot workflows (`hubspotWorkflows:`): the pipelines, stages, lists and people they name are the blueprint's,
 * so the provider finds HubSpot's ids for them at apply (a name it cannot find would stop the apply half-way).
 */
import type { PathSegment } from "../diagnostics";
import type { FlowStep, FlowTrigger } from "../model";
import type { Check, CheckContext } from "./context";
import { expectKnown } from "./names";

function checkTrigger(c: CheckContext, at: PathSegment[], object: string, trigger: FlowTrigger): void {
  if ("stageEntered" in trigger) {
    const { pipeline, stage } = trigger.stageEntered;
    const pipelines = Object.entries(c.blueprint.pipelines).filter(([, p]) => p.object === object);
    const path = [...at, "stageEntered"];
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

function checkSteps(c: CheckContext, at: PathSegment[], steps: FlowStep[]): void {
  const owners = [...c.names.owners.keys()];
  const person = (path: PathSegment[], email: string) => expectKnown(c.findings, path, email, owners, "owner");
  steps.forEach((step, i) => {
    const path = [...at, i];
    if ("assignOwner" in step) person([...path, "assignOwner"], step.assignOwner);
    if ("rotateOwner" in step) step.rotateOwner.forEach((e, j) => person([...path, "rotateOwner", j], e));
    if ("notify" in step) step.notify.to.forEach((e, j) => person([...path, "notify", "to", j], e));
    if ("branch" in step) {
      for (const [value, inner] of Object.entries(step.branch.cases))
        checkSteps(c, [...path, "branch", "cases", value], inner);
      checkSteps(c, [...path, "branch", "otherwise"], step.branch.otherwise ?? []);
    }
  });
}

export const checkHubSpotWorkflows: Check = (c) => {
  for (const [key, w] of Object.entries(c.blueprint.hubspotWorkflows ?? {})) {
    checkTrigger(c, ["hubspotWorkflows", key, "trigger"], w.object, w.trigger);
    checkSteps(c, ["hubspotWorkflows", key, "steps"], w.steps);
  }
};
