/**
 * `revstack release`: this stack forgets objects without touching HubSpot (Pulumi's `pulumi state delete`, made
 * safe): objects are named by their natural key, a pipeline's stages go with it, and an object other resources of
 * the stack depend on is refused rather than leaving them pointing at nothing.
 */
import { checkStackName, EngineError, pulumi } from "../project/pulumi";
import { describeKey, naturalKey, sameKey } from "./keys";

interface StateResource {
  urn: string;
  type: string;
  parent?: string;
  dependencies?: string[];
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
}

export interface Release {
  key: string;
  urns: string[];
}

/** Which state entries releasing `keys` removes: each object and its children (a pipeline's stages). */
export function releasePlan(resources: StateResource[], keys: string[]): Release[] {
  const keyed = resources.flatMap((r) => {
    const key = naturalKey(r.type, r.outputs ?? r.inputs);
    return key ? [{ key, r }] : [];
  });
  return keys.map((wanted) => {
    const found = keyed.find((k) => sameKey(k.key) === sameKey(wanted));
    if (!found) {
      const known = keyed
        .map((k) => k.key)
        .slice(0, 12)
        .join(", ");
      throw new EngineError(
        `this stack manages no ${describeKey(wanted)} (${wanted}); it manages: ${known || "nothing"}`,
      );
    }
    const children = resources.filter((r) => r.parent === found.r.urn).map((r) => r.urn);
    const gone = new Set([found.r.urn, ...children]);
    const dependents = resources.filter((r) => !gone.has(r.urn) && (r.dependencies ?? []).some((d) => gone.has(d)));
    if (dependents.length > 0) {
      throw new EngineError(
        `${describeKey(found.key)} cannot be released alone: ${dependents.map((d) => d.urn.split("::").pop()).join(", ")} ` +
          "depend(s) on it in this stack. Release those too (name them in the same command), or remove them from the blueprint first.",
      );
    }
    return { key: found.key, urns: [...children, found.r.urn] };
  });
}

/** Forgets the objects in the stack's state (children first); HubSpot is not called. Returns what was released. */
export async function releaseObjects(projectDir: string, stack: string, keys: string[]): Promise<Release[]> {
  checkStackName(stack);
  const exported = await pulumi(projectDir, ["stack", "export", "--stack", stack, "--non-interactive"], 120_000);
  if (exported.failed) throw new EngineError(exported.stderr.trim() || "pulumi stack export failed");
  const resources =
    (JSON.parse(exported.stdout) as { deployment?: { resources?: StateResource[] } }).deployment?.resources ?? [];
  const plan = releasePlan(resources, keys);
  const released = new Set<string>();
  for (const release of plan) {
    for (const urn of release.urns.filter((u) => !released.has(u))) {
      const outcome = await pulumi(
        projectDir,
        ["state", "delete", urn, "--yes", "--non-interactive", "--stack", stack],
        120_000,
      );
      if (outcome.failed) throw new EngineError(`could not release ${release.key}: ${outcome.stderr.trim()}`);
      released.add(urn);
    }
  }
  return plan;
}
