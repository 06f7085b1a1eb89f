/**
 * A live HubSpot account as a blueprint: the inverse of the CRM plan, so applying the result to the same account
 * with `revstack:adopt` finds every object as it is. What a blueprint cannot say (a field type the plan would
 * change, a team without a manager) is listed in `notes` rather than silently changed.
 */
import type { LivePipeline, LiveProperty, LiveStage, LiveUser } from "../../clients/hubspot";
import { API_VERSION, Blueprint, PropertyType } from "../../blueprint/model";
import { crmPlan } from "../../plan/crm";
import { KeyMaker } from "./keys";
import { PIPELINE_OBJECTS, PROPERTY_OBJECTS, type LiveAccount } from "./read";

type Raw = Record<string, unknown>;

export interface Exported {
  blueprint: Raw;
  /** Things a reviewer should check before applying. */
  notes: string[];
}

/**
 * HubSpot property type → blueprint type, and the field type the plan gives it: read back through `crmPlan`
 * itself, so the export stays the exact inverse of what an apply would write.
 */
const TYPES: Record<string, { type: string; fieldType: string }> = Object.fromEntries(
  PropertyType.options.map((type) => {
    const property = { label: type, type, group: "g", ...(type === "enumeration" ? { options: [{ value: "v", label: "v" }] } : {}) };
    const probe = Blueprint.parse({ apiVersion: API_VERSION, kind: "Blueprint", metadata: { name: "probe" }, properties: { contacts: { p: property } } });
    const spec = crmPlan(probe).properties[0];
    return [spec.type, { type, fieldType: spec.fieldType }];
  }),
);

const byOrder = <T extends { displayOrder?: number }>(items: T[]): T[] => [...items].sort((a, b) => (a.displayOrder ?? 0) - (b.displayOrder ?? 0));

function stage(objectType: string, s: LiveStage, key: string): Raw {
  const out: Raw = { key, label: s.label };
  if (objectType === "tickets") {
    if (s.metadata.ticketState === "CLOSED") out.closed = "won";
    return out;
  }
  const probability = Number(s.metadata.probability);
  if (s.metadata.probability !== undefined && Number.isFinite(probability)) out.probability = probability;
  if (s.metadata.isClosed === "true") out.closed = probability >= 1 ? "won" : "lost";
  return out;
}

function pipelines(live: LiveAccount): Raw {
  const keys = new KeyMaker("pipeline");
  const out: Raw = {};
  for (const objectType of PIPELINE_OBJECTS) {
    for (const p of byOrder<LivePipeline>(live.pipelines[objectType])) {
      const stageKeys = new KeyMaker("stage");
      out[keys.key(p.label)] = { label: p.label, object: objectType, stages: byOrder(p.stages).map((s) => stage(objectType, s, stageKeys.key(s.label))) };
    }
  }
  return out;
}

const isCustom = (p: LiveProperty): boolean => !(p as LiveProperty & { hubspotDefined?: boolean }).hubspotDefined && !p.archived;

function property(objectType: string, p: LiveProperty, notes: string[]): Raw | undefined {
  const mapped = TYPES[p.type];
  if (!mapped) {
    notes.push(`${objectType} property ${p.name} has type ${p.type}, which a blueprint cannot describe: left out`);
    return undefined;
  }
  if (p.fieldType !== mapped.fieldType) {
    notes.push(`${objectType} property ${p.name} is shown as ${p.fieldType}; a blueprint ${mapped.type} is shown as ${mapped.fieldType}: applying changes that`);
  }
  const out: Raw = { label: p.label, type: mapped.type, group: p.groupName };
  if (p.description) out.description = p.description;
  if (mapped.type === "enumeration") {
    out.options = byOrder(p.options ?? []).map((o) => (o.hidden ? { value: o.value, label: o.label, hidden: true } : { value: o.value, label: o.label }));
  }
  return out;
}

function properties(live: LiveAccount, notes: string[]): Raw {
  const out: Raw = {};
  const groups = new Map<string, { label: string; order: number }>();
  for (const objectType of PROPERTY_OBJECTS) {
    const custom = live.properties[objectType].filter(isCustom).sort((a, b) => a.name.localeCompare(b.name));
    const entries = custom.flatMap((p) => {
      const exported = property(objectType, p, notes);
      return exported ? [[p.name, exported] as const] : [];
    });
    if (entries.length === 0) continue;
    out[objectType] = Object.fromEntries(entries);
    for (const [, p] of entries) {
      const name = String(p.group);
      const group = live.groups[objectType].find((g) => g.name === name);
      if (!groups.has(name)) groups.set(name, { label: group?.label ?? name, order: group?.displayOrder ?? 0 });
    }
  }
  const sorted = [...groups].sort(([a, x], [b, y]) => x.order - y.order || a.localeCompare(b));
  return sorted.length === 0 ? out : { groups: Object.fromEntries(sorted.map(([name, g]) => [name, { label: g.label }])), ...out };
}

function people(live: LiveAccount, notes: string[]): { owners: Raw[]; teams: Raw } {
  const teamKeys = new KeyMaker("team");
  const teamKey = new Map(live.teams.map((t) => [t.id, teamKeys.key(t.name)]));
  const users = [...live.users].sort((a, b) => a.email.localeCompare(b.email));
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
    notes.push(`team ${key}: HubSpot has no team manager, ${String(manager.email)} was chosen: check teams.${key}.manager`);
    const parent = live.teams.find((p) => p.id === t.parentTeamId);
    if (parent) notes.push(`team ${key}: its parent team in HubSpot is "${parent.name}"; blueprints have no team hierarchy, so it is not exported (and revstack leaves it as it is)`);
  }
  return { owners, teams };
}

export function accountToBlueprint(live: LiveAccount, name: string): Exported {
  const notes: string[] = [];
  const metadata: Raw = { name, description: `Exported from HubSpot portal ${live.account.portalId}` };
  if (live.account.companyCurrency && /^[A-Z]{3}$/.test(live.account.companyCurrency)) metadata.currency = live.account.companyCurrency;
  if (live.account.timeZone) metadata.timezone = live.account.timeZone;
  const { owners, teams } = people(live, notes);
  return {
    blueprint: {
      apiVersion: API_VERSION,
      kind: "Blueprint",
      metadata,
      targets: { crm: "hubspot" },
      teams,
      owners,
      pipelines: pipelines(live),
      properties: properties(live, notes),
    },
    notes,
  };
}
