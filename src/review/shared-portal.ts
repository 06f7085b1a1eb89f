/**
 * Stacks that share a portal must not act on the same events, nor on each other's records. A stack learns of the
 * others from the project's stack files (`stacks/Pulumi.<stack>.yaml`): those on the same portal (`hubspot:portalId`,
 * else `hubspot:baseUrl`; unknown counts as the same, as for ownership) and their blueprints. Read-only: nothing
 * is asked of HubSpot or n8n. `revstack validate --stack` and the program (preview, up) both ask.
 */
import { sameLabel } from "../clients/hubspot/client";
import { loadBlueprint } from "../blueprint";
import { compose } from "../blueprint/compose";
import { diagnostic, type Diagnostic, type PathSegment } from "../blueprint/diagnostics";
import { referenceablePipelines, pipelineNamed } from "../blueprint/checks/builtin-pipelines";
import type { Automation, Blueprint, CrmObject, RecordObject, Scalar } from "../blueprint/model";
import { recordsOf, scopesApart, scopeValue } from "../blueprint/scope";
import { locate } from "../blueprint/yaml-tree";
import { portalOf, samePortal } from "../ownership/registry";
import { projectStacks, stackBlueprint, stackConfigValues } from "./engine/run";

/** What one automation (or the routing sweep) of a stack acts on: one kind of event on one kind of record. */
interface Use {
  /** "automation <key>" or "routing sweep". */
  what: string;
  path: PathSegment[];
  object: RecordObject;
  kind: "recordCreated" | "propertyChanged" | "stageEntered" | "stageStalled" | "sweep";
  pipeline?: string;
  stage?: string;
  property?: string;
  to?: Scalar;
}

interface StackUses {
  stack: string;
  blueprint: Blueprint;
  uses: Use[];
}

type Config = Record<string, unknown>;

/** The settings of a stack's configuration this check reads (the program reads them from the engine). */
export const SHARED_PORTAL_SETTINGS = [
  "n8n:baseUrl",
  "revstack:routingSweepMinutes",
  "hubspot:portalId",
  "hubspot:baseUrl",
];

const SINGULAR: Record<CrmObject, string> = {
  contacts: "contact",
  companies: "company",
  deals: "deal",
  tickets: "ticket",
};

/** The events a stack acts on: its automations on CRM events when it applies them (n8n), and its routing sweep. */
function usesOf(bp: Blueprint, config: Config): Use[] {
  if (!set(config["n8n:baseUrl"])) return [];
  // A HubSpot workflow is one object in the portal, which ownership gives to one stack: only n8n's pollers act twice.
  const uses = bp.automations.flatMap((a, i) => (a.enabled && a.target !== "hubspot" ? automationUse(bp, a, i) : []));
  if (bp.routing.length > 0 && set(config["revstack:routingSweepMinutes"]))
    uses.push({ what: "routing sweep", path: ["routing"], object: "contacts", kind: "sweep" });
  return uses;
}

function automationUse(bp: Blueprint, a: Automation, i: number): Use[] {
  const on = a.on;
  const what = `automation ${a.key}`;
  const path = ["automations", i, "on"];
  const object = recordsOf(bp, a)!;
  if (on.recordCreated) return [{ what, path, object, kind: "recordCreated" }];
  if (on.propertyChanged) {
    const { property, to } = on.propertyChanged;
    return [{ what, path, object, kind: "propertyChanged", property, to }];
  }
  const stage = on.stageEntered ?? on.stageStalled;
  if (!stage) return []; // webhooks, breaches and schedules: this stack's own calls and ticks
  const pipeline = pipelineNamed(bp, stage.pipeline);
  const label = pipeline?.stages.find((s) => s.key === stage.stage)?.label ?? stage.stage;
  const kind = on.stageEntered ? "stageEntered" : "stageStalled";
  return [{ what, path, object, kind, pipeline: pipeline?.label ?? stage.pipeline, stage: label }];
}

const set = (v: unknown) => v !== undefined && v !== null && v !== "";

/** Whether one event can set off both uses. */
function sameEvents(a: Use, b: Use): boolean {
  if (a.kind !== b.kind || a.object !== b.object) return false;
  const either = <T>(x: T | undefined, y: T | undefined, eq = (p: T, q: T) => p === q) =>
    x === undefined || y === undefined || eq(x, y);
  if (a.kind === "propertyChanged")
    return a.property === b.property && either(a.to, b.to, (x, y) => scopeValue(x) === scopeValue(y));
  if (a.kind === "stageEntered") return a.pipeline === b.pipeline && a.stage === b.stage;
  if (a.kind === "stageStalled") return a.pipeline === b.pipeline && either(a.stage, b.stage);
  return true;
}

