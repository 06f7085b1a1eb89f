/**
 * A live HubSpot account as a blueprint: the inverse of the CRM plan, so applying the result to the same account
 * with `revstack:adopt` finds every object as it is. What a blueprint cannot say (a field type the plan would
 * change, a team without a manager) is listed in `notes` rather than silently changed.
 */
import type { LivePipeline, LiveProperty, LiveStage, LiveUser } from "../../clients/hubspot";
import { BUILTIN_PIPELINES } from "../../blueprint/checks/builtin-pipelines";
import { isBuiltinGroup } from "../../blueprint/checks/builtin-properties";
import { API_VERSION, FIELD_TYPES, type PropertyType } from "../../blueprint/model";
import { blueprintFields, findByLabel } from "../../kinds/kind";
import { pipelineKind, type PipelineInputs } from "../../kinds/pipeline";
import { propertyKind, type PropertyInputs } from "../../kinds/property";
import { liveStageSpec } from "../../kinds/stage";
import { definitionOf, type Names } from "../../kinds/hubspot-workflow-flow";
import { fromFilterBranch } from "../../kinds/list-filters";
import { LIST_OBJECT_TYPE_IDS } from "../../clients/hubspot";
import { KeyMaker } from "./keys";
import { forms } from "./forms";
import { PIPELINE_OBJECTS, PROPERTY_OBJECTS, type LiveAccount } from "./read";

type Raw = Record<string, unknown>;

export interface Exported {
  blueprint: Raw;
  /** Things a reviewer should check before applying. */
  notes: string[];
}

const byOrder = <T extends { displayOrder?: number }>(items: T[]): T[] =>
  [...items].sort((a, b) => (a.displayOrder ?? 0) - (b.displayOrder ?? 0));

/** A live stage as a blueprint writes it: the stage kind reads HubSpot's metadata; HubSpot says whether it is closed. */
function stage(objectType: string, s: LiveStage, key: string): Raw {
  const spec = liveStageSpec(objectType, key, s);
  const out: Raw = { key, label: spec.label };
  if (spec.probability !== undefined) out.probability = spec.probability;
  // A custom object's stage has no closed state a blueprint can say (checks/pipelines.ts).
  const standard = objectType === "deals" || objectType === "tickets";
  if (standard && (s.metadata.isClosed === "true" || spec.ticketState === "CLOSED"))
    out.closed = objectType === "tickets" || (spec.probability ?? 0) >= 1 ? "won" : "lost";
  return out;
}

/** HubSpot's own pipelines (deals `default`, tickets `0`) by the key blueprints call them, with their stages' keys by id. */
function builtinOf(objectType: string, p: LivePipeline): { key: string; stageKeys: Map<string, string> } | undefined {
  const found = Object.entries(BUILTIN_PIPELINES).find(([, b]) => b.pipeline.object === objectType && b.id === p.id);
  return (
    found && { key: found[0], stageKeys: new Map(Object.entries(found[1].stageIds).map(([key, id]) => [id, key])) }
  );
}

/**
 * HubSpot's default pipelines are written (with `--include-defaults`) under the keys blueprints use for them
 * (`default`, `support`), their default stages under HubSpot's keys whatever their labels say now, so references and
 * adoption find them by id; every other pipeline and stage gets a key from its label.
 */
function pipelines(live: LiveAccount, includeDefaults: boolean): Raw {
  const defaults = PIPELINE_OBJECTS.flatMap((objectType) =>
    (live.pipelines[objectType] ?? []).flatMap((p) => {
      const builtin = includeDefaults ? builtinOf(objectType, p) : undefined;
      return builtin ? [[p.id, builtin] as const] : [];
    }),
  );
  const builtins = new Map(defaults);
  const keys = new KeyMaker(
    "pipeline",
    [...builtins.values()].map((b) => b.key),
  );
  const out: Raw = {};
  for (const [objectType, all] of Object.entries(live.pipelines)) {
    for (const p of byOrder<LivePipeline>(all)) {
      const builtin = builtins.get(p.id);
      if (!builtin && builtinOf(objectType, p)) continue;
      const stageKeys = new KeyMaker("stage", [...(builtin?.stageKeys.values() ?? [])]);
      const keyOf = (s: LiveStage) => builtin?.stageKeys.get(s.id) ?? stageKeys.key(s.label);
      out[builtin?.key ?? keys.key(p.label)] = {
        ...blueprintFields(pipelineKind, { ...p, objectType } as unknown as PipelineInputs, false),
        object: objectType,
        stages: byOrder(p.stages).map((s) => stage(objectType, s, keyOf(s))),
      };
    }
  }
  return out;
}

