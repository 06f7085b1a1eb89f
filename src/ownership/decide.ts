/**
 * Before any write, the program decides for each HubSpot object of the blueprint what this stack does with it:
 * manage it (create it, or keep managing it), take it back after an interrupted run, adopt it because the stack
 * config names it, or only reference it because another stack on the portal owns it. What another stack owns is
 * never adopted, changed or deleted here: declaring it differently is an error that says where to change it.
 */
import { isDeepStrictEqual } from "node:util";
import { KEY_EXAMPLES } from "../blueprint/object-keys";
import { isKey, sameKey } from "./keys";
import { own, ownerOf, type Claim, type Registry } from "./registry";

/** The `ownership` input of a managed resource: what its provider may do when the object already exists. */
export interface OwnershipInput {
  /** This stack's name (the provider names it in messages and leaves its own claims out when it looks for owners). */
  stack: string;
  /** The stack config names this object (or says `revstack:adopt true`): take it over as it is; release it later. */
  adopt?: true;
  /** This stack's interrupted run had this object's create in flight: an existing object is this stack's. */
  recover?: true;
}

/** What the provider recorded: whether the stack made the object or adopted it (adopted ones are released, not deleted). */
export interface OwnershipOutput extends OwnershipInput {
  origin?: "created" | "adopted";
}

export type Decision = { kind: "manage"; input: OwnershipInput } | { kind: "reference"; owner: Claim };

export interface AdoptSettings {
  /** `revstack:adopt true`: adopt every existing object nobody else owns (a whole exported account). */
  all: boolean;
  /** `revstack:adoptObjects`: the natural keys to adopt, one by one. */
  keys: string[];
}

/** A blueprint that would change, adopt or take what another stack owns: stops the run before any write. */
export class OwnershipError extends Error {}

/** Fields that are not part of what the blueprint declares (ids, computed outputs, the serialized provider). */
const NOT_DECLARED = new Set([
  "__provider",
  "key",
  "ownership",
  "hubspotId",
  "stageIds",
  "unmanagedStages",
  "roleId",
  "primaryTeamId",
  "unmatched",
]);

function declared(value: Record<string, unknown>): Record<string, unknown> {
  const plain = JSON.parse(JSON.stringify(value)) as Record<string, unknown>;
  return Object.fromEntries(Object.entries(plain).filter(([k, v]) => !NOT_DECLARED.has(k) && v !== ""));
}

/** The declared fields whose values differ between this blueprint and what the owner applied. */
export function differingFields(spec: Record<string, unknown>, owner: Record<string, unknown>): string[] {
  const a = declared(spec);
  const b = declared(owner);
  return [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((k) => !isDeepStrictEqual(a[k], b[k])).sort();
}

export function decide(
  registry: Registry,
  key: string,
  what: string,
  spec: Record<string, unknown>,
  adopt: AdoptSettings,
): Decision {
  const mine = own(registry).claims;
  const k = sameKey(key);
  if (mine.some((c) => c.state === "managed" && sameKey(c.key) === k))
    return { kind: "manage", input: { stack: registry.stack } };
  const owner = ownerOf(registry, key);
  if (owner?.state === "pending") {
    throw new OwnershipError(
      `${what} is being created by stack "${owner.stack}" (a run of that stack is in progress or was interrupted). ` +
        `Apply stack "${owner.stack}" to the end first, then apply this stack again. Nothing was applied.`,
    );
  }
  if (owner) {
    const fields = differingFields(spec, owner.inputs);
    if (fields.length === 0) return { kind: "reference", owner };
    throw new OwnershipError(
      `${what} is owned by stack "${owner.stack}" on this portal, and this blueprint declares it differently ` +
        `(${fields.join(", ")}). Make the change in the blueprint of stack "${owner.stack}" and apply that stack, or give this ` +
        "object its own name here. Nothing was applied.",
    );
  }
  if (mine.some((c) => c.state === "pending" && sameKey(c.key) === k))
    return { kind: "manage", input: { stack: registry.stack, recover: true } };
  if (adopt.all || adopt.keys.some((a) => sameKey(a) === k))
    return { kind: "manage", input: { stack: registry.stack, adopt: true } };
  return { kind: "manage", input: { stack: registry.stack } };
}

/** `revstack:adoptObjects` as a list of keys; a value that is not one is an error naming the expected form. */
export function adoptKeys(value: unknown): string[] {
  if (value === undefined || value === null || value === "") return [];
  const list = typeof value === "string" ? parseList(value) : value;
  if (!Array.isArray(list) || list.some((k) => typeof k !== "string" || !isKey(k))) {
    throw new OwnershipError(
      `revstack:adoptObjects must be a list of object keys such as ${KEY_EXAMPLES}; got ${JSON.stringify(value)}`,
    );
  }
  return list.map((k: string) => k.trim());
}

function parseList(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text
      .split(",")
      .map((k) => k.trim())
      .filter(Boolean);
  }
}
