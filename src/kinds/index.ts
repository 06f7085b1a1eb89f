/** Every kind of object revstack manages, by the type Pulumi records (`hubspot:Property`). */
import { associationLabelKind } from "./association-label";
import { credentialKind } from "./credential";
import { customObjectKind } from "./custom-object";
import { hubspotWorkflowKind } from "./hubspot-workflow";
import { tokenOf, type AnyKind, type RecordedKind } from "./kind";
import { listKind } from "./list";
import { pipelineKind } from "./pipeline";
import { propertyKind } from "./property";
import { propertyGroupKind } from "./property-group";
import { stageKind } from "./stage";
import { teamKind } from "./team";
import { userKind } from "./user";
import { workflowKind } from "./workflow";

/**
 * The registry: every kind, once, in the order a review lists them (pipelines, their stages, groups, properties,
 * owners, teams, n8n). A kind with `planned` is a list of the CRM plan (src/plan/crm) that the program declares
 * (program/crm.ts): adding one is its file in this folder, its provider, and its line here (docs/architecture.md).
 */
export const REGISTRY = [
  pipelineKind,
  stageKind,
  propertyGroupKind,
  propertyKind,
  listKind,
  customObjectKind,
  associationLabelKind,
  userKind,
  teamKind,
  hubspotWorkflowKind,
  credentialKind,
  workflowKind,
] as const;

export const KINDS: readonly AnyKind[] = REGISTRY;

const BY_TOKEN = new Map(KINDS.map((kind) => [tokenOf(kind), kind]));

/** `pulumi-nodejs:dynamic/hubspot:Property` (or `hubspot:Property`) → `hubspot:Property`. */
export const tokenOfType = (type: string): string => type.replace(/^pulumi-nodejs:dynamic\//, "");

/**
 * The kind of a resource type, to read what the engine recorded for it (a preview's steps, a stack's state);
 * undefined for a type revstack does not declare (plumbing, or a newer provider).
 *
 * This is the one place untyped engine JSON meets a kind's typed words, natural key and formats, and the one cast
 * that lets it. It is sound because the JSON under a type token is what that kind's provider recorded (its
 * outputs, or the program's inputs to it): its fields have the kind's types; `Shown` already lets each be missing
 * or not known yet; the review adds only what the kind's shown props declare (an owner's counted records). What
 * reads a kind's inputs in `AnyKind` takes `never`, so no other code can hand it untyped JSON.
 */
export const kindOfType = (type: string): RecordedKind | undefined =>
  BY_TOKEN.get(tokenOfType(type)) as RecordedKind | undefined;

export {
  resourceName,
  tokenOf,
  updatable,
  type After,
  type AnyKind,
  type Kind,
  type Props,
  type RecordedKind,
  type Shown,
} from "./kind";