function property(objectType: string, p: LiveProperty, notes: string[]): Raw | undefined {
  const type = p.type as PropertyType;
  const fieldTypes: readonly string[] | undefined = FIELD_TYPES[type];
  if (!fieldTypes) {
    notes.push(
      `The ${objectType} property ${p.name} has type ${p.type}, which a blueprint cannot describe, so it was left out; it stays in HubSpot as it is.`,
    );
    return undefined;
  }
  if (!fieldTypes.includes(p.fieldType)) {
    notes.push(
      `The ${objectType} property ${p.name} is a ${p.type} shown as ${p.fieldType}, which a blueprint cannot describe, so it was left out; it stays in HubSpot as it is.`,
    );
    return undefined;
  }
  // The property kind's fields under the blueprint's names; the options after the core fields, then the settings.
  const live = { ...p, objectType } as unknown as PropertyInputs;
  const out: Raw = blueprintFields(propertyKind, live, false);
  if (type === "enumeration" || type === "bool") {
    out.options = byOrder(p.options ?? []).map((o) => ({
      value: o.value,
      label: o.label,
      ...(o.description ? { description: o.description } : {}),
      ...(o.hidden ? { hidden: true } : {}),
    }));
  }
  Object.assign(out, blueprintFields(propertyKind, live, true));
  if (p.fieldType === "calculation_rollup" || p.fieldType === "calculation_score") {
    notes.push(
      `The ${objectType} property ${p.name} is a ${p.fieldType} property: HubSpot computes its values and its API cannot create one, so this stack can adopt it but not recreate it.`,
    );
  }
  return out;
}

const isCustom = (p: LiveProperty): boolean => !p.hubspotDefined && !p.archived;

/**
 * The HubSpot default properties `--include-defaults` writes: the ones a portal customizes, enumerations whose
 * options HubSpot lets it change. The others are referenced by name and need no declaring.
 */
const isCustomizable = (p: LiveProperty): boolean =>
  p.type === "enumeration" && (p.options?.length ?? 0) > 0 && !p.calculated && !p.modificationMetadata?.readOnlyOptions;

function properties(live: LiveAccount, notes: string[], includeDefaults: boolean): Raw {
  const out: Raw = {};
  const groups = new Map<string, { label: string; order: number }>();
  for (const objectType of PROPERTY_OBJECTS) {
    const wanted = live.properties[objectType]
      .filter((p) => isCustom(p) || (includeDefaults && !p.archived && isCustomizable(p)))
      .sort((a, b) => a.name.localeCompare(b.name));
    const entries = wanted.flatMap((p) => {
      const exported = property(objectType, p, notes);
      return exported ? [[p.name, exported] as const] : [];
    });
    if (entries.length === 0) continue;
    out[objectType] = Object.fromEntries(entries);
    for (const [, p] of entries) {
      const name = String(p.group);
      // HubSpot's default groups are referenced by name without being declared (and so never owned).
      if (isBuiltinGroup(objectType, name) && !includeDefaults) continue;
      const group = live.groups[objectType].find((g) => g.name === name);
      const seen = groups.get(name);
      if (!seen) groups.set(name, { label: group?.label ?? name, order: group?.displayOrder ?? 0 });
      else if (group && (group.label !== seen.label || (group.displayOrder ?? 0) !== seen.order)) {
        notes.push(
          `The property group ${name} has another label or position for ${objectType} than for the object types before it; a blueprint group has one, so adopting it changes the ${objectType} group to "${seen.label}".`,
        );
      }
    }
  }
  const sorted = [...groups].sort(([a, x], [b, y]) => x.order - y.order || a.localeCompare(b));
  return sorted.length === 0
    ? out
    : {
        groups: Object.fromEntries(sorted.map(([name, g]) => [name, { label: g.label, displayOrder: g.order }])),
        ...out,
      };
}

