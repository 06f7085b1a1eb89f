import { Client } from "@hubspot/api-client";
import { afterAll, beforeAll } from "vitest";
import { startSandbox, type Sandbox, type SandboxOptions } from "../../src/sandbox";

/** Starts a sandbox for one test file; call the returned `stop` in afterAll. */
export async function sandbox(opts: SandboxOptions = {}): Promise<Sandbox> {
  return startSandbox({ port: 0, ...opts });
}

/** HubSpot's official client pointed at the sandbox, with its own retries off so tests see every response. */
export function hubspot(sb: Sandbox, token = sb.tokens[0]): Client {
  return new Client({ accessToken: token, basePath: sb.url, numberOfApiCallRetries: 0 });
}

export async function api(sb: Sandbox, method: string, path: string, body?: unknown, token = sb.tokens[0]) {
  const res = await fetch(sb.url + path, {
    method,
    headers: {
      Authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { "Content-Type": "application/json" }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
}

export async function admin(sb: Sandbox, method: string, path: string, body?: unknown) {
  const res = await fetch(sb.url + path, {
    method,
    headers: { "X-Sandbox-Admin-Token": sb.adminToken, "Content-Type": "application/json" },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

/** Runs `call` and returns the HubSpot client's ApiException (status in `code`, parsed body in `body`). */
export async function failure(call: Promise<unknown>): Promise<{ code: number; body: any }> {
  try {
    await call;
  } catch (err) {
    return err as { code: number; body: any };
  }
  throw new Error("expected the call to fail");
}

export const dealStage = (label: string, displayOrder: number, probability: number | string) => ({
  label,
  displayOrder,
  metadata: { probability: String(probability) },
});

/**
 * One sandbox and one official client for a whole test file (hooks registered here); rate limits are off so the
 * file's call count does not matter. `opts.demoPeople` gives the portal the demo sales team to work with.
 */
export function clientSandbox(opts: SandboxOptions = {}): { sb: Sandbox; client: Client } {
  const t = {} as { sb: Sandbox; client: Client };
  beforeAll(async () => {
    t.sb = await sandbox({ rateLimits: false, ...opts });
    t.client = hubspot(t.sb);
  });
  afterAll(() => t.sb.stop());
  return t;
}
