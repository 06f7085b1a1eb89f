/* eslint-disable @typescript-eslint/no-require-imports -- `configure` is serialized by value (no import survives
   into the state), and `configured` loads a resource file chosen at run time, by name. */
import { existsSync } from "node:fs";
import * as path from "node:path";
import type * as pulumi from "@pulumi/pulumi";
import type { Settings } from "./config";
import { readable } from "./readable";

/**
 * A resource's constructor arguments: its inputs, each of which may be a Pulumi output (an id another resource
 * returns) or a promise. Pulumi resolves them before the provider sees the plain inputs `I`.
 */
export type ResourceArgs<I> = { [K in keyof I]: pulumi.Input<I[K]> };

/** Pulumi's check result: the inputs to use (adoption marks them, see ./adoption-preview). */
export type CheckResult<I> = pulumi.dynamic.CheckResult<I>;

/** Pulumi's create result, with the outputs every create here records (Pulumi's type leaves them optional). */
export interface CreateResult<O> {
  readonly id: string;
  readonly outs: O;
}

/** Pulumi's update result, with the outputs every update here records. */
export interface UpdateResult<O> {
  readonly outs: O;
}

/** Pulumi's read result (`{}` when the object is gone), with the refreshed inputs typed as inputs. */
export type ReadResult<I, O> = Omit<pulumi.dynamic.ReadResult<O>, "inputs"> & { readonly inputs?: I };

/**
 * What each resource file implements, for its inputs `I`, its outputs `O` (what the state records) and the
 * settings `S` its `settingsFrom` reads; the shim below forwards to it with those settings.
 */
export interface ResourceImpl<I = unknown, O = unknown, S = Settings> {
  /** `settings` lets a preview see what already exists (adoption); a check never writes. */
  check(olds: unknown, news: I, settings?: S): Promise<CheckResult<I>>;
  diff(id: string, olds: O, news: I): Promise<pulumi.dynamic.DiffResult>;
  create(settings: S | undefined, inputs: I): Promise<CreateResult<O>>;
  read(settings: S | undefined, id: string, props: O): Promise<ReadResult<I, O>>;
  update(settings: S | undefined, id: string, olds: O, news: I): Promise<UpdateResult<O>>;
  delete(settings: S | undefined, id: string, props: O): Promise<void>;
}

/** A resource file as `configuredProvider` loads it: the implementation, and how it reads the stack config. */
interface ConfiguredImpl extends ResourceImpl<unknown, unknown, unknown> {
  settingsFrom(req: pulumi.dynamic.ConfigureRequest): unknown;
}

/** What the forwarding methods see as `this`: the settings `configure` set, and the resource file. */
interface Shim {
  settings: unknown;
  impl: ResourceImpl<unknown, unknown, unknown>;
}

/**
 * The calls Pulumi makes per resource, forwarded to the implementation with the settings. Pulumi stores the
 * serialized provider twice per resource (inputs and outputs), so the methods are assigned to the prototype
 * rather than declared in a class body: an assigned method serializes as one short line, a class method as an
 * `Object.defineProperty` call. They return the implementation's promise as is (no `async` needed). What Pulumi
 * passes is whatever the state and the program hold, so it is `unknown` here; each implementation types it.
 */
const forwarding = {
  check(this: Shim, olds: unknown, news: unknown): Promise<CheckResult<unknown>> {
    return this.impl.check(olds, news, this.settings);
  },
  diff(this: Shim, id: string, olds: unknown, news: unknown): Promise<pulumi.dynamic.DiffResult> {
    return this.impl.diff(id, olds, news);
  },
  create(this: Shim, inputs: unknown): Promise<CreateResult<unknown>> {
    return this.impl.create(this.settings, inputs);
  },
  read(this: Shim, id: string, props: unknown): Promise<ReadResult<unknown, unknown>> {
    return this.impl.read(this.settings, id, props);
  },
  update(this: Shim, id: string, olds: unknown, news: unknown): Promise<UpdateResult<unknown>> {
    return this.impl.update(this.settings, id, olds, news);
  },
  delete(this: Shim, id: string, props: unknown): Promise<void> {
    return this.impl.delete(this.settings, id, props);
  },
};

/**
 * The serialized provider of the resource file `providers/<file>`: one class, no base class, no constructor,
 * no fields, and the resource file `require`d by bare package name in `configure`, so Pulumi stores under 3 KB of
 * stable text and the installed revstack does the work (also on refresh and destroy, which run without the
 * program). The file must also export `settingsFrom(req)`, which `configure` calls in the provider process with
 * the decrypted stack config, so no secret is ever part of the serialized text.
 */
export function configuredProvider(file: string): new () => pulumi.dynamic.ResourceProvider {
  class ConfiguredProvider {}
  Object.assign(ConfiguredProvider.prototype, forwarding, {
    // Pulumi calls `configure` right after loading the provider, before any other method; `impl` and `settings`
    // set here are not serialized, and the work is done by the installed package (`configured` below), so the
    // stored text stays one line. revstack is required by package name, resolved from the provider process's
    // directory (the program's): node_modules/revstack in a user's project; in revstack's own checkout Node's
    // package self-reference finds it.
    async configure(this: Shim, req: pulumi.dynamic.ConfigureRequest): Promise<void> {
      Object.assign(this, require("module").createRequire(process.cwd() + "/")("revstack/providers/shared/shim").configured(file, req));
    },
  });
  return ConfiguredProvider as new () => pulumi.dynamic.ResourceProvider;
}

/**
 * What `configure` sets in the provider process: the resource file `providers/<file>` of the same copy of revstack
 * as this shim, its errors made readable (./readable), and the settings its `settingsFrom` reads from the stack config.
 * In revstack's own checkout the provider process runs the TypeScript sources, like the program does, so an edited
 * provider takes effect at the next `pulumi up` without a build.
 */
export function configured(file: string, req: pulumi.dynamic.ConfigureRequest): Shim {
  const sources = checkoutSources();
  if (sources) return sources.configured(file, req);
  const impl: ConfiguredImpl = require(`../${file}`);
  const shown = readable(impl, file);
  return { impl: shown, settings: impl.settingsFrom(req) };
}

/**
 * This shim as TypeScript source, when this is the compiled copy in revstack's own checkout: the sources sit beside
 * `dist/` there, and an installed package never ships them. tsx (a development dependency) compiles them as Node
 * loads them; without it the compiled copy serves. Looked up once per provider process (tsx registers its hook once).
 */
let sourceShim: { configured: typeof configured } | null | undefined;
function checkoutSources(): { configured: typeof configured } | undefined {
  if (sourceShim === undefined) sourceShim = loadSourceShim();
  return sourceShim ?? undefined;
}

function loadSourceShim(): { configured: typeof configured } | null {
  if (__filename.endsWith(".ts")) return null;
  const source = path.resolve(__dirname, "../../../providers/shared/shim.ts");
  if (!existsSync(source)) return null;
  let tsx: { register(): unknown };
  try {
    tsx = require("tsx/cjs/api");
  } catch {
    return null;
  }
  tsx.register();
  return require(source);
}
