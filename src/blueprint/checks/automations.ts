/** Automations: triggers and actions refer to real pipelines, stages, rules, owners and properties. */
import { didYouMean, formatPath, PathSegment } from "../diagnostics";
import type { Action, Automation, CrmObject, RecordObject, Trigger } from "../model";
import { CrmObject as StandardObjects } from "../crm-objects";
import { isBuiltinPipeline, pipelineNamed } from "./builtin-pipelines";
import { notInHubSpot } from "../../kinds/hubspot-workflow-automation";
import { checkConditions } from "./conditions";
import type { Check, CheckContext } from "./context";
import { expectKnown, expectNotifyTargets, expectProperty, isStandardObject } from "./names";

const CRON = /^(\S+\s+){4}\S+$/;

/** Checks a pipeline (and optionally a stage of it); returns the pipeline's object when it exists. */
function pipelineStage(c: CheckContext, path: PathSegment[], pipeline: string, stage?: string): CrmObject | undefined {
  if (!expectKnown(c.findings, [...path, "pipeline"], pipeline, c.names.pipelines, "pipeline")) return undefined;
  if (stage !== undefined)
    expectKnown(c.findings, [...path, "stage"], stage, c.names.stages(pipeline), "stage", `in pipeline ${pipeline}`);
  return pipelineNamed(c.blueprint, pipeline)?.object;
}

/** A trigger's object: a standard one or a key of customObjects:; undefined (and an error at `path`) otherwise. */
function recordObject(c: CheckContext, path: PathSegment[], object: string): RecordObject | undefined {
  if (isStandardObject(object)) return object;
  const known = [...StandardObjects.options, ...Object.keys(c.blueprint.customObjects ?? {})];
  return expectKnown(
    c.findings,
    path,
    object,
    known,
    "object",
    "(contacts, companies, deals, tickets or a key of customObjects:)",
  )
    ? object
    : undefined;
}

/** The object the automation acts on, when the trigger says. */
function checkTrigger(c: CheckContext, path: PathSegment[], on: Trigger): RecordObject | undefined {
  if (on.recordCreated) return recordObject(c, [...path, "recordCreated", "object"], on.recordCreated.object);
  if (on.propertyChanged) {
    const at = [...path, "propertyChanged"];
    if (!recordObject(c, [...at, "object"], on.propertyChanged.object)) return undefined;
    expectProperty(
      c.findings,
      c.names,
      [...path, "propertyChanged", "property"],
      on.propertyChanged.object,
      on.propertyChanged.property,
    );
    return on.propertyChanged.object;
  }
  if (on.stageEntered)
    return pipelineStage(c, [...path, "stageEntered"], on.stageEntered.pipeline, on.stageEntered.stage);
  if (on.stageStalled) {
    const at = [...path, "stageStalled"];
    const object = pipelineStage(c, at, on.stageStalled.pipeline, on.stageStalled.stage);
    const stages = pipelineNamed(c.blueprint, on.stageStalled.pipeline)?.stages ?? [];
    const watched = stages.filter(
      (s) => (on.stageStalled!.stage === undefined || s.key === on.stageStalled!.stage) && s.stalledAfter,
    );
    // A stage typo is already reported above; "nothing can stall" would be a second error for the same typo.
    const stageKnown = on.stageStalled.stage === undefined || stages.some((s) => s.key === on.stageStalled!.stage);
    if (object && stageKnown && watched.length === 0) {
      const hint = isBuiltinPipeline(c.blueprint, on.stageStalled.pipeline)
        ? ` (pipeline ${on.stageStalled.pipeline} is HubSpot's default: declare it under pipelines to give its stages one)`
        : "";
      c.findings.error(at, `nothing can stall here: no stage it watches has stalledAfter${hint}`);
    }
    return object;
  }
  if (on.listJoined) {
    const at = [...path, "listJoined", "list"];
    const list = c.blueprint.lists?.[on.listJoined.list];
    if (!expectKnown(c.findings, at, on.listJoined.list, Object.keys(c.blueprint.lists ?? {}), "list"))
      return undefined;
    // Its members are polled as contacts: another object's list would name records the actions read as contacts.
    if (list!.object !== "contacts")
      c.findings.error(at, `list ${on.listJoined.list} segments ${list!.object}: listJoined watches contact lists`);
    return "contacts";
  }
  if (on.slaBreached) {
    const rule = on.slaBreached.rule;
    const at = [...path, "slaBreached"];
    if (rule !== undefined && expectKnown(c.findings, [...at, "rule"], rule, c.names.rules, "routing rule")) {
      if (!c.blueprint.routing.find((r) => r.key === rule)?.sla)
        c.findings.error([...at, "rule"], `routing rule ${rule} has no sla, so it can never be breached`);
    } else if (rule === undefined && !c.blueprint.routing.some((r) => r.sla)) {
      c.findings.error(at, "no routing rule has an sla, so slaBreached can never fire");
    }
    return "contacts";
  }
  if (on.schedule) {
    const { cron, every } = on.schedule;
    if ((cron === undefined) === (every === undefined))
      c.findings.error([...path, "schedule"], "schedule needs exactly one of cron or every");
    if (cron !== undefined && !CRON.test(cron.trim()))
      c.findings.error(
        [...path, "schedule", "cron"],
        `expected a cron expression with 5 fields (minute hour day month weekday), found "${cron}"`,
      );
  }
  return undefined;
}

