import * as pulumi from "@pulumi/pulumi";
import type { HubSpotClient } from "../src/clients/hubspot";
import type { CrmPlan } from "../src/plan/crm";
import { kindOfType, tokenOfType } from "../src/kinds";
import { naturalKey, sameKey } from "../src/ownership/keys";
import { planObjects } from "../src/ownership/plan";
import { originOf, own, type Claim, type Registry } from "../src/ownership/registry";
import { clientFor, settingsFromConfig } from "../providers/shared/config";
import { propertyGuards } from "../providers/property";
import { listGuards } from "../providers/list";
import { flowGuards } from "../providers/flow";
import type { DataGuards } from "../providers/shared/data-guards";
import { oneLine } from "../src/unexpected";

/** Each kind whose removal or update can lose data in HubSpot, by type token: its counts (providers/<kind>.ts). */
const GUARDS: ReadonlyArray<DataGuards<never>> = [propertyGuards, listGuards, flowGuards];

/**
 * Removals and updates that would lose data records hold (a property that holds values, options records hold, a
 * type change), counted before the program declares anything. The providers count too, but Pulumi writes a run's
 * creates and updates first and its deletes last, so a refusal there comes after other writes; checked here,
 * `pulumi up` stops with nothing written and every refusal named, and a preview says what the apply will refuse.
 * Only objects this stack created count: adopted ones and HubSpot's own are released, not deleted.
 */
export async function checkDataLosses(
  plan: CrmPlan,
  registry: Registry,
  get: (key: string) => string | undefined,
): Promise<void> {
  const declared = new Map(planObjects(plan).map(({ type, spec }) => [keyOf(type, spec), spec]));
  const checks = own(registry).claims.flatMap((claim) => checksOf(claim, declared));
  if (checks.length === 0) return;
  const settings = settingsFromConfig(get);
  if (!settings.connection) return; // the providers say that hubspot:token is missing
  const client = clientFor(settings);
  const refusals: string[] = [];
  try {
    for (const check of checks) {
      const refusal = await check(client);
      if (refusal) refusals.push(refusal);
    }
  } catch (err) {
    throw new pulumi.RunError(oneLine(err, "counting the records a change would lose values on"));
  }
  if (refusals.length === 0) return;
  if (pulumi.runtime.isDryRun()) for (const r of refusals) pulumi.log.warn(`pulumi up will stop here: ${r}`);
  else throw new pulumi.RunError(refusals.join("\n"));
}

type Check = (client: HubSpotClient) => Promise<string | undefined>;

function checksOf(claim: Claim, declared: Map<string, object>): Check[] {
  const guards = GUARDS.find((g) => tokenOfType(claim.type) === g.type);
  if (!guards || claim.state !== "managed") return [];
  const old = claim.inputs as never;
  const next = declared.get(keyOf(claim.type, claim.inputs)) as never;
  // An adopted object leaving the blueprint is released, not deleted; a change to it is still written.
  if (next === undefined) return guards.removed && !released(claim) ? [(client) => guards.removed!(client, old)] : [];
  return guards.changed ? [(client) => guards.changed!(client, old, next)] : [];
}

const keyOf = (type: string, inputs: object): string =>
  sameKey(naturalKey(type, inputs as Record<string, unknown>) ?? "");

/** Adopted objects are released when they leave the blueprint, HubSpot's own are never deleted. */
const released = (claim: Claim): boolean =>
  originOf(claim) === "adopted" || kindOfType(claim.type)?.isHubSpotDefault?.(claim.outputs) === true;
