import type { Probe } from "./operations";

/** One line of the doctor's answer: ✓ or ✗, what was checked, and (for ✗) what to do. */
export interface CheckLine {
  ok: boolean;
  what: string;
  fix?: string;
}

/** A HubSpot answer to a probe: status, the headers doctor reads, and the body (parsed when JSON). */
export interface Answer {
  status: number;
  headers: Headers;
  body: unknown;
}

/** A field deep in a JSON answer (`at(body, "data", "versionCli")`), undefined when the path is not there. */
const at = (value: unknown, ...keys: string[]): unknown =>
  keys.reduce<unknown>(
    (o, k) => (o !== null && typeof o === "object" ? (o as Record<string, unknown>)[k] : undefined),
    value,
  );

/** What every check sees: the stack's settings, and the probes' answers (each sent once, read-only). */
export interface DoctorContext {
  stack: string;
  hubspot: { baseUrl: string; portalId?: number };
  n8n?: { baseUrl: string; apiKey?: string };
  /** What preview warns about the stack's webhooks (src/plan/n8n/exposure.ts), when anything. */
  webhookExposure?: string;
  probes: Probe[];
  /** The answer to a probe (cached: each probe goes to HubSpot once); a network failure is status 0. */
  answer(probe: Probe): Promise<Answer>;
  /** A GET on the stack's n8n (status 0 when it does not answer). */
  n8nGet(path: string, apiKey?: string): Promise<Answer>;
}

/**
 * A check: a few lines of ✓/✗. Checks are small and independent, listed in `doctorChecks`; another concern adds
 * its own (e.g. webhook security: n8n exposed on a non-loopback URL without webhook secrets) by appending one.
 */
export type DoctorCheck = (ctx: DoctorContext) => Promise<CheckLine[]>;

const account = (ctx: DoctorContext) => ctx.answer(ctx.probes[0]);

/** The token: HubSpot accepts it (account details answer 200). */
export const tokenCheck: DoctorCheck = async (ctx) => {
  const res = await account(ctx);
  if (res.status === 200) return [{ ok: true, what: "HubSpot accepts the token" }];
  if (res.status === 0)
    return [
      {
        ok: false,
        what: `HubSpot does not answer at ${ctx.hubspot.baseUrl}`,
        fix: "check hubspot:baseUrl and the network",
      },
    ];
  return [
    {
      ok: false,
      what: `HubSpot refuses the token (${res.status}${at(res.body, "category") ? ` ${String(at(res.body, "category"))}` : ""})`,
      fix: `set the private app's or service key's token: npx revstack pulumi config set --secret hubspot:token <token> --stack ${ctx.stack}`,
    },
  ];
};

/** The portal: the token's portal is the one the stack names (the portal guard's check, before any write). */
export const portalCheck: DoctorCheck = async (ctx) => {
  const res = await account(ctx);
  if (res.status !== 200) return [];
  const live = Number(at(res.body, "portalId"));
  const configured = ctx.hubspot.portalId;
  if (configured === undefined)
    return [
      {
        ok: false,
        what: `hubspot:portalId is not set (the token belongs to portal ${live})`,
        fix: `if portal ${live} is the one you mean: npx revstack pulumi config set hubspot:portalId ${live} --stack ${ctx.stack}`,
      },
    ];
  if (live === configured) return [{ ok: true, what: `portal ${live}, as hubspot:portalId says` }];
  return [
    {
      ok: false,
      what: `the token belongs to portal ${live}, but hubspot:portalId is ${configured}`,
      fix: `use a token of portal ${configured}, or, if portal ${live} is the one you mean, set hubspot:portalId ${live}`,
    },
  ];
};

/** Granted scopes: every probe answered without 403 MISSING_SCOPES; one line per scope the blueprint needs. */
export const scopesCheck: DoctorCheck = async (ctx) => {
  if ((await account(ctx)).status !== 200) return [];
  const byScope = new Map<string, boolean>();
  for (const probe of ctx.probes.filter((p) => p.scope)) {
    const res = await ctx.answer(probe);
    const missing = res.status === 403;
    byScope.set(probe.scope!, (byScope.get(probe.scope!) ?? true) && !missing);
  }
  return [...byScope].map(([scope, ok]) =>
    ok
      ? { ok, what: `scope ${scope}` }
      : {
          ok,
          what: `scope ${scope} is missing`,
          fix: `grant ${scope} to the private app or service key (HubSpot: Development → the app → Scopes), then run doctor again`,
        },
  );
};

