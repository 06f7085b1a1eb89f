import type { Blueprint } from "../../blueprint/model";
import { compileN8n } from "./index";
import type { N8nTarget } from "./nodes";
import type { CompiledWorkflow } from "./compiled";

/**
 * What the n8n plan needs that only exists once the CRM part and the credentials are applied. `pipelines` may hold
 * only the pipelines a workflow uses: the others keep placeholder ids, which that workflow never carries. HubSpot's
 * default pipelines the blueprint does not declare are never here: their ids are fixed (BUILTIN_PIPELINES).
 */
export interface AppliedIds {
  credentialId: string;
  pipelines: Record<string, { id: string; stages: Record<string, string> }>;
  slack?: N8nTarget["slack"];
  email?: N8nTarget["email"];
  /** The credentials the webhooks check callers with. */
  callers: N8nTarget["callers"];
}

/** One workflow the stack manages: known from the blueprint alone, so it is declared during preview too. */
export interface WorkflowSpec {
  key: string;
  active: boolean;
  warnings: string[];
  /** The pipelines whose CRM ids the workflow carries: it waits for those alone. */
  pipelines: string[];
}

/** The desired n8n state of a blueprint, the counterpart of `crmPlan`: what the program declares. */
export interface N8nPlan {
  /** The n8n credential the workflows call the CRM with. */
  credentialName: string;
  workflows: WorkflowSpec[];
  /**
   * Each workflow's definition by key. The CRM ids shape the definitions (stage ids name the properties a
   * workflow reads, and order them), so they are compiled here once the ids are known, from the same inputs.
   */
  definitions(ids: AppliedIds): Record<string, CompiledWorkflow["definition"]>;
}

/** The target settings of a stack; the credentials and CRM ids come later, through `definitions`. */
export type N8nSettings = Omit<N8nTarget, "crmCredential" | "crmIds" | "callers"> & {
  /** `hubspot:clientSecret` is set: public webhooks also serve HubSpot's signed calls on `<path>/hubspot`. */
  hubspotSigned?: boolean;
};

/**
 * The n8n plan of a resolved blueprint: which workflows exist (and what they warn about) follows from the blueprint
 * alone, so they are listed with placeholder ids; routing, automations and the metrics' stamps all count, so a
 * blueprint with metrics only still gets its stamps. Throws AutomationError like `compileN8n`.
 */
export function n8nPlan(blueprint: Blueprint, settings: N8nSettings): N8nPlan {
  const credentialName = `revstack ${blueprint.metadata.name} CRM`;
  const placeholders = placeholderIds(blueprint);
  const none = { id: "", name: "" };
  const unknownCallers = { secret: none, internal: none, ...(settings.hubspotSigned && { hubspot: none }) };
  const shapes = compileN8n(blueprint, {
    ...settings,
    crmCredential: none,
    crmIds: placeholders,
    callers: unknownCallers,
  });
  return {
    credentialName,
    // HubSpot's default pipelines have fixed ids, so a workflow waits only for the pipelines the stack declares.
    workflows: shapes.map((w) => ({
      key: w.key,
      active: w.active,
      warnings: w.warnings ?? [],
      pipelines: (w.pipelines ?? []).filter((key) => Object.hasOwn(blueprint.pipelines, key)),
    })),
    definitions: ({ credentialId, pipelines, slack, email, callers }) => {
      const crmIds = { pipelines: { ...placeholders.pipelines, ...pipelines } };
      const crmCredential = { id: credentialId, name: credentialName };
      const target = { ...settings, crmCredential, crmIds, slack, email, callers };
      return Object.fromEntries(compileN8n(blueprint, target).map((w) => [w.key, w.definition]));
    },
  };
}

function placeholderIds(blueprint: Blueprint): NonNullable<N8nTarget["crmIds"]> {
  const pipelines = Object.fromEntries(
    Object.entries(blueprint.pipelines).map(([key, p]) => [
      key,
      { id: key, stages: Object.fromEntries(p.stages.map((s) => [s.key, s.key])) },
    ]),
  );
  return { pipelines };
}