function people(live: LiveAccount, notes: string[]): { owners: Raw[]; teams: Raw } {
  const teamKeys = new KeyMaker("team");
  const teamKey = new Map(live.teams.map((t) => [t.id, teamKeys.key(t.name)]));
  // The account's super admins (a new portal's creator among them) are the account's, like HubSpot's defaults: a
  // stack that owned one could remove the account's administrator, so they are left out and named.
  const admins = live.users
    .filter((u) => u.superAdmin === true)
    .map((u) => u.email.toLowerCase())
    .sort();
  if (admins.length > 0) {
    notes.push(
      `The super admin${admins.length > 1 ? "s" : ""} ${admins.join(", ")} ${admins.length > 1 ? "were" : "was"} left out: super admins are the account's, not a stack's. ` +
        "To route records to one, declare it under owners; it is then adopted as it is.",
    );
  }
  const users = live.users.filter((u) => u.superAdmin !== true).sort((a, b) => a.email.localeCompare(b.email));
  const owners = users.map((u: LiveUser) => {
    const o: Raw = { email: u.email.toLowerCase() };
    if (u.firstName) o.firstName = u.firstName;
    if (u.lastName) o.lastName = u.lastName;
    const role = live.roles.find((r) => r.id === u.roleId);
    if (role) o.role = role.name;
    if (u.primaryTeamId && teamKey.has(u.primaryTeamId)) o.team = teamKey.get(u.primaryTeamId);
    return o;
  });
  const teams: Raw = {};
  for (const t of live.teams) {
    const key = teamKey.get(t.id)!;
    const members = owners.filter((o) => o.team === key);
    if (members.length === 0) continue;
    // HubSpot teams have no manager; a blueprint team needs one for escalations: a member whose role says so, else the first.
    const manager = members.find((m) => /manager|head|lead|director/i.test(String(m.role ?? ""))) ?? members[0];
    teams[key] = { label: t.name, manager: manager.email };
    notes.push(
      `HubSpot teams have no manager, so ${String(manager.email)} was chosen as the manager of team ${key}; check teams.${key}.manager.`,
    );
    const parent = live.teams.find((p) => p.id === t.parentTeamId);
    if (parent)
      notes.push(
        `Team ${key} has the parent team "${parent.name}" in HubSpot; blueprints have no team hierarchy, so it is not exported and revstack leaves it as it is.`,
      );
  }
  return { owners, teams };
}

/**
 * The portal's workflows in the blueprint's words, with the exported pipelines' keys and the owners' emails; one
 * whose actions the blueprint cannot lay out is left out and named (it stays in HubSpot as it is).
 */
function workflows(live: LiveAccount, exported: Raw, segments: Segments, notes: string[]): Raw {
  const declared = Object.entries(exported as Record<string, { label: string; object: string; stages: Raw[] }>);
  const names: Names = {
    pipelines: declared.flatMap(([key, p]) => {
      const found = findByLabel(live.pipelines[p.object] ?? [], { key, ...p });
      if (!found) return [];
      const stages = p.stages.flatMap((s) => {
        const liveStage = findByLabel(found.stages, { key: String(s.key), label: String(s.label) });
        return liveStage ? [{ key: String(s.key), id: liveStage.id }] : [];
      });
      return [{ key, id: found.id, object: p.object, stages }];
    }),
    // A workflow enrolled by membership of an exported list reads `listJoined: { list: <its key> }`.
    lists: segments.keys,
    owners: live.owners.map((o) => ({
      email: o.email.toLowerCase(),
      ownerId: o.id,
      ...(o.userId !== undefined ? { userId: String(o.userId) } : {}),
    })),
  };
  const keys = new KeyMaker("workflow");
  const out: Raw = {};
  for (const flow of live.flows) {
    const def = definitionOf(flow, names);
    if (typeof def === "string") {
      notes.push(`The workflow "${flow.name}" was left out: ${def}; it stays in HubSpot as it is.`);
      continue;
    }
    out[keys.key(flow.name ?? flow.id)] = { name: flow.name ?? flow.id, enabled: flow.isEnabled, ...def };
  }
  return out;
}

/** The exported lists by key, and the key each one's HubSpot id has (for the workflows enrolled from them). */
interface Segments {
  lists?: Raw;
  keys: NonNullable<Names["lists"]>;
}

/** Lists of the standard objects whose filters the condition language can say; the others are noted, not written. */
function lists(live: LiveAccount, notes: string[]): Segments {
  const keys = new KeyMaker("list");
  const out: Raw = {};
  const ids: Segments["keys"] = [];
  for (const l of live.lists ?? []) {
    const object = Object.entries(LIST_OBJECT_TYPE_IDS).find(([, id]) => id === l.objectTypeId)?.[0];
    const when = fromFilterBranch(l.filterBranch);
    if (!object || (l.processingType !== "MANUAL" && !when)) {
      notes.push(
        `List "${l.name}" was not exported: ${object ? "its filters say more than the condition language can" : `it segments ${l.objectTypeId}`}; it stays in HubSpot, outside the blueprint.`,
      );
      continue;
    }
    const key = keys.key(l.name);
    ids.push({ key, id: String(l.listId) });
    out[key] = {
      name: l.name,
      object,
      type: l.processingType.toLowerCase(),
      ...(l.processingType !== "MANUAL" && { when }),
    };
  }
  return { ...(Object.keys(out).length > 0 ? { lists: out } : {}), keys: ids };
}

