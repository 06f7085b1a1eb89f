/**
 * `revstack clone`: a new business unit as a minimal child blueprint that extends a base, plus
 * the Pulumi stack configuration that points at it. Everything is checked before anything is
 * written, so a bad `--set` leaves no files behind.
 */
import { promises as fs } from "node:fs";
import * as path from "node:path";
import { parse, stringify } from "yaml";
import { z } from "zod";
import { didYouMean, Diagnostic, formatDiagnostic, hasErrors } from "./diagnostics";
import { loadBlueprint } from "./index";
import { API_VERSION, Blueprint, KEY_PATTERN, keyedLists } from "./model";
import { allowedKeys, arrayElement, childSchema, kindOf, unwrap } from "./schema-walk";

export interface CloneRequest {
  /** The base blueprint the unit extends. */
  source: string;
  unit: string;
  /** `key=value`: a blueprint path (metadata.currency=EUR) or a stack config key (hubspot:portalId=123). */
  sets: string[];
  /** Project root to write into: `blueprints/<unit>.yaml` and `stacks/Pulumi.<unit>.yaml`. */
  outDir: string;
  /** The JSON Schema the modeline points editors at. */
  schemaFile: string;
  force?: boolean;
}

export interface ClonePlan {
  blueprintFile: string;
  stackFile: string;
  blueprintText: string;
  stackText: string;
  diagnostics: Diagnostic[];
}

const SECRET_CONFIG = /token|secret|password|api[-_]?key/i;

type YamlMap = Record<string, unknown>;

function scalar(text: string): unknown {
  try {
    return parse(text) ?? text;
  } catch {
    return text;
  }
}

/** Sets `value` at a dotted blueprint path; in keyed lists the segment is the item's key. */
function setPath(target: YamlMap, dotted: string, value: unknown): string | undefined {
  const segments = dotted.split(".");
  let schema: z.ZodType = Blueprint;
  let node: YamlMap = target;
  for (let i = 0; i < segments.length; i++) {
    const segment = segments[i];
    const last = i === segments.length - 1;
    const s = unwrap(schema);
    if (kindOf(s) === "object") {
      const keys = allowedKeys(s, node);
      if (!keys.includes(segment)) return `--set ${dotted}: unknown key "${segment}"${didYouMean(segment, keys)}`;
    } else if (kindOf(s) === "array" && keyedLists.has(s)) {
      const keyField = keyedLists.get(s)!;
      const list = node as unknown as YamlMap[];
      let item = list.find((x) => x[keyField] === segment);
      if (!item) list.push((item = { [keyField]: segment }));
      if (last) return `--set ${dotted}: name a field of "${segment}" to set`;
      schema = arrayElement(s)!;
      node = item;
      continue;
    } else if (kindOf(s) !== "record") {
      return `--set ${dotted}: "${segments.slice(0, i).join(".")}" has no fields to set`;
    }
    const child = childSchema(s, node, segment)!;
    if (last) {
      node[segment] = value;
      return undefined;
    }
    const childKind = kindOf(child);
    node[segment] ??= childKind === "array" ? [] : {};
    schema = child;
    node = node[segment] as YamlMap;
  }
  return undefined;
}

function relativeTo(fromDir: string, file: string): string {
  const rel = path.relative(fromDir, file).split(path.sep).join("/");
  return rel.startsWith(".") ? rel : `./${rel}`;
}

/**
 * What to run after a clone, in order: Pulumi refuses `config set --secret` for a stack that does not exist yet
 * ("no stack named ..."), so the stack is created first. Printed by `revstack clone` and kept in the stack file.
 */
export function nextSteps(unit: string): string[] {
  return [
    `pulumi stack init ${unit}    # creates the stack in the state backend (uses PULUMI_CONFIG_PASSPHRASE)`,
    `pulumi config set --secret hubspot:token <private app token or service key> --stack ${unit}`,
    `pulumi config set --secret n8n:apiKey <api key> --stack ${unit}    # when the blueprint targets n8n`,
    `revstack preview --stack ${unit}`,
  ];
}

