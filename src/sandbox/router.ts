import type { Store } from "./store";

/** What a handler gets: the parsed request and the portal it acts on. */
export interface Context {
  params: Record<string, string>;
  query: URLSearchParams;
  body: any;
  store: Store;
  now: string;
  /** The API generation the caller's path belongs to: `v3`, or a date version such as `2026-09`. */
  version: string;
}

export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export type Handler = (ctx: Context) => Reply;

export interface Route {
  method: string;
  /** HubSpot-style path template, e.g. `/crm/v3/pipelines/{objectType}`; also the key in the stats. */
  path: string;
  handler: Handler;
  /** Reads are GETs and the POSTs that only read (search, batch/read). */
  read?: boolean;
}

export const ok = (body: unknown): Reply => ({ status: 200, body });
export const created = (body: unknown, location?: string): Reply => ({
  status: 201,
  body,
  ...(location ? { headers: { Location: location } } : {}),
});
export const noContent = (): Reply => ({ status: 204 });

interface Node {
  literal: Map<string, Node>;
  param?: { name: string; node: Node };
  routes: Map<string, Route>;
}

const newNode = (): Node => ({ literal: new Map(), routes: new Map() });

/** A segment trie: literal segments win over parameters, so `/pipelines/deals/audit` never shadows ids. */
export class Router {
  private readonly root = newNode();

  add(routes: Route[]): void {
    for (const route of routes) {
      let node = this.root;
      for (const segment of segments(route.path)) {
        const param = /^\{(\w+)\}$/.exec(segment);
        if (param) {
          node.param ??= { name: param[1], node: newNode() };
          node = node.param.node;
        } else {
          let next = node.literal.get(segment);
          if (!next) node.literal.set(segment, (next = newNode()));
          node = next;
        }
      }
      node.routes.set(route.method, route);
    }
  }

  match(method: string, path: string): { route: Route; params: Record<string, string> } | undefined {
    const params: Record<string, string> = {};
    const node = this.walk(this.root, segments(path), 0, params);
    const route = node?.routes.get(method);
    return route ? { route, params } : undefined;
  }

  private walk(node: Node, parts: string[], i: number, params: Record<string, string>): Node | undefined {
    if (i === parts.length) return node;
    const literal = node.literal.get(parts[i]);
    const found = literal && this.walk(literal, parts, i + 1, params);
    if (found) return found;
    if (!node.param) return undefined;
    const value = safeDecode(parts[i]);
    if (value === undefined) return undefined;
    params[node.param.name] = value;
    return this.walk(node.param.node, parts, i + 1, params);
  }
}

// HubSpot's client sends some paths with a trailing slash (`/crm/v3/owners/`); both forms are the same route.
const segments = (path: string): string[] => path.split("/").filter((s) => s !== "");

function safeDecode(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}