/**
 * The portal's own association labels between the objects exported, keyed by their text (HubSpot lists a label's
 * text, not its internal name). A pair is a label and, the other way, the type HubSpot made right after it: the way
 * the label provider finds a pair when it adopts one.
 */
function associationLabels(live: LiveAccount): Raw | undefined {
  const own = (live.labels ?? [])
    .flatMap((d) => d.types.filter((t) => t.category === "USER_DEFINED").map((t) => ({ ...d, ...t })))
    .sort((a, b) => a.typeId - b.typeId);
  const paired = new Set<number>();
  const keys = new KeyMaker("label");
  const out: Raw = {};
  for (const l of own) {
    if (paired.has(l.typeId)) continue;
    const back = own.find(
      (b) => b.from === l.to && b.to === l.from && b.typeId === l.typeId + 1 && !paired.has(b.typeId),
    );
    if (back) paired.add(back.typeId);
    const label = l.label ?? "";
    out[keys.key(label).replace(/-/g, "_")] = {
      from: l.from,
      to: l.to,
      label,
      ...(back && { inverseLabel: back.label ?? "" }),
    };
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/** HubSpot's standard objects by type id, as a custom object's associations name them. */
const STANDARD_OBJECTS: Record<string, string> = {
  "0-1": "contacts",
  "0-2": "companies",
  "0-3": "deals",
  "0-5": "tickets",
};

/** Each custom object with its own properties (not HubSpot's) and the objects its records associate with. */
function customObjects(live: LiveAccount): Raw {
  const nameOf = (typeId: string) =>
    STANDARD_OBJECTS[typeId] ?? live.schemas.find((s) => s.objectTypeId === typeId)?.name ?? typeId;
  return Object.fromEntries(
    live.schemas.map((s) => {
      const own = s.properties.filter((x) => !x.hubspotDefined);
      const named = (["secondaryDisplayProperties", "searchableProperties", "requiredProperties"] as const).filter(
        (k) => (s[k] ?? []).length > 0,
      );
      return [
        s.name,
        {
          labels: { singular: s.labels.singular, plural: s.labels.plural },
          ...(s.description ? { description: s.description } : {}),
          primaryDisplayProperty: s.primaryDisplayProperty ?? own[0]?.name,
          ...Object.fromEntries(named.map((k) => [k, s[k]])),
          properties: Object.fromEntries(
            own.map((x) => [
              x.name,
              {
                label: x.label,
                type: x.type,
                fieldType: x.fieldType,
                ...(x.description ? { description: x.description } : {}),
                ...(x.options?.length && {
                  options: x.options.map((o) => ({
                    value: o.value,
                    label: o.label,
                    ...(o.hidden ? { hidden: true } : {}),
                  })),
                }),
              },
            ]),
          ),
          ...(s.associations.length > 0 && {
            associations: [...new Set(s.associations.map((a) => nameOf(a.toObjectTypeId)))].sort(),
          }),
        },
      ];
    }),
  );
}

export function accountToBlueprint(live: LiveAccount, name: string, includeDefaults = false): Exported {
  const notes: string[] = [];
  const metadata: Raw = { name, description: `Exported from HubSpot portal ${live.account.portalId}` };
  if (live.account.companyCurrency && /^[A-Z]{3}$/.test(live.account.companyCurrency))
    metadata.currency = live.account.companyCurrency;
  if (live.account.timeZone) metadata.timezone = live.account.timeZone;
  const { owners, teams } = people(live, notes);
  const exportedPipelines = pipelines(live, includeDefaults);
  const segments = lists(live, notes);
  const hubspotWorkflows = workflows(live, exportedPipelines, segments, notes);
  const exportedProperties = properties(live, notes, includeDefaults);
  const contactForms = forms(live, Object.keys((exportedProperties.contacts as Raw | undefined) ?? {}), notes);
  const labels = associationLabels(live);
  return {
    blueprint: {
      apiVersion: API_VERSION,
      kind: "Blueprint",
      metadata,
      targets: { crm: "hubspot" },
      teams,
      owners,
      pipelines: exportedPipelines,
      properties: exportedProperties,
      ...(Object.keys(hubspotWorkflows).length ? { hubspotWorkflows } : {}),
      ...(segments.lists && { lists: segments.lists }),
      ...(contactForms && { forms: contactForms }),
      ...(live.schemas.length > 0 && { customObjects: customObjects(live) }),
      ...(labels && { associationLabels: labels }),
    },
    notes,
  };
}
