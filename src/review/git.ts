/**
 * Reads a blueprint as it was at a git ref: the loader's file reads are served from `git show <ref>:<path>`,
 * so `extends` chains resolve against the old tree exactly as they did then. Nothing is written to disk.
 */
import { execFile } from "node:child_process";
import { promises as fs } from "node:fs";
import * as path from "node:path";
import { promisify } from "node:util";
import { loadBlueprint, type LoadResult } from "../blueprint";

const run = promisify(execFile);

/** A problem with git itself or the ref (not with the blueprint): reported as one line, exit 1. */
export class GitError extends Error {}

async function git(cwd: string, args: string[]): Promise<string> {
  try {
    const { stdout } = await run("git", args, { cwd, maxBuffer: 64 * 1024 * 1024, encoding: "utf8" });
    return stdout;
  } catch (err) {
    const e = err as { code?: string | number; stderr?: string };
    if (e.code === "ENOENT") throw new GitError("git is not installed or not on PATH");
    throw new GitError(
      String(e.stderr ?? (err as Error).message)
        .trim()
        .replace(/^fatal: /, ""),
    );
  }
}

export interface GitTree {
  /** Repository root (real path). */
  root: string;
  ref: string;
  /** Full commit id the ref points at. */
  commit: string;
}

export async function openTree(file: string, ref: string): Promise<GitTree> {
  if (ref.startsWith("-")) throw new GitError(`invalid git ref "${ref}"`);
  const dir = await fs.realpath(path.dirname(path.resolve(file))).catch(() => {
    throw new GitError(`no such directory: ${path.dirname(file)}`);
  });
  const root = (
    await git(dir, ["rev-parse", "--show-toplevel"]).catch(() => {
      throw new GitError(`${file} is not inside a git repository`);
    })
  ).trim();
  const commit = (
    await git(root, ["rev-parse", "--verify", "--quiet", "--end-of-options", `${ref}^{commit}`]).catch(() => {
      throw new GitError(`unknown git ref "${ref}"`);
    })
  ).trim();
  return { root: await fs.realpath(root), ref, commit };
}

/** The path of `file` inside the repository, with forward slashes as git wants them. */
async function inRepo(tree: GitTree, file: string): Promise<string> {
  const absolute = path.resolve(file);
  const dir = await fs.realpath(path.dirname(absolute)).catch(() => path.dirname(absolute));
  const relative = path.relative(tree.root, path.join(dir, path.basename(absolute)));
  if (relative.startsWith("..") || path.isAbsolute(relative)) throw new GitError(`${file} is outside the repository`);
  return relative.split(path.sep).join("/");
}

/** Reads a file at the tree's commit; a file missing there fails like a missing file on disk. */
async function readAt(tree: GitTree, file: string): Promise<string> {
  const spec = `${tree.commit}:${await inRepo(tree, file)}`;
  try {
    await git(tree.root, ["cat-file", "-e", spec]);
  } catch {
    throw Object.assign(new Error(`no such file at ${tree.ref}`), { code: "ENOENT" });
  }
  return git(tree.root, ["show", spec]);
}

export async function existsAt(tree: GitTree, file: string): Promise<boolean> {
  return readAt(tree, file).then(
    () => true,
    (err: NodeJS.ErrnoException) => (err.code === "ENOENT" ? false : Promise.reject(err)),
  );
}

/** Loads and resolves the blueprint as it was at the tree's commit; diagnostics name `<ref>:<file>`. */
export async function loadAt(tree: GitTree, file: string): Promise<LoadResult> {
  const texts = new Map<string, Promise<string>>();
  const read = (f: string) => {
    const key = path.resolve(f);
    if (!texts.has(key)) texts.set(key, readAt(tree, f));
    return texts.get(key)!;
  };
  const result = await loadBlueprint(file, {
    readFile: read,
    fileSize: async (f) => Buffer.byteLength(await read(f)),
  });
  for (const d of result.diagnostics) d.file = `${tree.ref}:${d.file}`;
  return result;
}
