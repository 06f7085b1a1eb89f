/**
 * The one readable shape every review command produces (plan, preview, drift): a list of changes in
 * the user's words, grouped by section and scope, with the dangerous ones flagged so renderers can
 * put them first. Renderers (text, markdown, json) never look at blueprints or engine JSON.
 */
export const SECTIONS = [
  "blueprint",
  "pipelines",
  "properties",
  "lists",
  "forms",
  "objects",
  "owners",
  "teams",
  "routing",
  "lifecycle",
  "automations",
  "reporting",
] as const;
export type Section = (typeof SECTIONS)[number];

export const SECTION_TITLES: Record<Section, string> = {
  blueprint: "Blueprint",
  pipelines: "Pipelines and stages",
  properties: "Properties",
  lists: "Lists",
  forms: "Forms",
  objects: "Custom objects and association labels",
  owners: "Owners",
  teams: "Teams",
  routing: "Routing rules",
  lifecycle: "Lifecycle",
  automations: "Automations",
  reporting: "Reporting",
};

export const MANUAL_TITLE = "Manual steps (no API: do these by hand)";

/** `adopt`: an existing object the stack takes over (nothing created); `release`: one it lets go of (nothing deleted). */
export type Action = "add" | "remove" | "change" | "adopt" | "release";

export interface Change {
  section: Section;
  action: Action;
  /** What the change belongs to when a section has many parents, e.g. "Pipeline 'New Business'". */
  scope?: string;
  /** One sentence in the user's words, e.g. "Stage 'Demo Scheduled' probability 20% → 40%". */
  message: string;
  /** Lines under the message (affected rules, moved deals, ...). */
  details?: string[];
  /** Why this change can lose data or leave leads unassigned; flagged at the top. */
  danger?: string;
}

export interface Review {
  /** e.g. "revstack plan blueprints/emea.yaml". */
  title: string;
  /** e.g. "HEAD → working tree". */
  subtitle?: string;
  changes: Change[];
  /** What the summary line says when there are no changes. */
  emptyMessage?: string;
  /** Warnings about the review itself (e.g. n8n not configured), shown under the summary. */
  notes?: string[];
  /** What revstack cannot apply because the platform has no API for it; not counted as changes. */
  manual?: string[];
}

/** Dangerous changes first, then by section in the order of SECTIONS; stable inside a section. */
export function ordered(changes: readonly Change[]): { dangerous: Change[]; bySection: Map<Section, Change[]> } {
  const dangerous = changes.filter((c) => c.danger !== undefined);
  const bySection = new Map<Section, Change[]>();
  for (const section of SECTIONS) {
    const inSection = changes.filter((c) => c.section === section && c.danger === undefined);
    if (inSection.length > 0) bySection.set(section, inSection);
  }
  return { dangerous, bySection };
}

/** The changes of one section grouped by scope, keeping first-seen order. */
export function byScope(changes: readonly Change[]): Map<string | undefined, Change[]> {
  const groups = new Map<string | undefined, Change[]>();
  for (const change of changes) {
    const group = groups.get(change.scope) ?? [];
    group.push(change);
    groups.set(change.scope, group);
  }
  return groups;
}

/** The message with its scope, for lists that mix scopes (the dangerous list). */
export function scoped(change: Change): string {
  return change.scope ? `${change.scope}: ${change.message}` : change.message;
}
