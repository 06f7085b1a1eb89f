/** The parts of `pulumi preview --json` (a PreviewDigest) that the readable review uses. */
import type { Props } from "../../kinds";

export interface ResourceState {
  urn: string;
  type: string;
  id?: string;
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
  parent?: string;
}

export interface PreviewStep {
  op: string;
  urn: string;
  oldState?: ResourceState;
  newState?: ResourceState;
  diffReasons?: string[] | null;
  replaceReasons?: string[] | null;
}

export interface EngineDiagnostic {
  urn?: string;
  message: string;
  severity: string;
}

export interface PreviewDigest {
  steps?: PreviewStep[];
  diagnostics?: EngineDiagnostic[];
  changeSummary?: Record<string, number>;
}

/** The signature key of a serialized secret value. */
const SECRET_SIG = "4dabf18193072939515e22adb298388d";
const SECRET_KEY = /token|secret|password|api_?key|authorization/i;

/** A value safe to print: secrets (marked by the engine, or by their name) become "[secret]", recursively. */
export function masked(value: unknown, key = ""): unknown {
  if (SECRET_KEY.test(key) && value !== undefined && value !== null && value !== "") return "[secret]";
  if (Array.isArray(value)) return value.map((v) => masked(v));
  if (value !== null && typeof value === "object") {
    if (SECRET_SIG in value) return "[secret]";
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, masked(v, k)]));
  }
  return value;
}

export type { Props };

/** What the resource is now (outputs, or inputs when it has no outputs yet), masked. */
export const before = (step: PreviewStep): Props =>
  masked(step.oldState?.outputs ?? step.oldState?.inputs ?? {}) as Props;
/** What the engine is going to make it (the program's inputs), masked. */
export const after = (step: PreviewStep): Props => masked(step.newState?.inputs ?? {}) as Props;

/** `pulumi-nodejs:dynamic/hubspot:Pipeline` → `hubspot:Pipeline`. */
export const typeOf = (step: PreviewStep): string =>
  (step.newState?.type ?? step.oldState?.type ?? step.urn.split("::")[2]?.split("$").pop() ?? "").replace(
    /^pulumi-nodejs:dynamic\//,
    "",
  );

/** The resource name: the last part of the URN. */
export const nameOf = (urn: string): string => urn.split("::").pop() ?? urn;

export { isUnknown, UNKNOWN } from "../../kinds/unknown";