/** Whether a use can meet records of another stack's unit: any but a stage trigger on a pipeline of its own. */
function reachesOthers(use: Use, other: Blueprint): boolean {
  if (use.kind !== "stageEntered" && use.kind !== "stageStalled") return true;
  return Object.values(referenceablePipelines(other)).some(
    (p) => use.pipeline !== undefined && sameLabel(p.label, use.pipeline) && p.object === use.object,
  );
}

function describe(use: Use): string {
  const record = SINGULAR[use.object as CrmObject] ?? use.object;
  if (use.kind === "sweep") return "on every contact left without an owner";
  if (use.kind === "recordCreated") return `when a ${record} is created`;
  if (use.kind === "propertyChanged")
    return `when a ${record}'s ${use.property} changes${use.to === undefined ? "" : ` to ${use.to}`}`;
  if (use.kind === "stageEntered") return `when a ${record} enters stage "${use.stage}" of pipeline "${use.pipeline}"`;
  return `when a ${record} stalls in ${use.stage ? `stage "${use.stage}" of ` : ""}pipeline "${use.pipeline}"`;
}

const SCOPE_HINT = "scope: { property: business_unit, value: <unit> }";

/** This stack's problems with the others on its portal: what `stack` would do twice, or to another unit's records. */
function problems(
  stack: string,
  mine: StackUses,
  others: StackUses[],
): Array<{ path: PathSegment[]; message: string }> {
  const found: Array<{ path: PathSegment[]; message: string }> = [];
  for (const use of mine.uses) {
    const twice = others.flatMap((o) =>
      scopesApart(mine.blueprint.scope, o.blueprint.scope)
        ? []
        : o.uses.filter((u) => sameEvents(use, u)).map((u) => `stack "${o.stack}"'s ${u.what}`),
    );
    if (twice.length > 0) {
      found.push({
        path: use.path,
        message:
          `stack "${stack}"'s ${use.what} and ${twice.join(", ")} act on the same events on one portal (${describe(use)}): ` +
          `each would act twice. Give each stack a scope with its own value (${SCOPE_HINT}), or keep this in one stack`,
      });
      continue;
    }
    if (mine.blueprint.scope) continue;
    const sharing = others.filter((o) => reachesOthers(use, o.blueprint)).map((o) => `"${o.stack}"`);
    if (sharing.length > 0)
      found.push({
        path: use.path,
        message:
          `stack "${stack}"'s ${use.what} acts ${describe(use)} in every business unit on this portal, which stack(s) ` +
          `${sharing.join(", ")} share: give this blueprint a scope (${SCOPE_HINT}) so it acts on its own unit's records only`,
      });
  }
  return found;
}

/** The stack's blueprint and what it acts on, or undefined when it has no blueprint that loads. */
async function stackUses(projectDir: string, stack: string, config: Config): Promise<StackUses | undefined> {
  const file = stackBlueprint(projectDir, stack);
  const blueprint = file ? (await loadBlueprint(file)).blueprint : undefined;
  return blueprint && { stack, blueprint, uses: usesOf(blueprint, config) };
}

/**
 * Errors, positioned in `blueprint` (the stack's, loaded from `file`), for each automation or routing sweep that
 * would act on the same events as another stack's on the portal, or on another unit's records. `config` is the
 * stack's (default: its file). A stack whose blueprint does not load is skipped: its own validation says why.
 * `applied` narrows the others to stacks that act already (the program knows them from the backend; a stack file
 * never applied acts on nothing); `validate --stack`, offline, takes every stack file as one that will.
 */
export async function sharedPortalErrors(
  projectDir: string,
  stack: string,
  file: string,
  blueprint: Blueprint,
  config: Config = stackConfigValues(projectDir, stack) ?? {},
  applied: (stack: string) => boolean = () => true,
): Promise<Diagnostic[]> {
  const portal = portalOfConfig(config);
  const mine: StackUses = { stack, blueprint, uses: usesOf(blueprint, config) };
  if (mine.uses.length === 0) return [];
  const others: StackUses[] = [];
  for (const other of projectStacks(projectDir).filter((s) => s !== stack && applied(s))) {
    const otherConfig = stackConfigValues(projectDir, other) ?? {};
    if (!samePortal(portalOfConfig(otherConfig), portal)) continue;
    const uses = await stackUses(projectDir, other, otherConfig);
    if (uses) others.push(uses);
  }
  const found = problems(stack, mine, others);
  if (found.length === 0) return [];
  const composed = await compose(file);
  return found.map((p) => diagnostic(locate(composed.value, p.path, composed.root), "error", p.message, p.path));
}

/** The portal a stack file names; undefined when it names none (then it counts as any portal). */
function portalOfConfig(config: Config): string | undefined {
  const id = config["hubspot:portalId"];
  const url = config["hubspot:baseUrl"];
  if (!set(id) && !set(url)) return undefined;
  return portalOf(set(id) ? (id as string | number) : undefined, typeof url === "string" ? url : undefined);
}
