import type { IncomingMessage, ServerResponse } from "node:http";
import { admin, ADMIN_PREFIX } from "./admin";
import { ApiError, newCorrelationId, invalid, notFound, RateLimitError, unauthorized } from "./errors";
import type { Faults } from "./faults";
import type { RateLimiter } from "./rate-limit";
import type { Reply, Router } from "./router";
import type { Stats } from "./stats";
import { missingScope, requiredScope } from "./scopes";
import { LEGACY } from "./versions";
import type { Store } from "./store";

export interface ServerDeps {
  router: Router;
  store: Store;
  stats: Stats;
  faults: Faults;
  limiter?: RateLimiter;
  tokens: Set<string>;
  /** Tokens given only some scopes; a token not here holds them all. */
  tokenScopes?: Map<string, Set<string>>;
  adminToken: string;
}

const MAX_BODY = 10 * 1024 * 1024;
const withBody = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/**
 * One request, in HubSpot's order: authenticate, rate-limit, then (maybe) a fault, then the handler. Handlers run
 * synchronously between reading the body and writing the reply, which is what keeps uniqueness checks atomic.
 */
export function requestListener(deps: ServerDeps) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    readBody(req)
      .then(
        (raw) => handle(deps, req, res, raw),
        () => send(res, new ApiError(413, "VALIDATION_ERROR", "Request body too large")),
      )
      .catch((err: Error) => {
        process.stderr.write(`sandbox: internal error: ${err.message}\n`);
        if (!res.headersSent) send(res, new ApiError(500, "INTERNAL_ERROR", "Internal error"));
      });
  };
}

async function handle(deps: ServerDeps, req: IncomingMessage, res: ServerResponse, raw: string): Promise<void> {
  const method = req.method ?? "GET";
  const url = req.url ?? "/";
  const q = url.indexOf("?");
  const [path, search] = q < 0 ? [url, ""] : [url.slice(0, q), url.slice(q + 1)];
  const parseBody = () => parseJson(raw);
  if (path.startsWith(ADMIN_PREFIX)) {
    const token = req.headers["x-sandbox-admin-token"];
    return attempt(res, () => admin(deps, method, path, typeof token === "string" ? token : undefined, parseBody));
  }
  const match = deps.router.match(method, path);
  const isRead = match?.route.read ?? method === "GET";
  const routeKey = match ? `${method} ${match.route.path}` : "";
  if (match) deps.stats.count(routeKey, isRead);
  const token = bearer(req.headers.authorization);
  if (!token || !deps.tokens.has(token)) return send(res, unauthorized());
  if (!match) return send(res, notFound(`No route for ${method} ${path}`));
  const scopes = deps.tokenScopes?.get(token);
  const scope = scopes && requiredScope(method, match.route.path, match.params, isRead);
  if (scope && !scopes.has(scope)) return send(res, missingScope(scope));
  let headers: Record<string, string> = {};
  if (deps.limiter) {
    const verdict = deps.limiter.check(token, match.route.path.endsWith("/search"));
    headers = verdict.headers;
    if (!verdict.ok) {
      deps.stats.rateLimited++;
      return send(res, verdict.error, headers);
    }
  }
  const fault = deps.faults.decide(routeKey, !isRead);
  if (fault.delayMs > 0) await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
  if (fault.kind === "reset") return void req.socket.resetAndDestroy();
  if (fault.kind === "error") return send(res, injected(fault.status), headers);
  const reply = attemptReply(() => {
    const query = new URLSearchParams(search);
    const body = withBody.has(method) ? parseBody() : undefined;
    return match.route.handler({
      params: match.params,
      query,
      body,
      store: deps.store,
      now: new Date().toISOString(),
      version: LEGACY,
    });
  });
  // The write happened; the client never learns it did.
  if (fault.kind === "ambiguous") return void req.socket.destroy();
  if (reply instanceof ApiError) send(res, reply, headers);
  else sendJson(res, reply.status, reply.body, { ...headers, ...reply.headers });
}

function attempt(res: ServerResponse, run: () => Reply): void {
  const reply = attemptReply(run);
  if (reply instanceof ApiError) send(res, reply);
  else sendJson(res, reply.status, reply.body, reply.headers);
}

function attemptReply(run: () => Reply): Reply | ApiError {
  try {
    return run();
  } catch (err) {
    if (err instanceof ApiError) return err;
    throw err;
  }
}

const injected = (status: number): ApiError =>
  status === 429
    ? new RateLimitError("TEN_SECONDLY_ROLLING", "You have reached your ten_secondly_rolling limit.")
    : status === 404
      ? notFound("Not found (the sandbox plays a portal where this path does not exist)")
      : new ApiError(status, "INTERNAL_ERROR", "An internal error occurred (injected by the sandbox).");

function bearer(header: string | undefined): string | undefined {
  const m = header ? /^Bearer\s+(.+)$/i.exec(header.trim()) : null;
  return m?.[1];
}

function parseJson(raw: string): unknown {
  if (raw.trim() === "") return undefined;
  try {
    return JSON.parse(raw);
  } catch (err) {
    throw invalid(`Invalid input JSON: ${(err as Error).message}`);
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) reject(new Error("too large"));
      else chunks.push(chunk);
    });
    req.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    req.on("error", reject);
  });
}

function send(res: ServerResponse, error: ApiError, headers: Record<string, string> = {}): void {
  const id = newCorrelationId();
  sendJson(res, error.status, error.body(id), headers, id);
}

function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
  id = newCorrelationId(),
): void {
  if (res.destroyed) return;
  const payload = body === undefined ? "" : JSON.stringify(body);
  res.writeHead(status, {
    ...headers,
    "X-HubSpot-Correlation-Id": id,
    ...(payload ? { "Content-Type": "application/json;charset=utf-8" } : {}),
    "Content-Length": Buffer.byteLength(payload),
  });
  res.end(payload);
}
