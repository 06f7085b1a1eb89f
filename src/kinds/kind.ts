/**
 * What revstack knows about one kind of object it manages (a pipeline, a stage, a property, an owner, a team,
 * an n8n workflow…): its type token, the fields an update changes and how they read, what names it in a portal,
 * what the provider computes, and how its changes and dangers are worded. Providers, the review (`preview`,
 * `drift`, `plan`), ownership, export, seed and report read the descriptor instead of restating it; each kind's
 * descriptor is one file in this folder.
 */
import { sameLabel } from "../clients/hubspot/client";
import type { Section } from "../review/change";
import type { Extra } from "../review/diff/changes";

/** A resource's inputs or outputs as the engine shows them: any field may be missing or not known yet. */
export type Props = Record<string, unknown>;

/** Where a kind's wording writes its changes (the review's scoped change list). */
export interface ChangeSink {
  added(message: string, extra?: Extra): void;
  removed(message: string, extra?: Extra): void;
  changed(message: string, extra?: Extra): void;
  released(message: string, extra?: Extra): void;
  fields(subject: string, parts: ReadonlyArray<string | undefined>): void;
}

/**
 * A natural key, `<prefix>:<rest>` (`property:deals/lead_source`, `user:jo@acme.test`): how stacks on one portal
 * tell which objects they share, and how users name one object (`revstack:adoptObjects`, `revstack release`).
 */
export interface NaturalKey {
  prefix: string;
  /** How a key reads in a message: `Property "lead_source" (deals)`. */
  word: string;
  /** The key's rest from the inputs: `deals/lead_source`. */
  of(inputs: Props): string;
}

/** A field an update changes in place, as a reviewer reads it: `probability 20% → 40%`. */
export interface WordedField<K extends string = string> {
  key: K;
  label: string;
  format?: (value: never) => string;
}

/** How a kind's changes read in a review. */
export interface KindWords {
  section: Section;
  /** The scope heading, e.g. "Pipeline 'New Business' (new-business)". */
  scope(props: Props, parentLabel?: string): string | undefined;
  /** What the user calls it, e.g. "Stage 'Demo Scheduled'". */
  subject(props: Props): string;
  /** Facts shown when it is created. */
  summary?(props: Props): string;
  /** Changes a field list cannot express (a pipeline's set of stages, a property's options). */
  extra?(old: Props, next: Props, out: ChangeSink): void;
  /** Why deleting it is dangerous; `null` when its delete is done by another resource and not shown. */
  deleteDanger?: ((props: Props) => string) | null;
  /** An update that is something else in the user's words (a retired owner): describes it and returns true. */
  updateAs?(old: Props, next: Props, out: ChangeSink): boolean;
}

export interface Kind<I extends object = Props> {
  /** The type token's package and name: `hubspot` and `PipelineStage` make `hubspot:PipelineStage`. */
  module: "hubspot" | "n8n";
  name: string;
  /** Fields that name the object: changing one replaces it. */
  identity: ReadonlyArray<keyof I & string>;
  /** Fields an update changes in place and that read as one line each. */
  fields: ReadonlyArray<WordedField<keyof I & string>>;
  /** Fields an update changes in place that `words.extra` describes in its own way (options, members). */
  alsoUpdatable?: ReadonlyArray<keyof I & string>;
  /** Outputs the provider computes (ids, what it found in HubSpot): never compared, never shown. */
  outputOnly: readonly string[];
  /** What makes it one object in a portal, whichever stack declares it: `property:deals/lead_source`. */
  naturalKey?: NaturalKey;
  /** How an error message names one object: `Property "lead_source" (deals)`. */
  describe(inputs: I): string;
  /** Whether HubSpot made it (a default object): revstack may customize it, never deletes it. */
  isHubSpotDefault?(props: Props): boolean;
  words: KindWords;
}

/** A kind whatever its inputs: what code that handles every kind (the review, ownership) holds. */
export type AnyKind = Kind<never>;

/** `hubspot:PipelineStage`: the type Pulumi records (after `pulumi-nodejs:dynamic/`). */
export const tokenOf = (kind: Pick<Kind<never>, "module" | "name">): string => `${kind.module}:${kind.name}`;

/** Every field an update changes in place, in the descriptor's order. */
export function updatable<I extends object>(kind: Kind<I>): Array<keyof I & string> {
  return [...kind.fields.map((f) => f.key), ...(kind.alsoUpdatable ?? [])];
}

/**
 * The live pipeline or stage that is the blueprint's: by label as HubSpot compares labels, else one whose id is the
 * key (made by hand with explicit ids). Pipelines and stages are matched alike, by the providers and the report.
 */
export function findByLabel<L extends { id: string; label: string }>(
  live: readonly L[],
  wanted: { key: string; label: string },
): L | undefined {
  return live.find((l) => sameLabel(l.label, wanted.label)) ?? live.find((l) => l.id === wanted.key);
}

export const text = (v: unknown): string =>
  typeof v === "string" ? v : v === undefined || v === null ? "" : String(v);
export const position = (v: number): string => String(v + 1);
