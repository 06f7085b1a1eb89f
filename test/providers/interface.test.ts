// Every resource file implements the provider interface (providers/shared/shim.ts) for its own inputs, outputs
// and settings: the assignments below are what tsc checks (a file whose methods take another shape fails
// `npm run typecheck`); the test checks that the methods the shim forwards to are all there at run time.
import { describe, expect, it } from "vitest";
import * as credential from "../../providers/n8n-credential";
import * as pipeline from "../../providers/pipeline";
import * as property from "../../providers/property";
import * as group from "../../providers/property-group";
import * as stage from "../../providers/stage";
import * as team from "../../providers/team";
import * as user from "../../providers/user";
import * as workflow from "../../providers/workflow";
import type { N8nSettings } from "../../providers/shared/n8n";
import type { ResourceImpl } from "../../providers/shared/shim";

const impls: Record<string, ResourceImpl<unknown, unknown, unknown>> = {
  pipeline: pipeline satisfies ResourceImpl<pipeline.PipelineInputs, pipeline.PipelineOutputs>,
  stage: stage satisfies ResourceImpl<stage.StageInputs, stage.StageInputs>,
  "property-group": group satisfies ResourceImpl<group.PropertyGroupInputs, group.PropertyGroupInputs>,
  property: property satisfies ResourceImpl<property.PropertyInputs, property.PropertyOutputs>,
  user: user satisfies ResourceImpl<user.UserInputs, user.UserOutputs>,
  team: team satisfies ResourceImpl<team.TeamInputs, team.TeamOutputs>,
  workflow: workflow satisfies ResourceImpl<workflow.WorkflowInputs, workflow.WorkflowOutputs, N8nSettings>,
  "n8n-credential": credential satisfies ResourceImpl<
    credential.CredentialInputs,
    credential.CredentialInputs,
    N8nSettings
  >,
};

describe("the provider interface", () => {
  it.each(Object.entries(impls))("%s exports every method the shim forwards to, and settingsFrom", (_file, impl) => {
    for (const method of ["check", "diff", "create", "read", "update", "delete", "settingsFrom"]) {
      expect(typeof (impl as unknown as Record<string, unknown>)[method], method).toBe("function");
    }
  });
});
