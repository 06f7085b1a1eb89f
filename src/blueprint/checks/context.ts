import type { Blueprint } from "../model";
import type { CheckInput, Findings } from "./findings";
import type { Names } from "./names";

/** What every check reads: the blueprint, where findings go, its names, and the files it came from. */
export interface CheckContext {
  blueprint: Blueprint;
  findings: Findings;
  names: Names;
  input: CheckInput;
}

/** A semantic check: what the schema cannot say (references, uniqueness, HubSpot's rules, coverage). */
export type Check = (context: CheckContext) => void;
