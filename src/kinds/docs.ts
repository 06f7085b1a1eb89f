/**
 * The user docs' page of each kind (`docs/kinds/<page>.md`), made from the kind alone, as the best Terraform
 * providers make a resource's page from its schema: the fields table from its typed field list (blueprint and
 * HubSpot names, what a change does, HubSpot's value when left out, the danger), identity and adoption from its
 * natural key and identity, the words from its `docs`. `npm run docs:kinds` writes the pages;
 * test/kinds/docs.test.ts fails when one is out of date with its kind.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { KINDS, tokenOf, type AnyKind } from "./index";

type Field = AnyKind["fields"][number];

/** What a change of an input does, as its kind's lists say. */
function onChange(kind: AnyKind, key: string, field: Field | undefined): string {
  if ((kind.identity as readonly string[]).includes(key)) return "replaces the object";
  if ((kind.outputOnly as readonly string[]).includes(key)) return "set by revstack, not compared";
  const inPlace = field !== undefined || (kind.alsoUpdatable as readonly string[] | undefined)?.includes(key);
  if (!inPlace) return "not compared (tells the apply what to do)";
  if (field?.createOnly) return "set when created, never after";
  return field?.optional ? "updated in place; managed only when given" : "updated in place";
}

const code = (name: string): string => `\`${name}\``;
const cell = (text: string): string => text.replace(/\|/g, "\\|").replace(/\n/g, " ");

function fieldsTable(kind: AnyKind): string[] {
  const rows = Object.entries(kind.docs.inputs).map(([key, doc]) => {
    const field = kind.fields.find((f) => f.key === key);
    const blueprint = doc.blueprint ?? code(field?.blueprint ?? key);
    const named = field !== undefined || (kind.identity as readonly string[]).includes(key);
    const hubspot = doc.hubspot ?? field?.hubspot ?? (named ? key : undefined);
    const cells = [
      code(key),
      blueprint,
      kind.module === "hubspot" ? (hubspot ? code(hubspot) : "—") : undefined,
      doc.type,
      doc.default ?? "",
      doc.change ?? onChange(kind, key, field),
      [doc.meaning, field?.danger ? `**Danger:** ${field.danger}.` : ""].filter(Boolean).join(" "),
    ].filter((c) => c !== undefined);
    return `| ${cells.map((c) => cell(c)).join(" | ")} |`;
  });
  const columns = ["field", "in the blueprint", ...(kind.module === "hubspot" ? ["HubSpot"] : [])];
  columns.push("type", "when left out", "a change", "meaning");
  return [`| ${columns.join(" | ")} |`, `| ${columns.map(() => "---").join(" | ")} |`, ...rows];
}

function outputsSection(kind: AnyKind): string[] {
  const outputs = Object.entries(kind.docs.outputs);
  if (outputs.length === 0) return [];
  return [
    "## Computed",
    "",
    "What the provider finds out and records in the stack's state (never compared, never shown as a change):",
    "",
    ...outputs.map(([key, meaning]) => `- ${code(key)}: ${meaning}`),
    "",
  ];
}

/** A natural key's form, from the kind's own key function: `property:<objectType>/<name>`. */
export function keyForm(kind: AnyKind): string | undefined {
  const key = kind.naturalKey;
  if (!key) return undefined;
  const placeholders = new Proxy({}, { get: (_target, field) => `<${String(field)}>` });
  return `${key.prefix}:${key.of(placeholders as never)}`;
}

function identitySection(kind: AnyKind): string[] {
  const form = keyForm(kind);
  const lines = ["## Identity and matching", ""];
  if (form)
    lines.push(
      `Its natural key is ${code(form)}: what tells stacks on one portal that they declare the same object, and how ` +
        "`revstack:adoptObjects`, `revstack release` and the blueprint's `delete:` list name it.",
      "",
    );
  const identity = kind.identity.length > 0 ? kind.identity.map(code).join(", ") : "none (a rename is an update)";
  lines.push(`Fields that name the object, whose change replaces it: ${identity}.`);
  if (kind.docs.matching) lines.push("", kind.docs.matching);
  return [...lines, ""];
}

/** Adoption in the kind's words, and how to adopt just one object by its natural key. */
function adoptionSection(kind: AnyKind): string[] {
  const form = keyForm(kind);
  const lines = ["## Import, adopt and release", "", kind.docs.adoption, ""];
  if (form)
    lines.push(
      "`pulumi import` does not work for dynamic providers; adoption replaces it. One object:",
      "",
      "```sh",
      `pulumi config set --path 'revstack:adoptObjects[0]' '${form}'`,
      "```",
      "",
    );
  return lines;
}

function dangersSection(kind: AnyKind): string[] {
  const fromFields = kind.fields.flatMap((f) =>
    f.danger ? [`Changing ${code(f.blueprint ?? f.key)}: ${f.danger}.`] : [],
  );
  const all = [...kind.docs.dangers, ...fromFields];
  if (all.length === 0) return [];
  return ["## Dangers and what stops them", "", ...all.map((d) => `- ${d}`), ""];
}

/** The page of one kind, as Markdown. */
export function kindPage(kind: AnyKind): string {
  const d = kind.docs;
  const example = d.example.trimEnd();
  return [
    `# ${d.title} (${code(tokenOf(kind))})`,
    "",
    `<!-- Written by \`npm run docs:kinds\` from src/kinds/ (the kind's descriptor and its \`docs\`): edit there. -->`,
    "",
    d.summary,
    "",
    "## Example",
    "",
    "```yaml",
    example,
    "```",
    "",
    "## Fields",
    "",
    ...fieldsTable(kind),
    "",
    ...outputsSection(kind),
    ...identitySection(kind),
    ...adoptionSection(kind),
    ...dangersSection(kind),
    "[← resource kinds](README.md) · [docs index](../README.md)",
    "",
  ].join("\n");
}

/** The index of the kinds' pages (`docs/kinds/README.md`). */
export function kindsIndex(): string {
  return [
    "# Resource kinds",
    "",
    `<!-- Written by \`npm run docs:kinds\` from src/kinds/: edit there. -->`,
    "",
    "Every object revstack manages is one of these kinds: one Pulumi resource per object, its provider in",
    "`providers/`, everything about it in one file of `src/kinds/`, from which each page is written.",
    "",
    "| kind | type token | what it is |",
    "| --- | --- | --- |",
    ...KINDS.map(
      (k) => `| [${k.docs.title}](${k.docs.page}.md) | ${code(tokenOf(k))} | ${cell(firstSentence(k.docs.summary))} |`,
    ),
    "",
    "[← docs index](../README.md)",
    "",
  ].join("\n");
}

const firstSentence = (text: string): string => /^.*?\.(?=\s|$)/s.exec(text)?.[0] ?? text;

/** Every page, by its path under docs/. */
export function kindPages(): Map<string, string> {
  return new Map([
    [path.join("kinds", "README.md"), kindsIndex()],
    ...KINDS.map((k) => [path.join("kinds", `${k.docs.page}.md`), kindPage(k)] as [string, string]),
  ]);
}

if (require.main === module) {
  const docs = path.resolve(process.argv[2] ?? "docs");
  for (const [file, text] of kindPages()) {
    mkdirSync(path.dirname(path.join(docs, file)), { recursive: true });
    writeFileSync(path.join(docs, file), text);
  }
}
