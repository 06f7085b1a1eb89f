import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { packageRoot } from "../project/paths";

/** Where scripts/setup-n8n.sh put the pinned n8n, and whether that install is complete. */
export interface N8nInstall {
  version: string;
  dir: string;
  complete: boolean;
  /** The file to run with node to get n8n's CLI. */
  bin: string;
}

/** The same directory the setup script computes: version plus a hash of the committed lockfile. */
export function findN8nInstall(env: NodeJS.ProcessEnv = process.env): N8nInstall {
  const tools = join(packageRoot(), "tools", "n8n");
  const version: string = JSON.parse(readFileSync(join(tools, "package.json"), "utf8")).dependencies.n8n;
  const key = createHash("sha256")
    .update(readFileSync(join(tools, "package-lock.json")))
    .digest("hex")
    .slice(0, 16);
  const cache = env.REVSTACK_CACHE || join(homedir(), ".cache", "revstack");
  const dir = join(cache, `n8n-${version}-${key}`);
  const bin = join(dir, "node_modules", "n8n", "bin", "n8n");
  return { version, dir, bin, complete: existsSync(join(dir, ".complete")) && existsSync(bin) };
}
