/**
 * The files a local n8n's data dir holds besides n8n's own: read by `revstack n8n` (./n8n-service.ts) and, for the
 * API key of the n8n a stack points at, by the n8n providers, which must not load what starts n8n.
 */
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";

export const files = (dataDir: string) => ({
  pid: join(dataDir, "n8n.pid"),
  info: join(dataDir, "n8n-service.json"),
  key: join(dataDir, "revstack-n8n.json"),
  log: join(dataDir, "n8n.log"),
});

/**
 * The API key of the local n8n this data dir holds, when `baseUrl` is where that n8n listens: a stack pointed at the
 * local n8n needs no key copied out of the data dir, and a stack pointed anywhere else never receives it.
 */
export function localApiKey(dataDir: string, baseUrl: string): string | undefined {
  const f = files(resolve(dataDir));
  if (!existsSync(f.info) || !existsSync(f.key)) return undefined;
  const { url } = JSON.parse(readFileSync(f.info, "utf8")) as { url?: string };
  if (!url || !sameOrigin(url, baseUrl)) return undefined;
  return (JSON.parse(readFileSync(f.key, "utf8")) as { apiKey?: string }).apiKey || undefined;
}

function sameOrigin(a: string, b: string): boolean {
  try {
    return new URL(a).origin === new URL(b).origin;
  } catch {
    return false;
  }
}
