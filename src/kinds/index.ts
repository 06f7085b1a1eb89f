/** Every kind of object revstack manages, by the type Pulumi records (`hubspot:Property`). */
import { credentialKind } from "./credential";
import { tokenOf, type AnyKind } from "./kind";
import { pipelineKind } from "./pipeline";
import { propertyKind } from "./property";
import { propertyGroupKind } from "./property-group";
import { stageKind } from "./stage";
import { teamKind } from "./team";
import { userKind } from "./user";
import { workflowKind } from "./workflow";

/** In the order a review lists them: pipelines, their stages, groups, properties, owners, teams, n8n. */
export const KINDS: readonly AnyKind[] = [
  pipelineKind,
  stageKind,
  propertyGroupKind,
  propertyKind,
  userKind,
  teamKind,
  credentialKind,
  workflowKind,
];

const BY_TOKEN = new Map(KINDS.map((kind) => [tokenOf(kind), kind]));

/** `pulumi-nodejs:dynamic/hubspot:Property` (or `hubspot:Property`) → `hubspot:Property`. */
export const tokenOfType = (type: string): string => type.replace(/^pulumi-nodejs:dynamic\//, "");

/** The kind of a resource type, undefined for a type revstack does not declare (plumbing, or a newer provider). */
export const kindOfType = (type: string): AnyKind | undefined => BY_TOKEN.get(tokenOfType(type));

export { tokenOf, updatable, type AnyKind, type Kind, type Props } from "./kind";
