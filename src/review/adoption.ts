/**
 * What `revstack plan` can know offline about adopted objects: the stacks of the project (`stacks/Pulumi.<stack>.yaml`)
 * whose `revstack:blueprint` is the planned file, with the keys their `revstack:adoptObjects` names and whether
 * `revstack:adopt` adopts a whole account. No backend, no credentials: the config files as written.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import YAML from "yaml";
import { adoptKeys } from "../ownership/decide";
import { sameKey } from "../ownership/keys";
import { findProjectDir } from "../project/paths";
import type { Blueprint } from "../blueprint/model";

export interface StackAdoption {
  stack: string;
  keys: string[];
  /** `revstack:adopt true`: whatever existed when it applied was adopted; which objects, plan cannot see. */
  all: boolean;
}

export function stacksApplying(file: string): StackAdoption[] {
  const projectDir = findProjectDir(path.dirname(path.resolve(file)));
  if (!projectDir) return [];
  const project = YAML.parse(readFileSync(path.join(projectDir, "Pulumi.yaml"), "utf8")) as {
    stackConfigDir?: string;
  } | null;
  const dir = path.join(projectDir, project?.stackConfigDir ?? ".");
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const stack = /^Pulumi\.(.+)\.ya?ml$/.exec(name)?.[1];
    if (!stack) return [];
    const config =
      (YAML.parse(readFileSync(path.join(dir, name), "utf8")) as { config?: Record<string, unknown> } | null)?.config ??
      {};
    const blueprint = config["revstack:blueprint"];
    if (typeof blueprint !== "string" || path.resolve(projectDir, blueprint) !== path.resolve(file)) return [];
    let keys: string[] = [];
    try {
      keys = adoptKeys(config["revstack:adoptObjects"]);
    } catch {
      // A malformed list adopts nothing; the stack's own run reports it.
    }
    return [{ stack, keys, all: config["revstack:adopt"] === true || config["revstack:adopt"] === "true" }];
  });
}

/**
 * What becomes of a HubSpot object that leaves the blueprint, when plan can know more than "deleted": released (a
 * stack adopted it, so it only forgets it) or deleted although adopted (the blueprint's `delete:` list names it).
 */
export type Fate = { kind: "release"; stack: string } | { kind: "delete" };

/** How objects that leave the blueprint go: listed under `delete:` → deleted; adopted by a stack → released. */
export function removalFates(after: Blueprint, stacks: StackAdoption[]): (key: string) => Fate | undefined {
  const listed = new Set((after.delete ?? []).map(sameKey));
  return (key) => {
    if (listed.has(sameKey(key))) return { kind: "delete" };
    const adopter = stacks.find((s) => s.keys.some((k) => sameKey(k) === sameKey(key)));
    return adopter ? { kind: "release", stack: adopter.stack } : undefined;
  };
}

/** What plan says when it cannot tell adopted objects from created ones. */
export function adoptionNote(stacks: StackAdoption[]): string {
  const whole = stacks.filter((s) => s.all).map((s) => `"${s.stack}"`);
  const which =
    stacks.length === 0
      ? "No stack config of this project applies this blueprint, so plan cannot see which objects were adopted"
      : whole.length > 0
        ? `Stack(s) ${whole.join(", ")} adopted a whole account (revstack:adopt), and plan cannot see which objects were adopted`
        : `Plan sees only the adoptions named in revstack:adoptObjects of stack(s) ${stacks.map((s) => `"${s.stack}"`).join(", ")}`;
  return (
    `${which}: an adopted object that leaves the blueprint is released (the stack forgets it, HubSpot keeps it as it is), ` +
    "not deleted, unless the blueprint's delete: list names it. `revstack preview --stack <name>` shows which."
  );
}
