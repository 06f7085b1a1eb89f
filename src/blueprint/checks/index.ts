import type { Diagnostic } from "../diagnostics";
import type { Blueprint } from "../model";
import { checkAutomations } from "./automations";
import type { CheckContext, Check } from "./context";
import { checkCustomObjects } from "./custom-objects";
import { checkDeletions } from "./deletions";
import { checkHubSpotWorkflows } from "./hubspot-workflows";
import { CheckInput, Findings } from "./findings";
import { checkLifecycle } from "./lifecycle";
import { checkLists } from "./lists";
import { Names } from "./names";
import { checkPeople } from "./people";
import { checkPipelines } from "./pipelines";
import { checkProperties } from "./properties";
import { checkReporting } from "./reporting";
import { checkRouting } from "./routing";
import { checkScope } from "./scope";
import { checkUniqueKeys } from "./unique";

export type { CheckInput } from "./findings";

export type { Check, CheckContext } from "./context";

const checks: Check[] = [
  checkUniqueKeys,
  checkPeople,
  checkRouting,
  checkLifecycle,
  checkPipelines,
  checkProperties,
  checkLists,
  checkCustomObjects,
  checkAutomations,
  checkHubSpotWorkflows,
  checkScope,
  checkReporting,
  checkDeletions,
];

export function runChecks(blueprint: Blueprint, input: CheckInput): Diagnostic[] {
  const context: CheckContext = { blueprint, findings: new Findings(input), names: new Names(blueprint), input };
  for (const check of checks) check(context);
  return context.findings.diagnostics;
}
