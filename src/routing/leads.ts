/**
 * Leads to replay, from a file: JSONL (one lead a line, as HubSpot's objects API returns it: {"id", "createdAt",
 * "properties"}) or CSV (a header row of property names, plus id and createdAt). Either may say which of the blueprint's
 * lists each lead is in (JSONL `"lists": [keys]`, a CSV `lists` column of keys separated by ";"), which routing rules
 * on list membership need (./memberships.ts). A bad line is an error at its place; reading stops at MAX_LEADS so a
 * huge export cannot exhaust memory.
 */
import { promises as fs } from "node:fs";

export interface Lead {
  id: string;
  /** Arrival, epoch ms. */
  createdAt: number;
  properties: Record<string, string>;
  /** The keys of the blueprint's lists the lead is in; undefined when its source does not say. */
  lists?: string[];
}

export const MAX_LEADS = 100_000;

export class LeadFileError extends Error {}

export async function readLeads(file: string): Promise<Lead[]> {
  const text = await fs.readFile(file, "utf8").catch((err: NodeJS.ErrnoException) => {
    throw new LeadFileError(`cannot read ${file}: ${err.code === "ENOENT" ? "no such file" : err.message}`);
  });
  const leads = file.endsWith(".csv") ? fromCsv(text, file) : fromJsonl(text, file);
  if (leads.length > MAX_LEADS) {
    throw new LeadFileError(`${file} holds ${leads.length} leads; replay reads at most ${MAX_LEADS}`);
  }
  return byArrival(leads);
}

/** Arrival order, ties by id: the same file always replays the same way. */
export function byArrival(leads: Lead[]): Lead[] {
  return leads.sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

function fromJsonl(text: string, file: string): Lead[] {
  const leads: Lead[] = [];
  text.split("\n").forEach((line, i) => {
    if (line.trim() === "") return;
    let value: { id?: unknown; createdAt?: unknown; properties?: Record<string, unknown>; lists?: unknown };
    try {
      value = JSON.parse(line);
    } catch (err) {
      throw new LeadFileError(`${file}:${i + 1}:1: not JSON: ${(err as Error).message}`);
    }
    const props = value.properties ?? {};
    const read = lead(file, i + 1, value.id ?? props.hs_object_id, value.createdAt ?? props.createdate, props);
    if (value.lists !== undefined && !(Array.isArray(value.lists) && value.lists.every((l) => typeof l === "string")))
      throw new LeadFileError(`${file}:${i + 1}:1: lists must be an array of list keys`);
    leads.push(value.lists === undefined ? read : { ...read, lists: value.lists as string[] });
  });
  return leads;
}

function lead(file: string, line: number, id: unknown, createdAt: unknown, props: Record<string, unknown>): Lead {
  const at = typeof createdAt === "number" ? createdAt : Date.parse(String(createdAt));
  if (id === undefined || id === "") throw new LeadFileError(`${file}:${line}:1: the lead has no id`);
  if (!Number.isFinite(at)) {
    throw new LeadFileError(`${file}:${line}:1: createdAt ${JSON.stringify(createdAt)} is not a date and time`);
  }
  const properties = Object.fromEntries(
    Object.entries(props)
      .filter(([, v]) => v !== null && v !== undefined)
      .map(([k, v]) => [k, String(v)]),
  );
  return { id: String(id), createdAt: at, properties };
}

function fromCsv(text: string, file: string): Lead[] {
  const rows = csvRows(text, file);
  const header = rows.shift();
  if (!header) return [];
  for (const need of ["id", "createdAt"]) {
    if (!header.cells.includes(need)) throw new LeadFileError(`${file}:1:1: the header row has no ${need} column`);
  }
  return rows.map(({ line, cells }) => {
    const record = Object.fromEntries(header.cells.map((name, i) => [name, cells[i] ?? ""]));
    const { id, createdAt, lists, ...props } = record;
    const read = lead(file, line, id, createdAt, Object.fromEntries(Object.entries(props).filter(([, v]) => v !== "")));
    return header.cells.includes("lists") ? { ...read, lists: lists.split(";").flatMap((k) => k.trim() || []) } : read;
  });
}

/** RFC 4180 rows: quoted cells may hold commas, quotes ("") and line breaks. */
function csvRows(text: string, file: string): { line: number; cells: string[] }[] {
  const rows: { line: number; cells: string[] }[] = [];
  let cells: string[] = [];
  let cell = "";
  let quoted = false;
  let line = 1;
  let start = 1;
  const endRow = () => {
    cells.push(cell);
    if (cells.length > 1 || cells[0] !== "") rows.push({ line: start, cells });
    cells = [];
    cell = "";
    start = line;
  };
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === "\n") line++;
    if (quoted && ch === '"' && text[i + 1] === '"') {
      cell += '"';
      i++;
    } else if (quoted && ch === '"') quoted = false;
    else if (quoted) cell += ch;
    else if (ch === '"' && cell === "") quoted = true;
    else if (ch === ",") {
      cells.push(cell);
      cell = "";
    } else if (ch === "\n") endRow();
    else if (ch !== "\r") cell += ch;
  }
  if (quoted) throw new LeadFileError(`${file}:${start}:1: a quoted cell is not closed`);
  endRow();
  return rows;
}