/**
 * What an action cannot do to a custom object's record: it has no owner (HubSpot gives a custom object none unless its
 * schema declares one), no pipeline in revstack, and no fixed association type to hang a task on.
 */
function customRecordProblem(action: Action): [string, string] | undefined {
  if (action.assignOwner) return ["assignOwner", "a custom object's records have no owner to assign"];
  if (action.moveStage) return ["moveStage", "a custom object's records have no pipeline in revstack"];
  if (action.createTask)
    return ["createTask", "revstack associates tasks with contacts, companies, deals and tickets only"];
  if (action.notify?.to.some((t) => ["owner", "manager", "backup"].includes(t)))
    return ["notify", "a custom object's records have no owner, so owner, manager and backup reach nobody"];
  return undefined;
}

function checkAction(c: CheckContext, path: PathSegment[], action: Action, object: RecordObject | undefined): void {
  const { findings, names } = c;
  const custom = object !== undefined && !isStandardObject(object) && customRecordProblem(action);
  if (custom) findings.error([...path, custom[0]], `${custom[1]} (the automation acts on ${object} records)`);
  if (action.assignOwner) {
    const { team, owner } = action.assignOwner;
    const at = [...path, "assignOwner"];
    if ((team === undefined) === (owner === undefined))
      findings.error(at, "assignOwner needs exactly one of team or owner");
    if (team !== undefined) expectKnown(findings, [...at, "team"], team, names.teams, "team");
    if (owner !== undefined) expectKnown(findings, [...at, "owner"], owner, names.owners.keys(), "owner");
  } else if (action.createTask) {
    const who = action.createTask.for;
    const roles = ["owner", "manager", "backup"];
    if (!roles.includes(who) && !names.owners.has(who)) {
      findings.error(
        [...path, "createTask", "for"],
        `a task is for owner, manager, backup or an owner's email, found "${who}"${didYouMean(who, [...roles, ...names.owners.keys()])}`,
      );
    }
  } else if (action.notify) {
    expectNotifyTargets(findings, names, [...path, "notify", "to"], action.notify.to);
  } else if (action.setProperty && object) {
    expectProperty(findings, names, [...path, "setProperty", "property"], object, action.setProperty.property);
  } else if (action.moveStage) {
    pipelineStage(c, [...path, "moveStage"], action.moveStage.pipeline, action.moveStage.stage);
  } else if (action.webhook) {
    const url = action.webhook.url;
    if (url.startsWith("http://") && !/^http:\/\/(localhost|127\.0\.0\.1)[:/]/.test(url)) {
      findings.warn([...path, "webhook", "url"], "this webhook sends record data unencrypted: use https");
    }
  }
}

function checkAutomation(c: CheckContext, automation: Automation, i: number): void {
  const path: PathSegment[] = ["automations", i];
  const object = checkTrigger(c, [...path, "on"], automation.on);
  const before = c.findings.diagnostics.length;
  checkConditions(c, [...path, "if"], automation.if, object);
  // A condition refused for its property's type is not refused again as one HubSpot cannot test.
  const said = c.findings.pathsSince(before);
  automation.do.forEach((action, j) => checkAction(c, [...path, "do", j], action, object));
  if (automation.target === "hubspot") {
    for (const reason of notInHubSpot(c.blueprint, automation))
      if (!said.has(formatPath([...path, ...reason.at]))) c.findings.error([...path, ...reason.at], reason.why);
  }
  const last = automation.do.length - 1;
  if (automation.do[last].wait)
    c.findings.warn([...path, "do", last], "a wait at the end of an automation does nothing");
}

export const checkAutomations: Check = (c) => {
  const { blueprint, findings } = c;
  blueprint.automations.forEach((automation, i) => checkAutomation(c, automation, i));
  const hooks = new Map<string, string>();
  blueprint.automations.forEach((automation, i) => {
    const hook = automation.on.webhook?.path;
    if (!hook) return;
    const other = hooks.get(hook);
    if (other)
      findings.error(
        ["automations", i, "on", "webhook", "path"],
        `webhook path ${hook} is already used by automation ${other}`,
      );
    else hooks.set(hook, automation.key);
  });
  const inN8n = blueprint.automations.filter((a) => a.target !== "hubspot");
  if (!blueprint.targets.automation && (inN8n.length > 0 || blueprint.routing.length > 0)) {
    findings.warn(
      ["targets"],
      "no automation platform in targets: routing rules and automations will not be applied (add automation: n8n)",
      "key",
    );
  }
};
