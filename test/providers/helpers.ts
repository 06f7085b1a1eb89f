import { clearListCache } from "../../src/clients/hubspot";
import { startSandbox, type FaultConfig, type Sandbox } from "../../src/sandbox";
import { settingsFrom, type Settings } from "../../providers/shared/config";
import { configureRequest } from "../support/serialized-provider";

export const TOKEN = "pat-test-0123456789-secret";

/** A sandbox on 127.0.0.1 with a known token; `stop` in afterAll. */
export function sandbox(opts: { tier?: 100 | 190 | 250; demoPeople?: boolean } = {}): Promise<Sandbox> {
  return startSandbox({ port: 0, tokens: [TOKEN], tier: opts.tier ?? 250, demoPeople: opts.demoPeople });
}

/** Provider settings as `configure` builds them from stack config, with a short retry budget for tests. */
export function settings(sb: Sandbox, config: Record<string, string> = {}): Settings {
  const all: Record<string, string> = {
    "hubspot:baseUrl": sb.url,
    "hubspot:token": TOKEN,
    "hubspot:portalId": String(sb.portalId),
    ...config,
  };
  const s = settingsFrom(configureRequest(all));
  return {
    ...s,
    http: { retry: { retries: 2, minTimeoutMs: 10, maxTimeoutMs: 20, maxRetryTimeMs: 5_000 }, timeoutMs: 3_000 },
  };
}

/** A fresh provider process: nothing cached from earlier calls (what a new `pulumi` command sees). */
export const newProcess = (): void => clearListCache();

async function admin(sb: Sandbox, method: string, path: string, body?: unknown): Promise<any> {
  const res = await fetch(`${sb.url}/__sandbox/${path}`, {
    method,
    headers: { "X-Sandbox-Admin-Token": sb.adminToken, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return res.json();
}

export const stats = (sb: Sandbox): Promise<{ reads: number; writes: number; byRoute: Record<string, number> }> =>
  admin(sb, "GET", "stats");
export const resetStats = (sb: Sandbox): Promise<unknown> => admin(sb, "POST", "stats/reset");
export const faults = (sb: Sandbox, config: FaultConfig): Promise<unknown> => admin(sb, "POST", "faults", config);

/** An out-of-band call, as someone clicking in HubSpot would make. */
export async function api(sb: Sandbox, method: string, path: string, body?: unknown): Promise<any> {
  const res = await fetch(`${sb.url}${path}`, {
    method,
    headers: { Authorization: `Bearer ${TOKEN}`, "content-type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  if (res.status >= 400) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
}

/** A contact workflow (automation v4 flow) with every part HubSpot's create requires, and `extra` on top. */
export const contactFlow = (extra: object = {}) => ({
  type: "CONTACT_FLOW",
  name: "Route inbound leads",
  isEnabled: false,
  flowType: "WORKFLOW",
  actions: [],
  timeWindows: [],
  blockedDates: [],
  customProperties: {},
  dataSources: [],
  suppressionListIds: [],
  canEnrollFromSalesforce: false,
  ...extra,
});
