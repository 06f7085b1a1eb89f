import * as pulumi from "@pulumi/pulumi";
import type { HubSpotClient } from "../src/clients/hubspot";
import type { CrmPlan } from "../src/plan/crm";
import { kindOfType, tokenOf, tokenOfType } from "../src/kinds";
import { hubspotWorkflowKind, inThisApply } from "../src/kinds/hubspot-workflow";
import { naturalKey, sameKey } from "../src/ownership/keys";
import { planObjects } from "../src/ownership/plan";
import { originOf, own, type Claim, type Registry } from "../src/ownership/registry";
import { clientFor, settingsFromConfig } from "../providers/shared/config";
import { propertyGuards } from "../providers/property";
import { listGuards } from "../providers/list";
import { formGuards } from "../providers/form";
import { customObjectGuards } from "../providers/custom-object-schema";
import { associationLabelGuards } from "../providers/association-label";
import { flowGuards } from "../providers/flow";
import { previewOf, refusalOf, type Danger, type DataGuards } from "../providers/shared/data-guards";
import { oneLine } from "../src/unexpected";

/** Each kind whose removal or update can lose data in HubSpot, by type token: its counts (providers/<kind>.ts). */
const GUARDS: ReadonlyArray<DataGuards<never>> = [
  propertyGuards,
  listGuards,
  flowGuards,
  customObjectGuards,
  associationLabelGuards,
  formGuards,
];

/**
 * Removals and updates that would lose data records hold (a property that holds values, options records hold, a
 * type change, a custom object holding records, a label associations carry, a list others use, an association a
 * custom object stops naming), counted before the program declares anything. The providers count too, but Pulumi
 * writes a run's creates and updates first and its deletes last, so a refusal there comes after other writes; here,
 * `pulumi up` stops with nothing written and every refusal named, and a preview says what the apply will refuse.
 * Only removals of objects this stack created count (adopted ones and HubSpot's own are released, not deleted),
 * unless the blueprint's `delete:` list names them; an update counts for what the stack adopted too.
 */
export async function checkDataLosses(
  plan: CrmPlan,
  registry: Registry,
  deletes: string[],
  get: (key: string) => string | undefined,
): Promise<void> {
  const declared = new Map(planObjects(plan).map(({ type, spec }) => [keyOf(type, spec), spec]));
  const deleted = new Set(deletes.map(sameKey));
  const checks = own(registry).claims.flatMap((claim) => checksOf(claim, declared, deleted));
  if (checks.length === 0) return;
  const settings = settingsFromConfig(get);
  if (!settings.connection) return; // the providers say that hubspot:token is missing
  const client = clientFor(settings);
  const dangers: Danger[] = [];
  try {
    for (const check of checks) {
      const danger = await check(client);
      if (danger) dangers.push(danger);
    }
  } catch (err) {
    throw new pulumi.RunError(oneLine(err, "counting the records a change would lose values on"));
  }
  if (dangers.length === 0) return;
  if (pulumi.runtime.isDryRun()) for (const d of dangers) pulumi.log.warn(previewOf(d));
  else throw new pulumi.RunError(dangers.map(refusalOf).join("\n"));
}

/**
 * The plan with what the whole apply does to the stack's HubSpot workflows (src/kinds/hubspot-workflow.ts
 * `inThisApply`): one deleted by this apply counts as gone, not as staying on, for the others' danger checks (here and
 * in the provider), and those it switches off know which went off before them.
 */
export function withWholeApply(plan: CrmPlan, registry: Registry, deletes: string[]): CrmPlan {
  const declared = new Set(planObjects(plan).map(({ type, spec }) => keyOf(type, spec)));
  const deleted = new Set(deletes.map(sameKey));
  const before = own(registry)
    .claims.filter((c) => c.state === "managed" && tokenOfType(c.type) === tokenOf(hubspotWorkflowKind))
    .map((c) => ({
      name: String(c.outputs.name ?? c.inputs.name ?? ""),
      enabled: (c.outputs.enabled ?? c.inputs.enabled) === true,
      deleted: !declared.has(keyOf(c.type, c.inputs)) && !released(c, deleted),
    }));
  return { ...plan, hubspotWorkflows: inThisApply(plan.hubspotWorkflows, before) };
}

type Check = (client: HubSpotClient) => Promise<Danger | undefined>;

function checksOf(claim: Claim, declared: Map<string, object>, deleted: Set<string>): Check[] {
  const guards = GUARDS.find((g) => tokenOfType(claim.type) === g.type);
  if (!guards || claim.state !== "managed") return [];
  const old = claim.inputs as never;
  const next = declared.get(keyOf(claim.type, claim.inputs)) as never;
  // An adopted object leaving the blueprint is released, not deleted; a change to it is still written.
  if (next === undefined)
    return guards.removed && !released(claim, deleted) ? [(client) => guards.removed!(client, old)] : [];
  return guards.changed ? [(client) => guards.changed!(client, old, next)] : [];
}

const keyOf = (type: string, inputs: object): string =>
  sameKey(naturalKey(type, inputs as Record<string, unknown>) ?? "");

/**
 * Adopted objects are released when they leave the blueprint (unless its `delete:` list names them), HubSpot's own
 * are never deleted.
 */
const released = (claim: Claim, deleted: Set<string>): boolean =>
  (originOf(claim) === "adopted" && !deleted.has(sameKey(claim.key))) ||
  kindOfType(claim.type)?.isHubSpotDefault?.(claim.outputs) === true;
