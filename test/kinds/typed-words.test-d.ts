/**
 * A kind's words, natural key and formats read its own typed inputs and outputs, as a preview shows them (any
 * field missing or not known yet); only `kindOfType` hands them the engine's untyped JSON. Type-level: vitest
 * checks these with tsc (`typecheck` in vitest.config.mts), so a kind that goes back to reading
 * `Record<string, unknown>` through casts fails here.
 */
import { describe, expectTypeOf, it } from "vitest";
import { kindOfType, type AnyKind, type Kind, type Props, type Shown } from "../../src/kinds";
import { credentialKind, type CredentialInputs } from "../../src/kinds/credential";
import { pipelineKind, type PipelineInputs, type PipelineOutputs } from "../../src/kinds/pipeline";
import { propertyKind, type PropertyInputs, type PropertyOutputs } from "../../src/kinds/property";
import { propertyGroupKind, type PropertyGroupInputs } from "../../src/kinds/property-group";
import { stageKind, type StageInputs } from "../../src/kinds/stage";
import { teamKind, type ShownTeam } from "../../src/kinds/team";
import type { Unknown } from "../../src/kinds/unknown";
import { userKind, type ShownOwner, type UserInputs } from "../../src/kinds/user";
import { workflowKind, type WorkflowOutputs } from "../../src/kinds/workflow";

describe("typed kinds", () => {
  it("words read the kind's outputs as a preview shows them", () => {
    expectTypeOf(pipelineKind.words.subject).parameter(0).toEqualTypeOf<Shown<PipelineOutputs>>();
    expectTypeOf(stageKind.words.subject).parameter(0).toEqualTypeOf<Shown<StageInputs>>();
    expectTypeOf(propertyGroupKind.words.subject).parameter(0).toEqualTypeOf<Shown<PropertyGroupInputs>>();
    expectTypeOf(propertyKind.words.subject).parameter(0).toEqualTypeOf<Shown<PropertyOutputs>>();
    expectTypeOf(userKind.words.subject).parameter(0).toEqualTypeOf<ShownOwner>();
    expectTypeOf(teamKind.words.subject).parameter(0).toEqualTypeOf<ShownTeam>();
    expectTypeOf(credentialKind.words.subject).parameter(0).toEqualTypeOf<Shown<CredentialInputs>>();
    expectTypeOf(workflowKind.words.subject).parameter(0).toEqualTypeOf<Shown<WorkflowOutputs>>();
    expectTypeOf(propertyKind.isHubSpotDefault).parameter(0).toEqualTypeOf<Shown<PropertyOutputs>>();
  });

  it("a shown field may be missing or Pulumi's placeholder", () => {
    expectTypeOf<Shown<StageInputs>["probability"]>().toEqualTypeOf<number | Unknown | undefined>();
    expectTypeOf<Shown<PipelineOutputs>["stageIds"]>().toEqualTypeOf<Record<string, string> | Unknown | undefined>();
  });

  it("natural keys read the inputs the program declares", () => {
    expectTypeOf(pipelineKind.naturalKey!.of).parameter(0).toEqualTypeOf<PipelineInputs>();
    expectTypeOf(propertyKind.naturalKey!.of).parameter(0).toEqualTypeOf<PropertyInputs>();
    expectTypeOf(userKind.naturalKey!.of).parameter(0).toEqualTypeOf<UserInputs>();
  });

  it("a field's format reads that field's type", () => {
    const fields: Kind<StageInputs>["fields"] = [
      { key: "probability", label: "probability", format: (share: number) => `${share}` },
      // @ts-expect-error a probability is a number, not a string
      { key: "probability", label: "probability", format: (share: string) => share },
    ];
    expectTypeOf(fields).not.toBeAny();
  });

  it("untyped JSON reaches a kind only through kindOfType", () => {
    expectTypeOf<AnyKind["words"]["subject"]>().parameter(0).toBeNever();
    expectTypeOf<AnyKind["describe"]>().parameter(0).toBeNever();
    expectTypeOf(kindOfType("hubspot:Pipeline")!.words.subject).parameter(0).toEqualTypeOf<Props>();
  });
});
