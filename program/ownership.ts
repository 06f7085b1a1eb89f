import * as pulumi from "@pulumi/pulumi";
import type { CrmPlan } from "../src/plan/crm";
import { adoptKeys, OwnershipError } from "../src/ownership/decide";
import { decideDeletions } from "../src/ownership/deletions";
import { naturalKey, sameKey } from "../src/ownership/keys";
import { decidePlan, planObjects, type PlanOwnership } from "../src/ownership/plan";
import { own, portalOf, readRegistry, type Registry, type StackOutput } from "../src/ownership/registry";
import { findProjectDir } from "../src/project/paths";
import { warn } from "./warn";

/**
 * Which objects of the plan this stack manages, adopts, takes back after an interrupted run, or only references
 * because another stack on the portal owns them: read from every stack's state in the backend before anything
 * is declared. A conflict stops the run here, before any write.
 */
export async function planOwnership(
  plan: CrmPlan,
  deleteList: string[] = [],
): Promise<{ ownership: PlanOwnership; registry: Registry; output: StackOutput; deletes: string[] }> {
  const revstack = new pulumi.Config("revstack");
  const hubspot = new pulumi.Config("hubspot");
  const portal = portalOf(hubspot.get("portalId"), hubspot.get("baseUrl"));
  let keys: string[];
  try {
    keys = adoptKeys(revstack.getObject<unknown>("adoptObjects"));
  } catch (err) {
    throw new pulumi.RunError((err as Error).message);
  }
  const registry = await readRegistry({
    projectDir: findProjectDir(process.cwd()) ?? process.cwd(),
    stack: pulumi.getStack(),
    portal,
  });
  const ownership = decidePlan(plan, registry, { all: revstack.getBoolean("adopt") ?? false, keys });
  for (const message of ownership.errors) pulumi.log.error(message);
  if (ownership.errors.length > 0) {
    throw new pulumi.RunError(
      `${ownership.errors.length} object(s) belong to other stacks on this portal; nothing was applied`,
    );
  }
  for (const key of ownership.unusedAdoptKeys)
    warn(`revstack:adoptObjects names ${key}, which this blueprint does not declare: it adopts nothing.`);
  const deletions = stopOnConflict(() => decideDeletions(registry, deleteList, declaredKeys(plan)));
  for (const warning of deletions.warnings) warn(warning);
  pendingCreates(registry);
  for (const [key, owner] of Object.entries(ownership.references))
    pulumi.log.info(
      `${key} is owned by stack "${owner}": this stack uses it as it is (checked to exist before any write).`,
    );
  return { ownership, registry, output: { portal, references: ownership.references }, deletes: deletions.keys };
}

function declaredKeys(plan: CrmPlan): Set<string> {
  return new Set(
    planObjects(plan).map(({ type, spec }) => sameKey(naturalKey(type, spec as Record<string, unknown>) ?? "")),
  );
}

function stopOnConflict<T>(decide: () => T): T {
  try {
    return decide();
  } catch (err) {
    if (!(err instanceof OwnershipError)) throw err;
    pulumi.log.error(err.message);
    throw new pulumi.RunError("the blueprint's delete: list names objects other stacks own; nothing was applied");
  }
}

/**
 * Pulumi keeps the creates an interrupted run had in flight as pending operations until someone clears them, and
 * warns on every run; no `pulumi up` can clear them (see src/ownership/pending.ts). This run takes those objects
 * back; once they are this stack's again, the record is only noise: `revstack pulumi up` clears it after it converges.
 */
function pendingCreates(registry: Registry): void {
  const mine = own(registry).claims;
  const pending = mine.filter((c) => c.state === "pending");
  if (pending.length === 0) return;
  const managed = new Set(mine.filter((c) => c.state === "managed").map((c) => c.urn));
  const open = pending.filter((c) => !managed.has(c.urn));
  if (open.length > 0) {
    pulumi.log.info(
      `${open.length} object(s) whose create was in flight when this stack's last run stopped are taken back: ${open.map((c) => c.key).join(", ")}. ` +
        "Run through `npx revstack pulumi up`, this update also clears Pulumi's record of those creates when it converges.",
    );
  } else {
    warn(
      `This stack's interrupted run left ${pending.length} pending create(s) in Pulumi's state; their objects are this stack's again. ` +
        "`npx revstack pulumi up` clears the record when it converges (Pulumi's own `up` never does).",
    );
  }
}
