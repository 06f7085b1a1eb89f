import * as pulumi from "@pulumi/pulumi";
import type { CrmPlan } from "../src/plan/crm";
import { tokenOf, tokenOfType } from "../src/kinds";
import { customObjectKind, isCustomTarget } from "../src/kinds/custom-object";
import { associationLabelKind } from "../src/kinds/association-label";
import {
  associationDropRefused,
  customObjectRecordsNote,
  customObjectRecordsRefused,
  labelUsesNote,
  labelUsesRefused,
} from "../src/kinds/object-removals";
import { originOf, own, type Claim, type Registry } from "../src/ownership/registry";
import { sameKey } from "../src/ownership/keys";
import { clientFor, settingsFromConfig } from "../providers/shared/config";
import type { HubSpotClient } from "../src/clients/hubspot";
import { oneLine } from "../src/unexpected";

/** A removal revstack counts: what it says when a preview shows it, and when an apply refuses it. */
interface Counted {
  note: string;
  refusal: string;
}

/**
 * Custom objects that leave the blueprint holding records, association labels that leave it while associations
 * carry them, and associations a custom object stops naming. Pulumi deletes last, after the run's other writes;
 * counted here, before the program declares anything, `pulumi up` stops with nothing written and a preview says it
 * as a warning. Only what this stack created counts (an adopted object is released), unless its `delete:` list
 * names it. HubSpot refuses deleting a schema with records but not a label in use: revstack counts both itself.
 */
export async function checkObjectRemovals(
  plan: CrmPlan,
  registry: Registry,
  deletes: string[],
  get: (key: string) => string | undefined,
): Promise<void> {
  const claims = own(registry).claims.filter((c) => c.state === "managed");
  const of = (kind: { module: "hubspot" | "n8n"; name: string }) =>
    claims.filter((c) => tokenOfType(c.type) === tokenOf(kind));
  const planned = new Set(
    [
      ...plan.customObjects.map((o) => customObjectKind.naturalKey.of(o)),
      ...plan.associationLabels.map((l) => associationLabelKind.naturalKey.of(l)),
    ].map((k) => k.toLowerCase()),
  );
  const removable = (c: Claim) =>
    !planned.has(c.key.slice(c.key.indexOf(":") + 1).toLowerCase()) &&
    (originOf(c) !== "adopted" || deletes.map(sameKey).includes(sameKey(c.key)));
  const objects = of(customObjectKind).filter(removable);
  const labels = of(associationLabelKind).filter(removable);
  const dropped = droppedAssociations(plan, of(customObjectKind));
  if (objects.length === 0 && labels.length === 0 && dropped.length === 0) return;

  const refusals = dropped.map((d) => associationDropRefused(d.name, d.targets));
  const settings = settingsFromConfig(get);
  if (!settings.connection) return; // the providers say that hubspot:token is missing
  const client = clientFor(settings);
  try {
    const counted = [
      ...(await Promise.all(objects.map((c) => countRecords(client, c)))),
      ...(await Promise.all(labels.map((c) => countUses(client, c)))),
    ].filter((c): c is Counted => c !== undefined);
    if (pulumi.runtime.isDryRun()) {
      for (const c of counted) pulumi.log.warn(c.note);
      for (const r of refusals) pulumi.log.warn(r);
      return;
    }
    refusals.push(...counted.map((c) => c.refusal));
    if (refusals.length > 0) throw new pulumi.RunError(refusals.join("\n"));
  } catch (err) {
    if (err instanceof pulumi.RunError) throw err;
    throw new pulumi.RunError(oneLine(err, "counting what removed custom objects and association labels hold"));
  }
}

/** The associations each custom object of this stack had at its last apply and the blueprint no longer names. */
function droppedAssociations(plan: CrmPlan, claims: Claim[]): Array<{ name: string; targets: string[] }> {
  return plan.customObjects.flatMap((o) => {
    const claim = claims.find((c) => String(c.outputs.name ?? "").toLowerCase() === o.name.toLowerCase());
    const had = (claim?.outputs.associations as string[] | undefined) ?? [];
    const targets = had.filter((t) => !o.associations.includes(t));
    return targets.length > 0 ? [{ name: o.name, targets }] : [];
  });
}

async function countRecords(client: HubSpotClient, c: Claim): Promise<Counted | undefined> {
  const name = String(c.outputs.name ?? "");
  const schema = await client.schemas.find(String(c.outputs.objectTypeId ?? name), true);
  const records = schema ? await client.countRecords(schema.objectTypeId) : 0;
  return records > 0
    ? { note: customObjectRecordsNote(name, records), refusal: customObjectRecordsRefused(name, records) }
    : undefined;
}

async function countUses(client: HubSpotClient, c: Claim): Promise<Counted | undefined> {
  const o = c.outputs as { name?: string; from?: string; to?: string };
  const end = async (object: string) =>
    isCustomTarget(object) ? ((await client.schemas.find(object))?.objectTypeId ?? object) : object;
  const uses = await client.associationLabels.countUses(await end(o.from ?? ""), await end(o.to ?? ""), o.name ?? "");
  const what = associationLabelKind.describe(c.outputs as never);
  return uses > 0 ? { note: labelUsesNote(what, uses), refusal: labelUsesRefused(what, uses) } : undefined;
}
