/** The words of the HubSpot workflow's docs page (src/kinds/docs.ts writes docs/kinds/hubspot-workflow.md from them). */
import type { KindDocs } from "./kind";
import type { HubSpotWorkflowInputs, HubSpotWorkflowOutputs } from "./hubspot-workflow";

export const hubspotWorkflowDocs: KindDocs<HubSpotWorkflowInputs, HubSpotWorkflowOutputs> = {
  page: "hubspot-workflow",
  title: "HubSpot workflow",
  summary:
    "A workflow HubSpot itself runs (automation v4 flow, `/automation/2026-09-beta/flows`), from " +
    "`hubspotWorkflows.<key>`: what enrolls a record (`trigger`) and its `steps` in order — delays, property " +
    "sets, owner assignment and rotation by email, tasks, internal emails, branches on a property's value. A " +
    "trigger or step revstack has no words for is written by `revstack export` as `hubspot:`, exactly as HubSpot " +
    "holds it, so nothing is lost. See [HubSpot workflows](../hubspot-workflows.md).",
  example: `apiVersion: revstack/v1
kind: Blueprint
metadata: { name: nurture }
owners:
  - { email: sam.lee@acme.test, firstName: Sam, lastName: Lee }
pipelines:
  new-business:
    label: New Business
    stages:
      - { key: demo, label: Demo, probability: 0.4 }
      - { key: won, label: Won, probability: 1.0, closed: won }
      - { key: lost, label: Lost, probability: 0.0, closed: lost }
hubspotWorkflows:
  lead-nurture:
    name: Lead nurture
    object: deals
    trigger: { stageEntered: { pipeline: new-business, stage: demo } }
    steps:
      - { setProperty: { property: hs_priority, value: high } }
      - { delay: 2d }
      - { notify: { to: [sam.lee@acme.test], subject: Demo booked, body: Prepare the demo } }`,
  inputs: {
    key: {
      type: "key",
      blueprint: "`hubspotWorkflows.<key>`, or `automations[].key` with `target: hubspot`",
      meaning:
        "The blueprint's key: the resource's name (`automation-<key>` for an automation that runs in HubSpot, named by its key there).",
    },
    name: { type: "string", meaning: "Its name in HubSpot: its natural key; a new name renames it in place." },
    enabled: {
      type: "boolean",
      default: "true",
      meaning: "Whether HubSpot runs it (`isEnabled`); switching one off is a danger.",
    },
    definition: {
      type: "trigger, steps",
      blueprint: "`object`, `trigger`, `when`, `reenroll`, `steps`, `hubspot`",
      meaning:
        "What enrolls a record and what happens to it, in the blueprint's words: pipeline and stage keys, owner emails, property names.",
      change:
        "Read step by step: a changed delay, a step added after another, a step removed, a trigger or its conditions (`when`) changed; the whole flow is written with the revision it replaces.",
    },
    alsoOff: {
      type: "—",
      blueprint: "— (the blueprint's other workflows with `enabled: false`, and those this apply deletes)",
      meaning:
        "The other workflows this apply leaves off: switching this one off counts only the workflows that depend on it and stay on.",
    },
    offBefore: {
      type: "—",
      blueprint: "— (the workflows this apply switches off, in the blueprint's order)",
      meaning:
        "When this apply switches this one off, the others it switched off before it: if this one's write fails, they are switched back on.",
    },
    pipelines: {
      type: "—",
      blueprint: "— (the blueprint's pipelines)",
      meaning: "The pipelines of its object with their labels, so stage keys find HubSpot's ids.",
    },
    lists: {
      type: "—",
      blueprint: "— (the blueprint's lists its `listJoined` trigger or `when:` names)",
      meaning: "The lists it enrolls from or tests with their names, so list keys find HubSpot's ids.",
    },
  },
  outputs: {
    hubspotId: "HubSpot's id of the flow.",
    revisionId: "HubSpot's revision the stack last wrote or read: every update names it.",
  },
  matching: "By name among the portal's flows.",
  adoption:
    "`revstack export` writes each flow of the portal; applied with `revstack:adopt`, each is taken over as it is, " +
    "with no write. Removing an adopted workflow from the blueprint **releases** it: it stays in HubSpot, running.",
  dangers: [
    "Switching a workflow off (`enabled: false`, or found off in HubSpot by `drift`): HubSpot enrolls nothing in it while it is off.",
    "Switching off or deleting a workflow other switched-on workflows enroll on (they test a property its actions set, or a list its actions name): `pulumi up` stops before its first write, naming and counting them. Those the same apply switches off or deletes are not counted: they go off in one step. Several switched off in one apply go off one after the other; if one's write fails, those this apply switched off before it are switched back on (said in the error), so none is left half-way.",
    "Deleting a switched-on workflow revstack created: records enrolled in it leave it mid-way. HubSpot publishes no count of those enrolled, so revstack counts the records that meet its enrollment filters now (one CRM search, or its enrollment list's size); when any do, or when it cannot count them (records enrolled by hand, filters one search cannot say), `pulumi up` stops before its first write, saying which. Switch it off first, then remove it.",
    "An edit made in HubSpot since the stack last read the workflow: the update is refused (HubSpot's revision check), never overwritten; run `revstack drift` to see it.",
  ],
};
