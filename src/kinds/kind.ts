/**
 * What revstack knows about one kind of object it manages (a pipeline, a stage, a property, an owner, a team,
 * an n8n workflow…): its type token, the fields an update changes and how they read, what names it in a portal,
 * what the provider computes, and how its changes and dangers are worded. Providers, the review (`preview`,
 * `drift`, `plan`), ownership, export, seed and report read the descriptor instead of restating it; each kind's
 * descriptor is one file in this folder.
 */
import { isDeepStrictEqual } from "node:util";
import type { Blueprint } from "../blueprint/model";
import { sameLabel } from "../clients/hubspot/client";
import type { Section } from "../words/change";
import type { Extra } from "../words/changes";
import type { Unknown } from "./unknown";

/**
 * What the engine records for a resource, as untyped JSON (a preview's steps, a stack's state). Only code that holds
 * that JSON uses it, through the one conversion in ./index (`kindOfType`); a kind's own code reads `Shown` fields.
 */
export type Props = Record<string, unknown>;

/**
 * A resource's inputs or outputs as the engine shows them: any field may be missing (an old state holds inputs
 * until its outputs are recorded) or not known until apply (a preview shows Pulumi's placeholder, e.g. a stage's
 * `pipelineId` before its pipeline exists). Values are the provider's own, whole: Pulumi leaves an `apply` result
 * unknown as a whole, and no field a kind reads is a secret the review masks.
 */
export type Shown<T> = { readonly [K in keyof T]?: T[K] | Unknown };

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
export interface NaturalKey<I> {
  prefix: string;
  /** How a key reads in a message: `Property "lead_source" (deals)`. */
  word: string;
  /** The key's rest from the inputs: `deals/lead_source`. */
  of(inputs: I): string;
}

/**
 * A field an update changes in place, as a reviewer reads it: `probability 20% → 40%`. Its format reads the
 * field's own type (the review skips a value not known yet, and says "set"/"removed" for a missing one).
 */
export type WordedField<I> = {
  [K in keyof I & string]: {
    /** Its name in the inputs, which is HubSpot's name for it (the plan's specs follow HubSpot's names). */
    key: K;
    /** How a change of it reads: `probability 20% → 40%`. */
    label: string;
    format?: (value: Exclude<I[K], undefined>) => string;
    /** Why changing it is dangerous (a property's type: records may lose their values). */
    danger?: string;
    /** The blueprint's name for it, when not HubSpot's (`group` for `groupName`). */
    blueprint?: string;
    /** Managed only when the blueprint gives it: left out, it is neither compared nor written. */
    optional?: boolean;
    /** Written when the object is created, never after (HubSpot does not change it). */
    createOnly?: boolean;
    /** What HubSpot holds when nothing was said: an export leaves it out, a read that finds nothing takes it. */
    unsaid?: (inputs: I) => unknown;
    /**
     * HubSpot's name for it when HubSpot holds something else that the provider resolves (a role's name is written
     * as the role's id, `roleId`): the provider writes and reads it, `hubspotFields` and `liveFields` leave it out.
     */
    hubspot?: string;
    /** An empty value clears it in HubSpot, so it is written (elsewhere HubSpot refuses an empty string). */
    clearable?: boolean;
    /** Its change is worded by the kind's `words.extra` (a team's rename, its members), not as a field line. */
    inExtra?: boolean;
  };
}[keyof I & string];

/** How a kind's changes read in a review, from its shown props `P`. */
export interface KindWords<P> {
  section: Section;
  /** The scope heading, e.g. "Pipeline 'New Business' (new-business)". */
  scope(props: P, parentLabel?: string): string | undefined;
  /** What the user calls it, e.g. "Stage 'Demo Scheduled'". */
  subject(props: P): string;
  /** Facts shown when it is created. */
  summary?(props: P): string;
  /** Changes a field list cannot express (a pipeline's set of stages, a property's options). */
  extra?(old: P, next: P, out: ChangeSink): void;
  /** Why deleting it is dangerous; `null` when its delete is done by another resource and not shown. */
  deleteDanger?: ((props: P) => string) | null;
  /** Lines under its delete (what in the blueprint pointed at it). */
  deleteDetails?(props: P): string[];
  /** An update that is something else in the user's words (a retired owner): describes it and returns true. */
  updateAs?(old: P, next: P, out: ChangeSink): boolean;
}

/**
 * How a blueprint declares objects of a kind: what makes it a CRM kind of the plan (src/plan/crm) that the program
 * declares (program/crm.ts). A kind that lists this, and the registry line in ./index, is all a new kind needs there.
 */
export interface Planning<I, L extends string = string> {
  /** Its list in the CRM plan: `plan.properties`. */
  list: L;
  /** Every object of the kind the blueprint declares, as its provider's inputs, in the blueprint's order. */
  specs(blueprint: Blueprint): I[];
  /**
   * Objects of another kind that must exist first (a property's group, a team's members), by that kind's natural key.
   * Their ids are looked up by the provider at apply time, by the same key.
   */
  after?: After<I> | ReadonlyArray<After<I>>;
}

