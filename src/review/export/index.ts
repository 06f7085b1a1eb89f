/** `revstack export`: a live HubSpot account written as a blueprint a team can adopt. */
import { existsSync, promises as fs } from "node:fs";
import * as path from "node:path";
import YAML from "yaml";
import { loadBlueprint, type Diagnostic } from "../../blueprint";
import { HubSpotClient, PortalGuardError, verifyPortal, type HubSpotConnection } from "../../clients/hubspot";
import { KeyMaker } from "./keys";
import { readAccount, type OnProgress } from "./read";
import { accountToBlueprint } from "./to-blueprint";

/** A problem the user can act on (wrong portal, unreachable account), reported as one line. */
export class ExportError extends Error {}

export interface ExportOptions {
  connection: HubSpotConnection;
  /** The portal guard: stop when the token belongs to another portal. */
  portalId?: number;
  /** Source of the blueprint's name (a stack name), turned into a key. */
  name: string;
  out: string;
  /** Also write HubSpot's default pipelines, groups and properties (to customize them); they stay HubSpot's. */
  includeDefaults?: boolean;
  onProgress?: OnProgress;
}

export interface ExportResult {
  counts: { pipelines: number; stages: number; properties: number; owners: number; teams: number };
  notes: string[];
  /** The written file checked like `revstack validate` does. */
  diagnostics: Diagnostic[];
}

const HEADER = [
  "# Exported by `revstack export` from a live HubSpot account. Keys come from labels; labels, probabilities,",
  "# options, users, roles and teams are as they are in HubSpot. Apply it with `revstack:adopt: true` to take the",
  "# existing objects over without changes; then edit it like any blueprint.",
].join("\n");

/** The schema modeline editors read, pointing from the written file to the blueprint schema revstack ships. */
function modeline(out: string): string {
  // From src/ or from the compiled dist/src/: the nearest schemas/ above this file is revstack's own.
  let dir = __dirname;
  while (!existsSync(path.join(dir, "schemas/blueprint.schema.json")) && path.dirname(dir) !== dir)
    dir = path.dirname(dir);
  const schema = path.join(dir, "schemas/blueprint.schema.json");
  const relative = path
    .relative(path.dirname(path.resolve(out)), schema)
    .split(path.sep)
    .join("/");
  return `# yaml-language-server: $schema=${relative.startsWith(".") ? relative : `./${relative}`}`;
}

async function writeAtomically(file: string, text: string): Promise<void> {
  await fs.mkdir(path.dirname(path.resolve(file)), { recursive: true });
  const temp = `${file}.${process.pid}.tmp`;
  await fs.writeFile(temp, text);
  await fs.rename(temp, file);
}

/** Block style, except one line per stage, per option and per association label, the way blueprints are written by hand. */
function toYaml(blueprint: Record<string, unknown>): string {
  const doc = new YAML.Document(blueprint);
  YAML.visit(doc, {
    Pair(_, pair) {
      const key = YAML.isScalar(pair.key) ? pair.key.value : undefined;
      if ((key === "stages" || key === "options") && YAML.isSeq(pair.value)) {
        for (const item of pair.value.items) if (YAML.isMap(item)) item.flow = true;
      }
      if (key === "associationLabels" && YAML.isMap(pair.value)) {
        for (const item of pair.value.items) if (YAML.isMap(item.value)) item.value.flow = true;
      }
    },
  });
  return doc.toString({ lineWidth: 0 });
}

export async function exportAccount(options: ExportOptions): Promise<ExportResult> {
  const client = new HubSpotClient(options.connection);
  let live;
  try {
    // The portal guard, before the first read.
    if (options.portalId !== undefined) await verifyPortal(client, options.portalId, options.connection.baseUrl);
  } catch (err) {
    throw new ExportError(
      err instanceof PortalGuardError ? err.message : `cannot read the HubSpot account: ${(err as Error).message}`,
    );
  }
  try {
    live = await readAccount(client, options.onProgress);
  } catch (err) {
    throw new ExportError(`cannot read the HubSpot account: ${(err as Error).message}`);
  }
  if (options.portalId !== undefined && live.account.portalId !== options.portalId) {
    throw new ExportError(
      `the token belongs to portal ${live.account.portalId}, not to hubspot:portalId ${options.portalId}: nothing was written`,
    );
  }
  const { blueprint, notes } = accountToBlueprint(
    live,
    new KeyMaker("portal").key(options.name),
    options.includeDefaults === true,
  );
  await writeAtomically(options.out, `${modeline(options.out)}\n${HEADER}\n${toYaml(blueprint)}`);
  const pipelines = Object.values(blueprint.pipelines as Record<string, { stages: unknown[] }>);
  const properties = Object.entries(blueprint.properties as Record<string, Record<string, unknown>>).filter(
    ([k]) => k !== "groups",
  );
  return {
    counts: {
      pipelines: pipelines.length,
      stages: pipelines.reduce((n, p) => n + p.stages.length, 0),
      properties: properties.reduce((n, [, ps]) => n + Object.keys(ps).length, 0),
      owners: (blueprint.owners as unknown[]).length,
      teams: Object.keys(blueprint.teams as object).length,
    },
    notes,
    diagnostics: (await loadBlueprint(options.out)).diagnostics,
  };
}
