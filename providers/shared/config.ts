import type * as pulumi from "@pulumi/pulumi";
import { HubSpotClient, verifyPortal, type HttpOptions, type HubSpotConnection } from "../../src/clients/hubspot";
import type { VerifiedPortals } from "./verified-portals";
import { watchEngine } from "./watchdog";

/**
 * What the HubSpot providers need from the stack configuration. It exists only in the provider process: the
 * shim gets it from `configure`, which Pulumi calls there with the decrypted stack config, so the token is
 * never part of the serialized provider, the state file or the program.
 */
export interface Settings {
  connection?: HubSpotConnection;
  /** The portal guard: writes stop when the token belongs to another portal. */
  portalId?: number;
  /** `revstack:adopt`: take over live objects that already have a resource's natural key (and no other stack owns). */
  adopt: boolean;
  /** `revstack:adoptObjects`: the keys adopted one by one (the provider only counts them, for its advice). */
  adoptObjects?: string[];
  /** Timeouts and retry budget; tests shorten them, the stack config does not set them. */
  http?: HttpOptions;
}

const DEFAULT_BASE_URL = "https://api.hubapi.com";

export function settingsFrom(req: pulumi.dynamic.ConfigureRequest): Settings {
  watchEngine();
  const get = (key: string) => {
    const v = req.config.get(key);
    return v === undefined || v === "" ? undefined : v;
  };
  const token = get("hubspot:token");
  const portalId = get("hubspot:portalId");
  if (portalId !== undefined && !/^\d+$/.test(portalId)) {
    throw new Error(`hubspot:portalId must be a HubSpot portal (account) id, a number; got "${portalId}"`);
  }
  return {
    connection: token === undefined ? undefined : { baseUrl: get("hubspot:baseUrl") ?? DEFAULT_BASE_URL, token },
    portalId: portalId === undefined ? undefined : Number(portalId),
    adopt: get("revstack:adopt") === "true",
    adoptObjects: listed(get("revstack:adoptObjects")),
  };
}

/** A structured config value as the engine passes it (JSON text); a bad one counts as empty (the program reports it). */
function listed(text: string | undefined): string[] {
  try {
    const value: unknown = text === undefined ? [] : JSON.parse(text);
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];
  } catch {
    return text ? text.split(",") : [];
  }
}

/** A client for the configured portal; fails with the command that fixes a missing token. */
export function clientFor(settings: Settings | undefined): HubSpotClient {
  if (!settings?.connection) {
    throw new Error(
      "hubspot:token is not set for this stack: run `pulumi config set --secret hubspot:token <private app token or service key>`",
    );
  }
  return new HubSpotClient(settings.connection, settings.http);
}

const guards = Symbol.for("revstack.hubspot.portalGuards");

/**
 * The portal guard: before the first call that could change or forget anything, check once per process that the
 * token belongs to the portal named by `hubspot:portalId`. A refresh against the wrong portal would see every
 * object as deleted, and a write would land in the wrong CRM. One provider process serves a whole run, so the
 * outcome, a failure included, is kept for the process: every resource of the run stops on the same check,
 * and a portal that cannot be reached is asked once, not once per resource.
 */
export function checkPortal(settings: Settings | undefined, client: HubSpotClient): Promise<void> {
  const expected = settings?.portalId;
  if (expected === undefined) return Promise.resolve();
  const g = globalThis as unknown as Record<symbol, Map<string, Promise<void>> | undefined>;
  const memo = (g[guards] ??= new Map());
  const key = `${client.portalKey}|${expected}`;
  let check = memo.get(key);
  if (!check) {
    check = verifyPortal(client, expected, settings!.connection!.baseUrl);
    memo.set(key, check);
  }
  return check;
}

/** The guarded client every provider method that talks to HubSpot starts with. */
export async function guardedClient(settings: Settings | undefined): Promise<HubSpotClient> {
  const client = clientFor(settings);
  await checkPortal(settings, client);
  return client;
}

/** The settings as the Pulumi program reads them from the configuration given to this run. */
export function settingsFromConfig(get: (key: string) => string | undefined): Settings {
  return settingsFrom({ config: { get, require: (key: string) => get(key) ?? "" } });
}

/**
 * The portal guard as the Pulumi program runs it, with the stack configuration the user gave to this run. The
 * providers of `refresh` and `destroy` are configured from the copy Pulumi recorded in the state at the last
 * `up`; the program is what sees a changed `hubspot:token` or `hubspot:portalId` (every `up` and `preview`, and
 * `refresh` / `destroy` with `--run-program`), and it stops the run before a single resource is declared.
 */
export async function guardWithConfig(
  get: (key: string) => string | undefined,
  verified?: VerifiedPortals,
): Promise<void> {
  const settings = settingsFromConfig(get);
  if (settings.portalId === undefined || !settings.connection) return;
  if (verified?.has(settings.connection, settings.portalId)) return;
  await checkPortal(settings, clientFor(settings));
  verified?.add(settings.connection, settings.portalId);
}