/** Objects of one other kind that must exist first, by that kind's natural key. */
export interface After<I> {
  kind: Pick<AnyKind, "module" | "name">;
  keys(inputs: I): string[];
}

/** One input on its kind's page. */
export interface InputDoc {
  /** Its type as the blueprint writes it (`string`, `0.0–1.0`, `list of emails`). */
  type: string;
  meaning: string;
  /** Where the blueprint says it, when not under the field's own name (Markdown; `—` for what revstack sets). */
  blueprint?: string;
  /** HubSpot's value (or revstack's) when the blueprint leaves it out. */
  default?: string;
  /** HubSpot's name for it, when it is not one of the kind's fields yet is written (a property's `options`). */
  hubspot?: string;
  /** What a change of it does, when the kind's lists cannot tell (a pipeline's set of stages, its `alsoChanged`). */
  change?: string;
}

/**
 * A kind's page in the user docs (`docs/kinds/<page>.md`, written by `npm run docs:kinds` from the kind: src/kinds/docs.ts).
 * Every input and computed output must be documented here, so a field cannot be added without its words.
 */
export interface KindDocs<I, O> {
  /** The page's file name in docs/kinds/ (without `.md`) and its title. */
  page: string;
  title: string;
  /** What it is and what the blueprint says to make one, in a paragraph (Markdown). */
  summary: string;
  /** A whole blueprint that declares one (test/docs/examples.test.ts loads it), or a fragment of the YAML that does. */
  example: string;
  /** Every input: its type as the blueprint writes it, what it means, and HubSpot's value when left out. */
  inputs: { [K in keyof I & string]-?: InputDoc };
  /** What the provider computes and records (the kind's `outputOnly` that are not inputs). */
  outputs: { [K in Exclude<keyof O, keyof I> & string]-?: string };
  /** How an object in the portal is found for the blueprint's (beyond its natural key). */
  matching?: string;
  /** Taking over an object that already exists, and letting go of one. */
  adoption: string;
  /** What can destroy data or stop the apply, and what stops it first. */
  dangers: string[];
}

/**
 * A kind with inputs `I` (what the program declares), outputs `O` (what its provider records: the inputs plus what
 * it computed) and shown props `P` (what the review reads: the outputs as a preview shows them, plus what the
 * review adds for this kind, e.g. an owner's counted records).
 */
export interface Kind<I extends object, O extends I = I, P extends object = Shown<O>> {
  /** The type token's package and name: `hubspot` and `PipelineStage` make `hubspot:PipelineStage`. */
  module: "hubspot" | "n8n";
  name: string;
  /** Fields that name the object: changing one replaces it. */
  identity: ReadonlyArray<keyof I & string>;
  /** Fields an update changes in place and that read as one line each. */
  fields: ReadonlyArray<WordedField<I>>;
  /** Fields an update changes in place that `words.extra` describes in its own way (options, members). */
  alsoUpdatable?: ReadonlyArray<keyof I & string>;
  /** Outputs the provider computes (ids, what it found in HubSpot): never compared, never shown. */
  outputOnly: ReadonlyArray<keyof O & string>;
  /** The outputs the inputs alone tell, as `plan` (offline, no HubSpot) shows the object: e.g. whether HubSpot made it. */
  plannedOutputs?(inputs: I): Partial<O>;
  /** Whether an update changes what no field holds, as the provider's diff sees it (which stages a pipeline has). */
  alsoChanged?(old: I, next: I): boolean;
  /** What makes it one object in a portal, whichever stack declares it: `property:deals/lead_source`. */
  naturalKey?: NaturalKey<I>;
  /** Its page in the user docs. */
  docs: KindDocs<I, O>;
  /** How the blueprint declares it, when the CRM plan does (a stage is its pipeline's; n8n kinds have their plan). */
  planned?: Planning<I>;
  /** How an error message names one object: `Property "lead_source" (deals)`. */
  describe(inputs: I): string;
  /** Whether HubSpot made it (a default object): revstack may customize it, never deletes it. */
  isHubSpotDefault?(props: P): boolean;
  words: KindWords<P>;
}

/**
 * A kind as code holding the engine's untyped JSON reads it (the review, ownership): every field `unknown`. Only
 * `kindOfType` (./index) makes one, from the kind the JSON's type token names.
 */
export type RecordedKind = Kind<Props, Props, Props>;

/**
 * A kind whatever its inputs and outputs: what code that handles every kind holds (the review's order, the output-only
 * fields, ownership's key prefixes). Its members are compared one by one rather than by type argument, so every
 * `Kind<I, O, P>` is one; what reads a kind's inputs or props takes `never` here, so nothing can call it unchecked.
 */
export type AnyKind = Omit<
  { [K in keyof Kind<never, never, never>]: Kind<never, never, never>[K] },
  "plannedOutputs" | "planned" | "docs"
> & {
  docs: Omit<KindDocs<never, never>, "inputs" | "outputs"> & {
    inputs: Record<string, InputDoc>;
    outputs: Record<string, string>;
  };
  plannedOutputs?(inputs: never): object;
  planned?: Omit<Planning<never>, "specs"> & { specs(blueprint: Blueprint): object[] };
};

