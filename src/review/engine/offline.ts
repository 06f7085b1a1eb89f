/**
 * Two blueprints as the engine would preview the change between them, offline: each is resolved to the objects the
 * program declares (src/plan/crm), and each object is compared as its provider's diff compares it, through its
 * kind. The result is a preview digest, so `revstack plan` is worded by the same review (./review) as `preview` and
 * `drift`. What only HubSpot knows (ids, records) is left out; what the inputs alone tell is the kind's
 * `plannedOutputs`.
 */
import { isDeepStrictEqual } from "node:util";
import { kindOfType, resourceName, tokenOf, updatable, type Props, type RecordedKind } from "../../kinds";
import { pipelineKind } from "../../kinds/pipeline";
import { stageKind } from "../../kinds/stage";
import { planObjects } from "../../ownership/plan";
import type { CrmPlan } from "../../plan/crm";
import type { PreviewDigest, PreviewStep, ResourceState } from "./digest";

interface Declared {
  type: string;
  inputs: Props;
  parent?: string;
}

const STAGE = tokenOf(stageKind);

/** `urn:pulumi:plan::revstack::hubspot:Pipeline::pipeline.new-business`: named as the program names it. */
const urnOf = (type: string, name: string): string => `urn:pulumi:plan::revstack::${type}::${name}`;

/** Every object the program declares for a plan, by URN; a pipeline's stages under it. */
function declared(plan: CrmPlan): Map<string, Declared> {
  const out = new Map<string, Declared>();
  for (const { type, spec } of planObjects(plan)) {
    const inputs = spec as Props;
    out.set(urnOf(type, resourceName(kindOfType(type)!, { key: String(inputs.key) })), { type, inputs });
  }
  for (const pipeline of plan.pipelines) {
    const parent = urnOf(tokenOf(pipelineKind), `pipeline.${pipeline.key}`);
    for (const stage of pipeline.stages) {
      // Offline, a stage is named by its pipeline's key and its own: the ids HubSpot would give them.
      const inputs = { ...stage, objectType: pipeline.objectType, pipelineId: pipeline.key, stageId: stage.key };
      out.set(urnOf(STAGE, `stage.${pipeline.key}.${stage.key}`), { type: STAGE, inputs, parent });
    }
  }
  return out;
}

/** What the provider's diff says of an object in both versions: the same, updated in place, or replaced. */
function compare(kind: RecordedKind, old: Props, next: Props): Pick<PreviewStep, "op" | "replaceReasons"> {
  const differs = (key: string) => !isDeepStrictEqual(old[key], next[key]);
  const replaced = kind.identity.filter(differs);
  if (replaced.length > 0) return { op: "replace", replaceReasons: replaced };
  return updatable(kind).some(differs) || kind.alsoChanged?.(old, next) ? { op: "update" } : { op: "same" };
}

const state = (urn: string, d: Declared, outputs?: Props): ResourceState => ({
  urn,
  type: d.type,
  inputs: d.inputs,
  ...(outputs && { outputs }),
  ...(d.parent && { parent: d.parent }),
});

/**
 * The change from `before` to `after` as a preview digest. `removed` adds what the review should know of an object
 * that leaves (how its stack owns it, what in the blueprint pointed at it) to its recorded props.
 */
export function offlineDigest(
  before: CrmPlan,
  after: CrmPlan,
  removed: (type: string, inputs: Props) => Props = () => ({}),
): PreviewDigest {
  const was = declared(before);
  const now = declared(after);
  const steps: PreviewStep[] = [];
  for (const urn of new Set([...was.keys(), ...now.keys()])) {
    const old = was.get(urn);
    const next = now.get(urn);
    const kind = kindOfType((old ?? next)!.type)!;
    const outputs = (d: Declared): Props => ({ ...d.inputs, ...kind.plannedOutputs?.(d.inputs) });
    if (!old) steps.push({ op: "create", urn, newState: state(urn, next!) });
    else if (!next) {
      const props = { ...outputs(old), ...removed(old.type, old.inputs) };
      steps.push({ op: "delete", urn, oldState: state(urn, old, props) });
    } else {
      const change = compare(kind, old.inputs, next.inputs);
      steps.push({ ...change, urn, oldState: state(urn, old, outputs(old)), newState: state(urn, next) });
    }
  }
  return { steps };
}
