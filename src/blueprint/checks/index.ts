import type { Diagnostic } from "../diagnostics";
import type { Blueprint } from "../model";
import { CheckInput, Findings } from "./findings";

export type { CheckInput } from "./findings";

/** A semantic check: what the schema cannot say (references, uniqueness, HubSpot's rules, coverage). */
export type Check = (blueprint: Blueprint, findings: Findings, input: CheckInput) => void;

const checks: Check[] = [];

export function runChecks(blueprint: Blueprint, input: CheckInput): Diagnostic[] {
  const findings = new Findings(input);
  for (const check of checks) check(blueprint, findings, input);
  return findings.diagnostics;
}