/** A kind the CRM plan lists under `L`: its natural key names its resources (`property.<key>`) and its objects. */
export type PlannedKind<L extends string, I extends object, O extends I = I, P extends object = Shown<O>> = Kind<
  I,
  O,
  P
> & { planned: Planning<I, L>; naturalKey: NaturalKey<I> };

/** The resource the program declares for one planned object: `property.deals-lead_source`. */
export const resourceName = (kind: { naturalKey?: { prefix: string } }, inputs: { key: string }): string =>
  `${kind.naturalKey?.prefix ?? ""}.${inputs.key}`;

/**
 * The object a blueprint declares with HubSpot's defaults filled in: each field it leaves out that HubSpot holds
 * something for (`unsaid`), unless the field is optional (then it is not managed at all).
 */
export function withUnsaid<I extends object>(kind: FieldList<I>, given: { [K in keyof I]: I[K] | undefined }): I {
  const inputs = given as I;
  const filled = kind.fields.filter((f) => !f.optional && f.unsaid && inputs[f.key] === undefined);
  return { ...inputs, ...Object.fromEntries(filled.map((f) => [f.key, f.unsaid?.(inputs)])) };
}

/** `hubspot:PipelineStage`: the type Pulumi records (after `pulumi-nodejs:dynamic/`). */
export const tokenOf = (kind: Pick<AnyKind, "module" | "name">): string => `${kind.module}:${kind.name}`;

/** Every field an update changes in place, in the descriptor's order (of a kind whatever its outputs and props). */
export function updatable<K extends string>(kind: {
  fields: ReadonlyArray<{ key: K }>;
  alsoUpdatable?: ReadonlyArray<K>;
}): K[] {
  return [...kind.fields.map((f) => f.key), ...(kind.alsoUpdatable ?? [])];
}

type FieldList<I> = { fields: ReadonlyArray<WordedField<I>> };
type FieldKey<I> = WordedField<I>["key"];

/**
 * What a create or an update writes to HubSpot, by HubSpot's names: each field the inputs give (an optional one only
 * when given, a create-only one only on create). An empty string is left out: HubSpot refuses one.
 */
export function hubspotFields<I extends object>(
  kind: FieldList<I>,
  inputs: I,
  on: "create" | "update",
): Pick<I, FieldKey<I>> {
  const written = kind.fields.filter((f) => !f.hubspot && (on === "create" || !f.createOnly));
  const left = (f: WordedField<I>) => inputs[f.key] === undefined || (inputs[f.key] === "" && !f.clearable);
  // Typed as the fields the inputs hold: what is left out is optional, resolved, or empty where HubSpot takes none.
  return Object.fromEntries(written.flatMap((f) => (left(f) ? [] : [[f.key, inputs[f.key]]]))) as Pick<I, FieldKey<I>>;
}

/**
 * A live object's fields in the inputs' shape, to compare with them: what HubSpot holds, else what it holds when
 * nothing was said. An optional field is read only when the inputs manage it, so leaving one out is never drift; a
 * required one HubSpot does not return keeps the inputs' value.
 */
export function liveFields<I extends object>(kind: FieldList<I>, live: object, inputs: I): Pick<I, FieldKey<I>> {
  const held = live as Partial<I>;
  const read = kind.fields.filter((f) => !f.hubspot && (!f.optional || inputs[f.key] !== undefined));
  return Object.fromEntries(
    read.map((f) => [f.key, held[f.key] ?? f.unsaid?.(inputs) ?? (f.optional ? undefined : inputs[f.key])]),
  ) as Pick<I, FieldKey<I>>;
}

/** Whether a blueprint says this live value: set, and not what HubSpot holds when nothing was said. */
function said<I extends object>(field: WordedField<I>, live: I): boolean {
  const value: unknown = live[field.key];
  return value !== undefined && value !== null && value !== "" && !isDeepStrictEqual(value, field.unsaid?.(live));
}

/**
 * A live object's fields as a blueprint writes them (`revstack export`): under the blueprint's names, in the kind's
 * order, only what a blueprint says; `optional` picks the settings a blueprint may leave out, or the others.
 */
export function blueprintFields<I extends object>(
  kind: FieldList<I>,
  live: I,
  optional: boolean,
): Record<string, unknown> {
  const written = kind.fields.filter((f) => Boolean(f.optional) === optional && said(f, live));
  return Object.fromEntries(written.map((f) => [f.blueprint ?? f.key, live[f.key]]));
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

export const position = (v: number): string => String(v + 1);

/**
 * What in the blueprint points at an object that leaves it (routing rules, teams, automations…), as `plan` adds it to
 * the object's props: the lines shown under its removal, and what of that survives the change.
 */
export interface Referenced {
  details: string[];
  /** "3 routing rules and 1 team", when something still points at it after the change. */
  stillUsedBy?: string;
}

/** The danger of removing what is still referenced, joined to the kind's own. */
export const referencedDanger = (danger: string, referenced: Referenced | undefined): string =>
  referenced?.stillUsedBy
    ? `still referenced by ${referenced.stillUsedBy}: their work is redistributed; ${danger}`
    : danger;
