/**
 * `revstack init`: the files of a user project that keeps its revenue stack in blueprints and installs revstack as
 * a package. Planned first (nothing is written when any file is in the way), then written.
 */
import { existsSync, readFileSync } from "node:fs";
import { mkdir, writeFile } from "node:fs/promises";
import * as path from "node:path";
import { KEY_PATTERN } from "../blueprint/model";
import { packageRoot } from "./paths";

export interface ScaffoldRequest {
  /** The project directory; created when missing. */
  dir: string;
  /** The project's and starter blueprint's name (a key); default: the directory's name. */
  name?: string;
  /** Overwrite files that exist. */
  force?: boolean;
}

export interface ScaffoldFile {
  /** Relative to the project directory. */
  path: string;
  content: string;
  /** Whether a file was there before (overwritten with --force, or package.json merged). */
  existed: boolean;
}

export interface ScaffoldPlan {
  dir: string;
  name: string;
  files: ScaffoldFile[];
}

/** Template file (in templates/project/) → where it goes; `{{name}}` is replaced by the project's name. */
const TEMPLATES: Array<[template: string, target: (name: string) => string]> = [
  ["Pulumi.yaml", () => "Pulumi.yaml"],
  ["blueprint.yaml", (name) => `blueprints/${name}.yaml`],
  ["Pulumi.dev.yaml", () => "stacks/Pulumi.dev.yaml"],
  ["gitignore", () => ".gitignore"],
  ["README.md", () => "README.md"],
  ["workflow.yml", () => ".github/workflows/revstack.yml"],
];

/**
 * What `npm run <script>` does in a user project. `up` applies the dev stack (the local sandbox) without asking, so
 * it runs the same at a terminal, in a script and in CI; it still prints the preview before it applies.
 */
export const PROJECT_SCRIPTS: Record<string, string> = {
  validate: "revstack validate blueprints/*.yaml",
  sandbox: "revstack sandbox --port 4317 --state .revstack/sandbox-state.json --portal-id 4242424",
  preview: "revstack preview --stack dev",
  up: "revstack pulumi up --stack dev --yes",
  drift: "revstack drift --stack dev",
};

export function planScaffold(req: ScaffoldRequest): { plan?: ScaffoldPlan; problems: string[] } {
  const dir = path.resolve(req.dir);
  const name = req.name ?? path.basename(dir);
  if (!KEY_PATTERN.test(name)) {
    const hint = req.name === undefined ? ` (the directory's name); pass --name <key>` : "";
    return {
      problems: [
        `"${name}" is not a valid name${hint}: use lowercase letters and digits, words joined by '-' or '_' (e.g. acme-revenue)`,
      ],
    };
  }
  const templates = path.join(packageRoot(), "templates", "project");
  const files = TEMPLATES.map(([template, target]) => {
    const rel = target(name);
    return {
      path: rel,
      content: readFileSync(path.join(templates, template), "utf8").replaceAll("{{name}}", name),
      existed: existsSync(path.join(dir, rel)),
    };
  });
  const inTheWay = files.filter((f) => f.existed);
  if (inTheWay.length > 0 && !req.force) {
    return {
      problems: [
        `${inTheWay.map((f) => f.path).join(", ")} already exist${inTheWay.length === 1 ? "s" : ""} in ${dir}; nothing written (--force overwrites)`,
      ],
    };
  }
  const manifest = packageJson(dir, name);
  if ("problem" in manifest) return { problems: [manifest.problem] };
  return { plan: { dir, name, files: [manifest.file, ...files] }, problems: [] };
}

/**
 * package.json: a new one depends on this revstack; an existing one (e.g. written by `npm install revstack`) keeps
 * everything it has and gains the scripts and the dependency it lacks.
 */
function packageJson(dir: string, name: string): { file: ScaffoldFile } | { problem: string } {
  const file = path.join(dir, "package.json");
  const existed = existsSync(file);
  let manifest: Record<string, unknown> = { name, version: "0.0.0", private: true };
  if (existed) {
    try {
      manifest = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
    } catch (err) {
      return { problem: `${file}: not valid JSON (${(err as Error).message}); nothing written` };
    }
  }
  const scripts = { ...PROJECT_SCRIPTS, ...(manifest.scripts as Record<string, string> | undefined) };
  const deps = { ...(manifest.dependencies as Record<string, string> | undefined) };
  const dev = manifest.devDependencies as Record<string, string> | undefined;
  if (!deps.revstack && !dev?.revstack) deps.revstack = `^${revstackVersion()}`;
  const content = `${JSON.stringify({ ...manifest, scripts, dependencies: deps }, null, 2)}\n`;
  return { file: { path: "package.json", content, existed } };
}

function revstackVersion(): string {
  return (JSON.parse(readFileSync(path.join(packageRoot(), "package.json"), "utf8")) as { version: string }).version;
}

export async function writeScaffold(plan: ScaffoldPlan): Promise<void> {
  for (const file of plan.files) {
    const target = path.join(plan.dir, file.path);
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, file.content);
  }
}
