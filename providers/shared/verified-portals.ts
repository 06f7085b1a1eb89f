import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import type { HubSpotConnection } from "../../src/clients/hubspot";

/**
 * The portals the program's portal guard has seen a token belong to, kept in the project's `.revstack/` so that a
 * run with nothing to do makes no API call. A HubSpot token (private app token or service key) belongs to one
 * portal for its whole life, so a verified (URL, token, portal) triple stays true; a changed token, URL or
 * `hubspot:portalId` is a new triple and is checked against HubSpot again. Only a SHA-256 of the URL and token
 * is written, never the token.
 */
export class VerifiedPortals {
  constructor(private readonly file: string) {}

  has(connection: HubSpotConnection, portalId: number): boolean {
    return this.read()[fingerprint(connection)] === portalId;
  }

  add(connection: HubSpotConnection, portalId: number): void {
    const all = { ...this.read(), [fingerprint(connection)]: portalId };
    try {
      mkdirSync(dirname(this.file), { recursive: true });
      writeFileSync(`${this.file}.tmp`, JSON.stringify(all, null, 2) + "\n");
      renameSync(`${this.file}.tmp`, this.file);
    } catch {
      // A read-only project only costs the account read again next run.
    }
  }

  private read(): Record<string, number> {
    try {
      const value: unknown = JSON.parse(readFileSync(this.file, "utf8"));
      return typeof value === "object" && value !== null ? (value as Record<string, number>) : {};
    } catch {
      return {};
    }
  }
}

function fingerprint(connection: HubSpotConnection): string {
  return createHash("sha256").update(`${connection.baseUrl}\n${connection.token}`).digest("hex");
}
