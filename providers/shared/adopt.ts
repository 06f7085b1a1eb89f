import { naturalKey, sameKey } from "../../src/ownership/keys";
import type { OwnershipInput, OwnershipOutput } from "../../src/ownership/decide";
import { own, ownerOf, portalOf, readRegistry, referencedBy, type Registry } from "../../src/ownership/registry";
import { findProjectDir } from "../../src/project/paths";
import type { Settings } from "./config";

/**
 * The inputs and outputs of an object a stack may own: the program's ownership decision (program/crm.ts), and
 * once recorded how the stack came to own it (a refresh keeps that in the inputs too, see `keepOrigin`).
 */
export interface Owned {
  ownership?: OwnershipOutput;
}

/** The object a create or delete is about: its resource type, natural key and how the user calls it. */
export interface Subject {
  type: string;
  inputs: Record<string, unknown>;
  what: string;
}

const keyOf = (s: Subject): string => naturalKey(s.type, s.inputs) ?? s.what;

/**
 * A create found a live object with the resource's natural key. It becomes this stack's only when this stack's
 * interrupted run was creating it (`recover`), or when the stack adopts it (per object, or the whole account) and
 * no other stack owns it; otherwise stop before any write, naming the owner or the command that adopts just this
 * object. Returns how the stack came to own it (an adopted object is released, not deleted, later).
 */
export async function mayTakeOver(
  settings: Settings | undefined,
  subject: Subject,
  liveId: string,
): Promise<"created" | "adopted"> {
  const ownership = subject.inputs.ownership as OwnershipInput | undefined;
  if (!ownership) return legacyAdopt(settings, subject.what, liveId);
  if (ownership.recover) return "created";
  const key = keyOf(subject);
  const registry = await registryOrStop(
    settings,
    ownership.stack,
    `${subject.what} already exists in HubSpot (id ${liveId})`,
  );
  const owner = ownerOf(registry, key);
  if (owner) {
    throw new Error(
      `${subject.what} already exists in HubSpot (id ${liveId}) and is owned by stack "${owner.stack}". ` +
        `This stack does not take it. Declare it the same way as stack "${owner.stack}" does (this stack then uses it without owning it), ` +
        "or rename it here. Nothing was changed.",
    );
  }
  if (ownership.adopt || settings?.adopt) return "adopted";
  const next = settings?.adoptObjects?.length ?? 0;
  throw new Error(
    `${subject.what} already exists in HubSpot (id ${liveId}) and no stack manages it. To adopt just this object, run ` +
      `\`pulumi config set --path 'revstack:adoptObjects[${next}]' '${key}'\` and apply again (it is then released, not deleted, ` +
      "when it leaves the blueprint); or rename it in the blueprint. Nothing was changed.",
  );
}

/** Resources applied before ownership existed: the stack-wide switch, as before. */
function legacyAdopt(settings: Settings | undefined, what: string, liveId: string): "adopted" {
  if (settings?.adopt) return "adopted";
  throw new Error(
    `${what} already exists in HubSpot (id ${liveId}) and is not managed by this stack. ` +
      "Adopt it per object with revstack:adoptObjects, or a whole exported account with revstack:adopt true (see docs/ownership.md " +
      "in the revstack package); or rename it in the blueprint.",
  );
}

/**
 * Whether a delete may remove the object from HubSpot: an adopted object is released instead (the stack forgets
 * it, HubSpot keeps it as it is) unless the blueprint's `delete:` list names it, and an object another stack
 * references is not deleted at all. What is deleted goes through the provider's usual guards.
 */
export async function deleteOrRelease(settings: Settings | undefined, subject: Subject): Promise<"delete" | "release"> {
  const ownership = subject.inputs.ownership as OwnershipOutput | undefined;
  if (!ownership) return "delete";
  // An adopted object is deleted only when the stack's blueprint lists it under `delete:`: read fresh, as this run's
  // program recorded it on the stack's blueprint component (saved before the engine deletes anything).
  const fresh = ownership.origin === "adopted";
  const registry = await registryOrStop(settings, ownership.stack, `Cannot delete ${subject.what}`, fresh);
  if (fresh && !own(registry).deletes?.some((k) => sameKey(k) === sameKey(keyOf(subject)))) return "release";
  const users = referencedBy(registry, keyOf(subject));
  if (users.length > 0) {
    throw new Error(
      `${subject.what} is used by stack(s) ${users.map((s) => `"${s}"`).join(", ")}, which reference it without owning it. ` +
        "Deleting it would pull it out from under them: destroy those stacks (or apply them without it) first. Nothing was changed.",
    );
  }
  return "delete";
}

/** What the outputs record: the ownership input plus how the stack came to own the object. */
export function ownershipOutput(
  inputs: Record<string, unknown>,
  origin: "created" | "adopted",
): Record<string, unknown> {
  const ownership = inputs.ownership as OwnershipInput | undefined;
  return ownership ? { ownership: { stack: ownership.stack, origin } } : {};
}

/** Keeps the recorded origin through updates and refreshes (the program's inputs do not carry it). */
export function keepOrigin<T extends object>(
  outs: T,
  olds: Record<string, unknown> | undefined,
  news?: Record<string, unknown>,
): T {
  const recorded = olds?.ownership as OwnershipOutput | undefined;
  const declared = (news ?? olds)?.ownership as OwnershipInput | undefined;
  if (!recorded && !declared) return outs;
  return { ...outs, ownership: { stack: declared?.stack ?? recorded?.stack, origin: recorded?.origin ?? "created" } };
}

const memo = Symbol.for("revstack.ownership.registry");
const FRESH_MS = 5_000;

/**
 * The registry as the provider process reads it (the project is the process's working directory). Reads are
 * shared for a few seconds, so adopting a whole account does not read the backend once per object, while a
 * collision still sees a stack that started creating the same object moments ago.
 */
async function registryOrStop(
  settings: Settings | undefined,
  stack: string,
  context: string,
  fresh = false,
): Promise<Registry> {
  const portal = portalOf(settings?.portalId, settings?.connection?.baseUrl);
  const g = globalThis as unknown as Record<symbol, { at: number; key: string; read: Promise<Registry> } | undefined>;
  const key = `${stack}|${portal}`;
  const cached = g[memo];
  if (fresh || !cached || cached.key !== key || Date.now() - cached.at > FRESH_MS) {
    g[memo] = {
      at: Date.now(),
      key,
      read: readRegistry({ projectDir: findProjectDir(process.cwd()) ?? process.cwd(), stack, portal }),
    };
  }
  try {
    return await g[memo]!.read;
  } catch (err) {
    g[memo] = undefined;
    throw new Error(
      `${context}, and which stack owns it cannot be read from Pulumi's backend: ${(err as Error).message}. Nothing was changed.`,
      { cause: err },
    );
  }
}

/**
 * A create that wrote to HubSpot and then failed. Pulumi records the object (with init errors) from an error
 * carrying `id` and `properties`, and the next run updates it instead of creating it twice.
 */
export function createdButFailed(err: unknown, id: string, properties: object): Error {
  const message = err instanceof Error ? err.message : String(err);
  return Object.assign(new Error(message), { id, properties, reasons: [message] });
}
