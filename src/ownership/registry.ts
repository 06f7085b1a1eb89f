/**
 * Which stack owns which HubSpot object, read from Pulumi itself: every stack of the project keeps its state in
 * the same backend, and that state lists the objects the stack manages (with the create it had in flight when a
 * run was interrupted, as a pending operation) and, in the stack's `revstack` output, the portal it applies to and
 * the objects it uses without owning (references). Reading it needs no credentials and no HubSpot call.
 */
import { pulumi } from "../project/pulumi";
import { naturalKey, sameKey } from "./keys";

/** An object a stack manages, or whose create it had in flight. */
export interface Claim {
  key: string;
  stack: string;
  type: string;
  urn: string;
  /** `pending`: the create was in flight when a run of that stack stopped (or is running now). */
  state: "managed" | "pending";
  id?: string;
  inputs: Record<string, unknown>;
  outputs: Record<string, unknown>;
}

/** How the stack came to manage the object, as its provider recorded it: `adopted` ones are released, never deleted. */
export const originOf = (c: Claim): string | undefined =>
  (c.outputs.ownership as { origin?: string } | undefined)?.origin;

/** What a stack exports as its `revstack` output (see `StackOwnership`). */
export interface StackOutput {
  portal?: string;
  /** Natural key → the stack that owns what this stack references. */
  references?: Record<string, string>;
}

/**
 * The type of the component every stack's resources are under. Its outputs carry the blueprint's `delete:` list (the
 * keys this stack manages): Pulumi saves a component's outputs as the program registers them, before the run deletes
 * anything, while the stack's own outputs are saved only when the run ends.
 */
export const BLUEPRINT_COMPONENT = "revstack:index:Blueprint";

export interface StackFacts {
  name: string;
  portal?: string;
  claims: Claim[];
  references: Record<string, string>;
  /** The keys of the stack's `delete:` list as its blueprint component recorded them (see `BLUEPRINT_COMPONENT`). */
  deletes?: string[];
}

export interface Registry {
  stack: string;
  portal: string;
  stacks: StackFacts[];
}

interface Deployment {
  resources?: StateResource[];
  pending_operations?: Array<{ type: string; resource: StateResource }>;
}

interface StateResource {
  urn: string;
  type: string;
  id?: string;
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
}

/** The facts of one stack from its exported state (`pulumi stack export`). */
export function stackFacts(name: string, deployment: Deployment): StackFacts {
  const claim = (r: StateResource, state: Claim["state"]): Claim[] => {
    const inputs = r.inputs ?? {};
    const outputs = r.outputs ?? {};
    const key = naturalKey(r.type, Object.keys(outputs).length > 0 ? outputs : inputs);
    return key ? [{ key, stack: name, type: r.type, urn: r.urn, state, id: r.id, inputs, outputs }] : [];
  };
  const root = (deployment.resources ?? []).find((r) => r.type === "pulumi:pulumi:Stack");
  const output = (root?.outputs?.revstack ?? {}) as StackOutput;
  return {
    name,
    portal: output.portal,
    claims: [
      ...(deployment.resources ?? []).flatMap((r) => claim(r, "managed")),
      ...(deployment.pending_operations ?? [])
        .filter((op) => op.type === "creating")
        .flatMap((op) => claim(op.resource, "pending")),
    ],
    references: output.references ?? {},
    deletes: ((deployment.resources ?? []).find((r) => r.type === BLUEPRINT_COMPONENT)?.outputs?.delete ??
      []) as string[],
  };
}

/** Two stacks apply to one portal unless both say which portal and they differ (unknown counts as the same). */
export function samePortal(a: string | undefined, b: string | undefined): boolean {
  return a === undefined || b === undefined || a === b;
}

/** The portal a stack names in its config: its portal id when set (the portal guard), else the API's URL. */
export function portalOf(portalId: string | number | undefined, baseUrl: string | undefined): string {
  return portalId !== undefined && portalId !== ""
    ? `portal ${portalId}`
    : (baseUrl ?? "https://api.hubapi.com").replace(/\/+$/, "");
}

/** The other stacks on this stack's portal. */
export function siblings(registry: Registry): StackFacts[] {
  return registry.stacks.filter((s) => s.name !== registry.stack && samePortal(s.portal, registry.portal));
}

/** The stack (other than this one) that manages, or is creating, the object with this key. */
export function ownerOf(registry: Registry, key: string): Claim | undefined {
  const k = sameKey(key);
  for (const s of siblings(registry)) {
    const claim = s.claims.find((c) => sameKey(c.key) === k);
    if (claim) return claim;
  }
  return undefined;
}

/** The other stacks that reference (use without owning) the object with this key. */
export function referencedBy(registry: Registry, key: string): string[] {
  const k = sameKey(key);
  return siblings(registry)
    .filter((s) => Object.keys(s.references).some((r) => sameKey(r) === k))
    .map((s) => s.name);
}

/** This stack's own facts. */
export function own(registry: Registry): StackFacts {
  return registry.stacks.find((s) => s.name === registry.stack) ?? { name: registry.stack, claims: [], references: {} };
}

// Reading the backend

export interface ReadOptions {
  /** The Pulumi project directory (holds Pulumi.yaml). */
  projectDir: string;
  stack: string;
  portal: string;
  timeoutMs?: number;
}

/** Reads every stack of the project from the backend: `pulumi stack ls`, then `pulumi stack export` per stack. */
export async function readRegistry(options: ReadOptions): Promise<Registry> {
  // One retry: a busy machine or a backend file being replaced at that instant should not stop a run.
  const once = (args: string[]) => pulumiOutput(options.projectDir, args, options.timeoutMs ?? 120_000);
  const run = (args: string[]) =>
    once(args).catch(async () => {
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      return once(args);
    });
  const listed = JSON.parse(await run(["stack", "ls", "--json"])) as Array<{ name: string }>;
  const names = [...new Set([...listed.map((s) => s.name.split("/").pop()!), options.stack])];
  const stacks = await Promise.all(
    names.map(async (name) => {
      const text = await run(["stack", "export", "--stack", name]).catch((err: Error) => {
        // A stack that was never applied has nothing to export.
        if (name === options.stack || /no stack named|not found|does not exist/i.test(err.message)) return "{}";
        throw err;
      });
      const exported = JSON.parse(text || "{}") as { deployment?: Deployment };
      return stackFacts(name, exported.deployment ?? {});
    }),
  );
  return { stack: options.stack, portal: options.portal, stacks };
}

/**
 * A Pulumi command's output, with the CLI every revstack command runs (src/project/pulumi: the one `revstack setup`
 * recorded, else PATH's), so the registry reads the backend with the same CLI as the run that reads it.
 */
async function pulumiOutput(projectDir: string, args: string[], timeoutMs: number): Promise<string> {
  const outcome = await pulumi(projectDir, [...args, "--non-interactive"], timeoutMs);
  if (outcome.failed) throw new Error(`pulumi ${args.join(" ")} failed: ${outcome.stderr.trim() || "no output"}`);
  return outcome.stdout;
}
