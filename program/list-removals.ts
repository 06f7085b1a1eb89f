import * as pulumi from "@pulumi/pulumi";
import type { CrmPlan } from "../src/plan/crm";
import { tokenOf, tokenOfType } from "../src/kinds";
import { listKind, type ListInputs } from "../src/kinds/list";
import { own, type Registry } from "../src/ownership/registry";
import { clientFor, settingsFromConfig } from "../providers/shared/config";
import { listRemovalRefused, listUsage } from "../providers/shared/list-usage";
import { oneLine } from "../src/unexpected";

/**
 * Lists that leave the blueprint while other lists filter on them or workflows use them. The List delete refuses
 * them too, but Pulumi deletes last, after the run's other writes; counted here, before the program declares
 * anything, `pulumi up` stops with nothing written (a preview warns with the same counts). Only lists this stack
 * made count: an adopted list is released. Nothing leaves: no API call but reads.
 */
export async function checkListRemovals(
  plan: CrmPlan,
  registry: Registry,
  get: (key: string) => string | undefined,
): Promise<void> {
  const declared = new Set(plan.lists.map((l) => listKind.naturalKey.of(l)));
  const leaving = own(registry).claims.filter(
    (c) =>
      c.state === "managed" &&
      tokenOfType(c.type) === tokenOf(listKind) &&
      c.id !== undefined &&
      (c.outputs.ownership as { origin?: string } | undefined)?.origin !== "adopted" &&
      !declared.has(`${String(c.outputs.objectType)}/${String(c.outputs.name)}`),
  );
  if (leaving.length === 0) return;
  const settings = settingsFromConfig(get);
  if (!settings.connection) return; // the providers say that hubspot:token is missing
  const client = clientFor(settings);
  const refusals: string[] = [];
  try {
    for (const c of leaving) {
      const usage = await listUsage(client, String(c.id));
      if (usage.lists + usage.workflows === 0) continue;
      const what = listKind.describe(c.outputs as unknown as ListInputs);
      refusals.push(listRemovalRefused(what, usage));
    }
  } catch (err) {
    throw new pulumi.RunError(oneLine(err, "counting what uses the removed lists"));
  }
  if (refusals.length === 0) return;
  if (pulumi.runtime.isDryRun()) for (const r of refusals) pulumi.log.warn(r);
  else throw new pulumi.RunError(refusals.join("\n"));
}
