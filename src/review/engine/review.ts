/**
 * The engine's preview (`pulumi preview --json`) as a readable review: one change per field that differs, in
 * the words `revstack plan` uses, without the stack, components, providers, `__provider` or internal ids,
 * with secrets masked. A pure function of the engine's JSON, so it is tested against JSON from real runs.
 */
import { KINDS, tokenOf } from "../../kinds";
import { pipelineKind, pipelineScope } from "../../kinds/pipeline";
import { stageKind } from "../../kinds/stage";
import { naturalKey, sameKey } from "../../ownership/keys";
import type { Change, Review } from "../../words/change";
import { fieldChange } from "../../words/describe";
import { Changes, type ScopedChanges } from "../../words/changes";
import { isOwnerRecordsNote, ownerRecordsIn, type OwnerRecords } from "../../kinds/owner-records";
import { userKind } from "../../kinds/user";
import { after, before, isUnknown, nameOf, type PreviewDigest, type PreviewStep, type Props, typeOf } from "./digest";
import { resourceFor, type Resource } from "./resources";

export type Mode = "preview" | "drift";

/** Steps that change nothing (or that another step already reports, for replacements). */
const QUIET = new Set([
  "same",
  "read",
  "refresh",
  "discard",
  "create-replacement",
  "delete-replaced",
  "remove-pending-replace",
]);

/** Only the resources revstack declares; the stack, the blueprint component and providers are plumbing. */
const isPlumbing = (type: string): boolean => type.startsWith("pulumi:") || type.startsWith("revstack:");

const RANK = KINDS.map(tokenOf);
const PIPELINE = tokenOf(pipelineKind);
const STAGE = tokenOf(stageKind);

function sortKey(step: PreviewStep): { rank: number; parent: string; position: number } {
  const rank = RANK.indexOf(typeOf(step));
  const props = step.newState?.inputs ?? step.oldState?.inputs ?? {};
  const parent = step.newState?.parent ?? step.oldState?.parent ?? "";
  return { rank: rank < 0 ? RANK.length : rank, parent, position: Number(props.displayOrder ?? 0) };
}

/** The steps that change something, in a stable order: pipelines, their stages by position, groups, properties, users. */
export function changedSteps(digest: PreviewDigest): PreviewStep[] {
  const steps = (digest.steps ?? []).filter((s) => !QUIET.has(s.op) && !isPlumbing(typeOf(s)));
  return steps.sort((a, b) => {
    const x = sortKey(a);
    const y = sortKey(b);
    return x.rank - y.rank || x.parent.localeCompare(y.parent) || x.position - y.position || a.urn.localeCompare(b.urn);
  });
}

/**
 * The heading of each pipeline a step is under. An unchanged pipeline has no step of its own in the engine's JSON,
 * so its heading comes from the blueprint's labels (`pipeline.<key>` is its resource name).
 */
function pipelineScopes(digest: PreviewDigest, labels: Record<string, string> = {}): Map<string, string> {
  const scopes = new Map<string, string>();
  for (const step of digest.steps ?? []) {
    const parent = step.newState?.parent ?? step.oldState?.parent;
    const key = parent && /::pipeline\.([^:]+)$/.exec(parent)?.[1];
    if (parent && key && !scopes.has(parent)) scopes.set(parent, pipelineScope(labels[key] ?? key, key));
  }
  for (const step of digest.steps ?? []) {
    if (typeOf(step) !== PIPELINE) continue;
    const props = step.newState?.inputs ?? step.oldState?.inputs ?? {};
    scopes.set(step.urn, pipelineScope(String(props.label ?? ""), String(props.key ?? nameOf(step.urn))));
  }
  return scopes;
}

