/**
 * `revstack validate --stack`: the stack's blueprint, with notifications the stack cannot deliver as errors, and what
 * it would do twice, or to another unit's records, with the other stacks on its portal (./shared-portal.ts).
 */
import { compose } from "../blueprint/compose";
import { diagnostic, sortDiagnostics, type Diagnostic } from "../blueprint/diagnostics";
import { loadBlueprint } from "../blueprint";
import { locate } from "../blueprint/yaml-tree";
import { deliveryProblems } from "../plan/n8n";
import { EngineError, checkStackName } from "../project/pulumi";
import { findProject, stackBlueprint, stackConfigValues } from "./engine/run";
import { sharedPortalErrors } from "./shared-portal";

export interface StackValidation {
  file: string;
  diagnostics: Diagnostic[];
}

export async function validateStack(stack: string, cwd = process.cwd()): Promise<StackValidation> {
  checkStackName(stack);
  const projectDir = findProject(cwd);
  const config = stackConfigValues(projectDir, stack);
  if (!config)
    throw new EngineError(
      `no stack configuration for "${stack}": expected stacks/Pulumi.${stack}.yaml in ${projectDir}`,
    );
  const file = stackBlueprint(projectDir, stack);
  if (!file) throw new EngineError(`stacks/Pulumi.${stack}.yaml has no revstack:blueprint`);
  const { blueprint, diagnostics } = await loadBlueprint(file);
  if (!blueprint) return { file, diagnostics };
  // Presence is enough (a secret is there encrypted); the values are the engine's business.
  const set = (key: string) => config[key] !== undefined && config[key] !== null && config[key] !== "";
  const channels = {
    slack: set("revstack:slackToken"),
    email: set("revstack:smtpHost") && set("revstack:emailFrom"),
    webhook: set("revstack:notifyUrl"),
  };
  const shared = await sharedPortalErrors(projectDir, stack, file, blueprint);
  const problems = deliveryProblems(blueprint, channels);
  if (problems.length + shared.length === 0) return { file, diagnostics };
  const composed = await compose(file);
  const errors = problems.map((p) => {
    const at = p.uses[0].path;
    return diagnostic(locate(composed.value, at, composed.root), "error", `${p.message} (stack ${stack})`, at);
  });
  return { file, diagnostics: sortDiagnostics([...diagnostics, ...errors, ...shared]) };
}