/** Paths: every path revstack will call exists on this portal (a read answers 200, a write probe 400; never 404). */
export const pathsCheck: DoctorCheck = async (ctx) => {
  if ((await account(ctx)).status !== 200) return [];
  const lines: CheckLine[] = [];
  for (const probe of ctx.probes) {
    const res = await ctx.answer(probe);
    const what = `${probe.method} ${probe.path}${probe.write ? " (write, probed with an invalid body)" : ""}`;
    if (res.status === 404)
      lines.push({
        ok: false,
        what: `${what} answers 404`,
        fix: "this portal does not serve the path revstack calls: check hubspot:baseUrl, and that the portal has the API (a beta may need enabling)",
      });
    else if (res.status === 0 || res.status >= 500)
      lines.push({
        ok: false,
        what: `${what} did not answer (${res.status || "no connection"})`,
        fix: "run doctor again; if it persists, see status.hubspot.com",
      });
    else if (probe.write && res.status < 300)
      lines.push({
        ok: false,
        what: `${what} was accepted (${res.status}) where HubSpot refuses an empty body`,
        fix: "hubspot:baseUrl may not point at HubSpot's API: check it, and what the probe created there",
      });
    else if (res.status !== 403) lines.push({ ok: true, what: `${what} answers` });
  }
  return lines;
};

/** The rate-limit tier, from `X-HubSpot-RateLimit-Max` on HubSpot's answer. */
export const rateTierCheck: DoctorCheck = async (ctx) => {
  const res = await account(ctx);
  if (res.status !== 200) return [];
  const max = Number(res.headers.get("x-hubspot-ratelimit-max"));
  const window = Number(res.headers.get("x-hubspot-ratelimit-interval-milliseconds")) || 10_000;
  if (!max)
    return [
      {
        ok: false,
        what: "HubSpot's answer carries no X-HubSpot-RateLimit-Max header: the rate-limit tier is unknown",
        fix: "use a private app token or service key (OAuth answers omit some limits); revstack then paces itself to 100 per 10 s",
      },
    ];
  const tier =
    max >= 200 ? "with the API limit increase" : max >= 190 ? "Professional or Enterprise" : "Free or Starter";
  return [{ ok: true, what: `rate limit: ${max} requests per ${window / 1000} s (${tier})` }];
};

/** The major n8n version revstack compiles for (tools/n8n/package.json pins 2.x). */
export const SUPPORTED_N8N_MAJOR = 2;

/** n8n: the stack's n8n answers, accepts the API key, and runs a version revstack supports. */
export const n8nCheck: DoctorCheck = async (ctx) => {
  if (!ctx.n8n) return [{ ok: true, what: "no n8n:baseUrl: this stack applies the CRM part only" }];
  const { baseUrl, apiKey } = ctx.n8n;
  const api = await ctx.n8nGet("/api/v1/workflows?limit=1", apiKey);
  const lines: CheckLine[] = [];
  if (api.status === 0 || api.status === 404 || api.status >= 500) {
    return [
      {
        ok: false,
        what: `n8n does not answer at ${baseUrl} (${api.status || "no connection"})`,
        fix: "start it (npx revstack n8n start for a local one) or fix n8n:baseUrl",
      },
    ];
  }
  lines.push(
    api.status === 200
      ? { ok: true, what: `n8n at ${baseUrl} answers and accepts the API key` }
      : {
          ok: false,
          what: `n8n at ${baseUrl} refuses the API key (${api.status})`,
          fix: `create an API key in n8n (Settings → n8n API) and set it: npx revstack pulumi config set --secret n8n:apiKey <key> --stack ${ctx.stack}`,
        },
  );
  lines.push(await n8nVersionLine(ctx));
  return lines;
};

/**
 * The version: n8n 1.x names it in its public settings (`GET /rest/settings` → `data.versionCli`); n8n 2.x keeps it
 * behind a login, and the public API v1 revstack uses (checked above) is the part that must be there.
 */
async function n8nVersionLine(ctx: DoctorContext): Promise<CheckLine> {
  const version = at((await ctx.n8nGet("/rest/settings")).body, "data", "versionCli");
  if (typeof version !== "string")
    return {
      ok: true,
      what: `n8n does not show its version without a login (n8n ${SUPPORTED_N8N_MAJOR}.x does not); its public API v1, which revstack uses, answers`,
    };
  return Number(version.split(".")[0]) === SUPPORTED_N8N_MAJOR
    ? { ok: true, what: `n8n ${version} (supported: ${SUPPORTED_N8N_MAJOR}.x)` }
    : {
        ok: false,
        what: `n8n ${version} is not supported`,
        fix: `run n8n ${SUPPORTED_N8N_MAJOR}.x (revstack tests against the version in tools/n8n/package.json)`,
      };
}

/** The checks, in the order their lines print. */
/** Webhook callers: an n8n reachable beyond this machine needs revstack:webhookSecret or hubspot:clientSecret. */
export const webhookCallersCheck: DoctorCheck = async (ctx) => {
  if (!ctx.n8n) return [];
  if (ctx.webhookExposure)
    return [
      {
        ok: false,
        what: "no webhook caller secret for an n8n reachable beyond this machine",
        fix: ctx.webhookExposure,
      },
    ];
  return [{ ok: true, what: "webhooks take only the stack's secret or HubSpot's signature (docs/webhooks.md)" }];
};

export const doctorChecks: DoctorCheck[] = [
  tokenCheck,
  portalCheck,
  scopesCheck,
  pathsCheck,
  rateTierCheck,
  n8nCheck,
  webhookCallersCheck,
];
