/** A throwaway git repository with real commits, for tests that read blueprints at a ref. */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import YAML from "yaml";

export const FIXTURE = readFileSync(join(__dirname, "fixtures/plan-base.yaml"), "utf8");

export type Doc = any;

/** The fixture blueprint after an edit made on its parsed form. */
export function edited(edit: (doc: Doc) => void, text = FIXTURE): string {
  const doc = YAML.parse(text);
  edit(doc);
  return YAML.stringify(doc);
}

export class TempRepo {
  readonly dir = mkdtempSync(join(tmpdir(), "revstack-plan-"));

  constructor() {
    this.git("init", "-q", "-b", "main");
  }

  git(...args: string[]): string {
    const env = {
      ...process.env,
      GIT_AUTHOR_NAME: "t",
      GIT_AUTHOR_EMAIL: "t@example.test",
      GIT_COMMITTER_NAME: "t",
      GIT_COMMITTER_EMAIL: "t@example.test",
    };
    return execFileSync("git", args, { cwd: this.dir, env, encoding: "utf8" });
  }

  path(file: string): string {
    return join(this.dir, file);
  }

  write(file: string, text: string): string {
    mkdirSync(dirname(this.path(file)), { recursive: true });
    writeFileSync(this.path(file), text);
    return this.path(file);
  }

  commit(message: string, files: Record<string, string> = {}): void {
    for (const [file, text] of Object.entries(files)) this.write(file, text);
    this.git("add", "-A");
    this.git("commit", "-q", "--allow-empty", "-m", message);
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}
