/**
 * The line whose indentation is wrong, for YAML the parser rejected. The parser reports where it gave up, which
 * after a wrong indent is often the line before (an over-indented key reads as a two-line key) or a cascade of
 * errors after it; this reads the lines as a person does and names the one to fix.
 */

export interface IndentProblem {
  line: number;
  column: number;
  message: string;
}

interface ContentLine {
  n: number;
  indent: number;
  /** The text after the indentation, without a trailing comment. */
  text: string;
}

/** A key at the start of a line's content: `name:` then a space or the end (quoted keys included). */
const KEY = /^(?:"[^"]*"|'[^']*'|[^\s#"'{[\]}:,-][^#:]*?|-[^\s#:][^#:]*?)\s*:(?:\s|$)/;
/** A block scalar header (`key: |`, `- >-`): the lines under it are text, whatever their indentation. */
const BLOCK_SCALAR = /(?:^|:\s|^-\s)\s*[|>][+-]?\d*$/;

function stripComment(text: string): string {
  let quote: string | undefined;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === quote) quote = undefined;
    } else if (c === "'" || c === '"') quote = c;
    else if (c === "#" && (i === 0 || /\s/.test(text[i - 1]))) return text.slice(0, i).trimEnd();
  }
  return text.trimEnd();
}

/** The column where a line's map content starts: after any `- ` item markers. */
function contentColumn(line: ContentLine): { column: number; rest: string } {
  let rest = line.text;
  let column = line.indent;
  while (/^-(\s|$)/.test(rest)) {
    const after = rest.slice(1);
    const pad = after.length - after.trimStart().length;
    column += 1 + pad;
    rest = after.trimStart();
  }
  return { column, rest };
}

/** What a line opens below it: a nested block (a key or item with nothing after it) or nothing (it has its value). */
function opensBlock(rest: string): boolean {
  return rest === "" || /:$/.test(rest);
}

const keyName = (rest: string) => rest.slice(0, rest.indexOf(":")).trim();

/** Lines the parser reads as block structure: not blank, not comments, not inside flow brackets or block scalars. */
function contentLines(text: string): ContentLine[] | IndentProblem {
  const out: ContentLine[] = [];
  let flow = 0;
  let scalarOwner: number | undefined;
  const lines = text.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i].replace(/\r$/, "");
    const lead = /^[ \t]*/.exec(raw)![0];
    const body = raw.slice(lead.length);
    if (body === "" || body.startsWith("#")) continue;
    if (scalarOwner !== undefined && lead.replace(/\t/g, " ").length > scalarOwner) continue;
    scalarOwner = undefined;
    if (flow > 0) {
      flow += depthChange(body);
      continue;
    }
    const tab = lead.indexOf("\t");
    if (tab >= 0) {
      return {
        line: i + 1,
        column: tab + 1,
        message: "a tab in the indentation: YAML indents with spaces only; replace the tab with spaces",
      };
    }
    const content = stripComment(body);
    out.push({ n: i + 1, indent: lead.length, text: content });
    flow = Math.max(0, depthChange(content));
    if (BLOCK_SCALAR.test(content)) scalarOwner = lead.length;
  }
  return out;
}

function depthChange(text: string): number {
  let depth = 0;
  let quote: string | undefined;
  for (const c of text) {
    if (quote) {
      if (c === quote) quote = undefined;
    } else if (c === "'" || c === '"') quote = c;
    else if (c === "[" || c === "{") depth++;
    else if (c === "]" || c === "}") depth--;
  }
  return depth;
}

/** The first line whose indentation is wrong, or undefined when every line's fits the lines above it. */
export function indentationProblem(text: string): IndentProblem | undefined {
  const lines = contentLines(text);
  if (!Array.isArray(lines)) return lines;
  // The columns of the blocks open at the current line: a line may continue any of them, at that column.
  const open: number[] = [];
  let previous: ContentLine | undefined;
  for (const line of lines) {
    const at = { line: line.n, column: line.indent + 1 };
    const isKey = KEY.test(line.text) || /^-(\s|$)/.test(line.text);
    if (previous) {
      const prev = contentColumn(previous);
      const opened = opensBlock(prev.rest);
      if (line.indent > prev.column && !opened && isKey && KEY.test(prev.rest)) {
        const name = keyName(prev.rest);
        return {
          ...at,
          message:
            `indented deeper than "${name}" on line ${previous.n}, which already has its value: indent it ` +
            `${prev.column} spaces, like "${name}", if it belongs beside it`,
        };
      }
      if (opened && prev.rest !== "" && line.indent === prev.column && !isKey) {
        return {
          ...at,
          message: `a value on its own line goes deeper than its key: indent it more than "${keyName(prev.rest)}" on line ${previous.n}`,
        };
      }
      const child = opened && line.indent > prev.column;
      const continuation = !opened && !isKey && line.indent > prev.column;
      while (open.length > 0 && open[open.length - 1] > line.indent) open.pop();
      if (!child && !continuation && open[open.length - 1] !== line.indent) {
        const around = [...new Set([open[open.length - 1] ?? 0, prev.column])].sort((a, b) => a - b);
        return {
          ...at,
          message:
            `indented ${line.indent} space${line.indent === 1 ? "" : "s"}, but the keys around it are at ` +
            `${around.join(" and ")}: line it up with the key it belongs beside`,
        };
      }
    }
    while (open.length > 0 && open[open.length - 1] > line.indent) open.pop();
    if (open[open.length - 1] !== line.indent) open.push(line.indent);
    const own = contentColumn(line);
    if (own.column !== line.indent) open.push(own.column);
    previous = line;
  }
  return undefined;
}
