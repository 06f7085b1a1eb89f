import * as pulumi from "@pulumi/pulumi";
import type { CrmPlan } from "../src/plan/crm";
import { tokenOf, tokenOfType } from "../src/kinds";
import { userKind } from "../src/kinds/user";
import { originOf, own, type Claim, type Registry } from "../src/ownership/registry";
import { ownerRecordsNote } from "../src/kinds/owner-records";
import { clientFor, settingsFromConfig } from "../providers/shared/config";
import {
  countOwned,
  describeOwned,
  ownerOfUser,
  ownerRemovalRefused,
  totalOwned,
  type OwnedCounts,
} from "../providers/shared/owner-records";
import { oneLine } from "../src/unexpected";

/**
 * Owners who leave the blueprint while they still own records. The User delete refuses them too, but Pulumi
 * deletes last, after the run's other changes are written; checked here, before the program declares anything,
 * `pulumi up` stops with nothing written. A preview goes on and says it (with the counts, and where a retired
 * owner's records go), so `pulumi preview` and `revstack preview` show what the apply will do. Only owners this
 * stack created count: an adopted owner is released, not deleted. Nothing leaves: no API call.
 */
export async function checkOwnerRemovals(
  plan: CrmPlan,
  registry: Registry,
  get: (key: string) => string | undefined,
): Promise<void> {
  const users = own(registry).claims.filter(
    (c) => c.state === "managed" && tokenOfType(c.type) === tokenOf(userKind) && !c.outputs.retired,
  );
  const declared = new Map(plan.users.map((u) => [u.email.toLowerCase(), u]));
  const leaving = users.filter((c) => !declared.has(emailOf(c)) && originOf(c) !== "adopted");
  // A retirement's counts only inform the preview: the apply counts and moves them itself.
  const retiring = pulumi.runtime.isDryRun() ? users.filter((c) => declared.get(emailOf(c))?.retired) : [];
  if (leaving.length === 0 && retiring.length === 0) return;

  const settings = settingsFromConfig(get);
  if (!settings.connection) return; // the providers say that hubspot:token is missing
  const client = clientFor(settings);
  const count = async (c: Claim): Promise<OwnedCounts> => {
    const owner = await ownerOfUser(client, { id: String(c.id ?? ""), email: emailOf(c) });
    return owner ? countOwned(client, owner.id) : {};
  };
  try {
    const refusals: string[] = [];
    for (const c of leaving) {
      const counts = await count(c);
      if (totalOwned(counts) === 0) continue;
      if (pulumi.runtime.isDryRun()) pulumi.log.warn(ownerRecordsNote(emailOf(c), describeOwned(counts)));
      else refusals.push(ownerRemovalRefused(emailOf(c), counts));
    }
    if (refusals.length > 0) throw new pulumi.RunError(refusals.join("\n"));
    for (const c of retiring) {
      const counts = await count(c);
      if (totalOwned(counts) > 0)
        pulumi.log.info(
          ownerRecordsNote(emailOf(c), describeOwned(counts), declared.get(emailOf(c))!.retired!.reassignTo),
        );
    }
  } catch (err) {
    if (err instanceof pulumi.RunError) throw err;
    throw new pulumi.RunError(oneLine(err, "counting the records of removed owners"));
  }
}

const emailOf = (c: Claim): string => String(c.outputs.email ?? c.inputs.email ?? "").toLowerCase();