function update(resource: Resource, old: Props, next: Props, out: ScopedChanges): void {
  if (resource.updateAs?.(old, next, out)) return;
  const countBefore = out.count();
  if (old.label !== undefined && next.label !== undefined && old.label !== next.label && !isUnknown(next.label)) {
    out.changed(`${resource.subject(old)} renamed to '${String(next.label)}'`);
  }
  for (const field of resource.fields) {
    if (field.key === "label" || field.inExtra || isUnknown(next[field.key])) continue;
    const change = fieldChange(field.label, old[field.key], next[field.key], field.format);
    if (change) out.changed(`${resource.subject(next)} ${change}`, field.danger ? { danger: field.danger } : {});
  }
  resource.extra?.(old, next, out);
  // The engine will write even when no field this table knows differs: say so rather than show nothing.
  if (out.count() === countBefore) out.changed(`${resource.subject(next)} updated`);
}

interface Adopting {
  id: string;
  changes: string[];
}

/** The adoption a provider's check found (see providers/shared/adoption-preview); a stage follows its pipeline. */
function adoptionOf(step: PreviewStep, parent: string | undefined, adopted: Set<string>): Adopting | undefined {
  const mark = step.newState?.inputs?.adopting as Adopting | undefined;
  if (mark && typeof mark.id === "string")
    return { id: mark.id, changes: Array.isArray(mark.changes) ? mark.changes.map(String) : [] };
  if (typeOf(step) === STAGE && parent !== undefined && adopted.has(parent)) return { id: "", changes: [] };
  return undefined;
}

/** Pipelines whose create is an adoption, by URN: their stages are adopted with them. */
function adoptedPipelines(digest: PreviewDigest): Set<string> {
  return new Set(
    (digest.steps ?? []).filter((s) => typeOf(s) === PIPELINE && s.newState?.inputs?.adopting).map((s) => s.urn),
  );
}

/** The step's props, with what the program counted of an owner's records (see ../owner-records) as `records`. */
function withRecords(props: Props, owners: Map<string, OwnerRecords>): Props {
  const records = owners.get(String(props.email ?? "").toLowerCase());
  return records ? { ...props, records } : props;
}

/** What the whole preview tells about each step: pipeline headings, adopted pipelines, the delete: list, owners' records. */
interface StepContext {
  mode: Mode;
  scopes: Map<string, string>;
  adopted: Set<string>;
  deletes: Set<string>;
  owners: Map<string, OwnerRecords>;
}

/** A delete: an adopted object is released (nothing happens in HubSpot) unless the blueprint's delete: list names it. */
function describeDelete(resource: Resource, type: string, old: Props, out: ScopedChanges, deletes: Set<string>): void {
  if (resource.deleteDanger === null) return;
  const subject = resource.subject(old);
  const ownership = (old.ownership ?? {}) as { origin?: string; stack?: string };
  const details = resource.deleteDetails?.(old);
  if (ownership.origin !== "adopted")
    out.removed(`${subject} deleted`, { danger: resource.deleteDanger?.(old), details });
  else if (deletes.has(sameKey(naturalKey(type, old) ?? ""))) {
    out.removed(`${subject} deleted from HubSpot: adopted, and the blueprint's delete: list names it`, {
      danger: resource.deleteDanger?.(old) ?? "deleted from HubSpot",
      details,
    });
  } else {
    const by = ownership.stack ? [`adopted by stack "${ownership.stack}"`] : [];
    out.released(`${subject} released: this stack forgets it, HubSpot keeps it as it is`, { details: by });
  }
}