function stackText(unit: string, blueprintPath: string, config: [string, string][]): string {
  const lines = [
    `# Pulumi stack configuration for business unit ${unit} (written by revstack clone).`,
    "# Credentials never go in this file in plain text; create the stack, then set them as secrets:",
    ...nextSteps(unit)
      .slice(0, 3)
      .map((step) => `#   ${step}`),
    stringify({ config: Object.fromEntries([["revstack:blueprint", blueprintPath], ...config]) }, { lineWidth: 0 }),
  ];
  return lines.join("\n");
}

async function exists(file: string): Promise<boolean> {
  return fs.access(file).then(
    () => true,
    () => false,
  );
}

/** Works out both files and checks the child loads cleanly; `problems` explains any refusal. */
export async function planClone(req: CloneRequest): Promise<{ plan?: ClonePlan; problems: string[] }> {
  const problems: string[] = [];
  if (!KEY_PATTERN.test(req.unit))
    problems.push(`--unit "${req.unit}" must be a key: lowercase letters and digits, words joined by '-' or '_'`);
  const blueprintFile = path.join(req.outDir, "blueprints", `${req.unit}.yaml`);
  const stackFile = path.join(req.outDir, "stacks", `Pulumi.${req.unit}.yaml`);
  const child: YamlMap = {
    apiVersion: API_VERSION,
    kind: "Blueprint",
    extends: relativeTo(path.dirname(path.resolve(blueprintFile)), path.resolve(req.source)),
    metadata: { name: req.unit, businessUnit: req.unit },
  };
  const config: [string, string][] = [];
  for (const set of req.sets) {
    const eq = set.indexOf("=");
    if (eq <= 0) {
      problems.push(`--set ${set}: expected key=value`);
      continue;
    }
    const [key, value] = [set.slice(0, eq).trim(), set.slice(eq + 1)];
    if (!key.includes(":")) {
      const problem = setPath(child, key, scalar(value));
      if (problem) problems.push(problem);
    } else if (SECRET_CONFIG.test(key)) {
      problems.push(
        `--set ${key}: secrets are never written to files; run pulumi config set --secret ${key} <value> --stack ${req.unit}`,
      );
    } else if (key === "revstack:blueprint") {
      problems.push("--set revstack:blueprint: clone points the stack at the new child blueprint itself");
    } else {
      config.push([key, value]);
    }
  }
  if (!req.force) {
    for (const file of [blueprintFile, stackFile])
      if (await exists(file)) problems.push(`${file} already exists (use --force to overwrite)`);
  }
  if (problems.length > 0) return { problems };

  const modeline = `# yaml-language-server: $schema=${relativeTo(path.dirname(path.resolve(blueprintFile)), path.resolve(req.schemaFile))}\n`;
  const header = `# Business unit ${req.unit}: says only what differs from ${path.basename(req.source)}.\n`;
  const blueprintText = modeline + header + stringify(child, { lineWidth: 0 });
  const { diagnostics } = await loadBlueprint(blueprintFile, {
    readFile: (f) =>
      path.resolve(f) === path.resolve(blueprintFile) ? Promise.resolve(blueprintText) : fs.readFile(f, "utf8"),
    fileSize: async (f) =>
      path.resolve(f) === path.resolve(blueprintFile) ? blueprintText.length : (await fs.stat(f)).size,
  });
  if (hasErrors(diagnostics))
    return { problems: diagnostics.filter((d) => d.severity === "error").map(formatDiagnostic) };
  const blueprintPath = path.relative(req.outDir, blueprintFile).split(path.sep).join("/");
  return {
    plan: {
      blueprintFile,
      stackFile,
      blueprintText,
      stackText: stackText(req.unit, blueprintPath, config),
      diagnostics,
    },
    problems,
  };
}

export async function writeClone(plan: ClonePlan): Promise<void> {
  for (const [file, text] of [
    [plan.blueprintFile, plan.blueprintText],
    [plan.stackFile, plan.stackText],
  ]) {
    await fs.mkdir(path.dirname(file), { recursive: true });
    await fs.writeFile(file, text);
  }
}