function describeStep(step: PreviewStep, changes: Changes, ctx: StepContext): void {
  const { mode, scopes, adopted } = ctx;
  const type = typeOf(step);
  const resource = resourceFor(type);
  const isUser = type === tokenOf(userKind);
  const old = isUser ? withRecords(before(step), ctx.owners) : before(step);
  const next = isUser ? withRecords(after(step), ctx.owners) : after(step);
  const props = step.op === "delete" ? old : next;
  const parent = step.newState?.parent ?? step.oldState?.parent;
  const out = changes.in(resource.section, resource.scope(props, parent ? scopes.get(parent) : undefined));
  const subject = resource.subject(props);
  const summary = resource.summary?.(props);
  const adopting = adoptionOf(step, parent, adopted);
  if ((step.op === "create" || step.op === "import") && adopting) {
    const writes = adopting.changes.length
      ? `; adoption changes ${adopting.changes.join(", ")} to the blueprint's`
      : ": nothing is written";
    out.adopted(`${subject} exists in HubSpot and will be adopted (taken over as it is${writes})`);
    return;
  }
  if (step.op === "delete" && resource.isHubSpotDefault?.(old)) {
    out.released(`${subject} is HubSpot's own: it is released (stays in HubSpot as it is, no longer managed)`);
    return;
  }
  const ownership = (props.ownership ?? {}) as { adopt?: boolean; recover?: boolean; origin?: string };
  switch (step.op) {
    case "create":
    case "import":
      if (ownership.adopt)
        out.added(
          `${subject} adopted: taken over as it is in HubSpot when it exists (released, not deleted, when it leaves the blueprint)`,
        );
      else if (ownership.recover)
        out.added(`${subject} taken back: its create was in flight when this stack's last run stopped`);
      else
        out.added(
          mode === "drift"
            ? `${subject} is missing in the live system: it will be created again`
            : `${subject} created${summary ? `: ${summary}` : ""}`,
        );
      return;
    case "delete":
      describeDelete(resource, type, old, out, ctx.deletes);
      return;
    case "replace": {
      const reasons = step.replaceReasons?.length ? ` because ${step.replaceReasons.join(", ")} changed` : "";
      out.changed(`${subject} replaced${reasons}`, { danger: "deleted and created again: its HubSpot id changes" });
      return;
    }
    default:
      update(resource, old, next, out);
  }
}

const clean = (message: string): string => message.replace(/^(warning|error|info): /, "").trim();

/** Engine warnings: what the user must do in HubSpot by hand, and everything else as notes. */
function diagnostics(digest: PreviewDigest): { manual: string[]; notes: string[] } {
  const manual: string[] = [];
  const notes: string[] = [];
  for (const d of digest.diagnostics ?? []) {
    // An owner's records are shown with the owner's change.
    if ((d.severity !== "warning" && d.severity !== "error") || isOwnerRecordsNote(clean(d.message))) continue;
    const message = clean(d.message);
    (/create them in HubSpot|by hand|manual/i.test(message) ? manual : notes).push(message);
  }
  return { manual, notes };
}

export interface DigestReviewOptions {
  title: string;
  subtitle?: string;
  mode: Mode;
  /** Manual steps known from the blueprint (lifecycle, reporting). */
  manual?: string[];
  /** Pipeline labels by key, from the blueprint: headings for stages whose pipeline itself is unchanged. */
  pipelineLabels?: Record<string, string>;
  /** The blueprint's `delete:` list: adopted objects deleted rather than released. */
  deleteKeys?: string[];
}

export function reviewDigest(digest: PreviewDigest, options: DigestReviewOptions): Review {
  const scopes = pipelineScopes(digest, options.pipelineLabels);
  const changes = new Changes();
  const adopted = adoptedPipelines(digest);
  const owners = ownerRecordsIn((digest.diagnostics ?? []).map((d) => clean(d.message)));
  const deletes = new Set((options.deleteKeys ?? []).map(sameKey));
  const context: StepContext = { mode: options.mode, scopes, adopted, deletes, owners };
  for (const step of changedSteps(digest)) describeStep(step, changes, context);
  const found = diagnostics(digest);
  const notes =
    options.mode === "drift"
      ? [
          "Each change reads live value → blueprint value; `revstack drift --fix` applies the blueprint.",
          ...found.notes,
        ]
      : found.notes;
  return {
    title: options.title,
    subtitle: options.subtitle,
    changes: changes.list as Change[],
    emptyMessage:
      options.mode === "drift"
        ? "No drift: the live system matches the blueprint."
        : "No changes: the live system already matches the blueprint.",
    notes: changes.list.length === 0 && options.mode === "drift" ? found.notes : notes,
    manual: [...found.manual, ...(options.manual ?? [])],
  };
}
