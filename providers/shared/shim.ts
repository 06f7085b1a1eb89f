import type * as pulumi from "@pulumi/pulumi";
import type { Settings } from "./config";
import { readable } from "./readable";

/** What each resource file implements; the shim below forwards to it with the settings its `settingsFrom` read. */
export interface ResourceImpl<S = Settings> {
  /** `settings` lets a preview see what already exists (adoption); a check never writes. */
  check(olds: any, news: any, settings?: S): Promise<pulumi.dynamic.CheckResult>;
  diff(id: string, olds: any, news: any): Promise<pulumi.dynamic.DiffResult>;
  create(settings: S | undefined, inputs: any): Promise<pulumi.dynamic.CreateResult>;
  read(settings: S | undefined, id: string, props: any): Promise<pulumi.dynamic.ReadResult>;
  update(settings: S | undefined, id: string, olds: any, news: any): Promise<pulumi.dynamic.UpdateResult>;
  delete(settings: S | undefined, id: string, props: any): Promise<void>;
}

/** A resource file as `configuredProvider` loads it: the implementation, and how it reads the stack config. */
interface ConfiguredImpl extends ResourceImpl<unknown> {
  settingsFrom(req: pulumi.dynamic.ConfigureRequest): unknown;
}

/** What the forwarding methods see as `this`: the settings `configure` set, and the resource file. */
interface Shim {
  settings: any;
  impl(): ResourceImpl<unknown>;
}

/**
 * The calls Pulumi makes per resource, forwarded to the implementation with the settings. Pulumi stores the
 * serialized provider twice per resource (inputs and outputs), so the methods are assigned to the prototype
 * rather than declared in a class body: an assigned method serializes as one short line, a class method as an
 * `Object.defineProperty` call. They return the implementation's promise as is (no `async` needed).
 */
const forwarding = {
  check(this: Shim, olds: any, news: any): Promise<pulumi.dynamic.CheckResult> {
    return this.impl().check(olds, news, this.settings);
  },
  diff(this: Shim, id: string, olds: any, news: any): Promise<pulumi.dynamic.DiffResult> {
    return this.impl().diff(id, olds, news);
  },
  create(this: Shim, inputs: any): Promise<pulumi.dynamic.CreateResult> {
    return this.impl().create(this.settings, inputs);
  },
  read(this: Shim, id: string, props: any): Promise<pulumi.dynamic.ReadResult> {
    return this.impl().read(this.settings, id, props);
  },
  update(this: Shim, id: string, olds: any, news: any): Promise<pulumi.dynamic.UpdateResult> {
    return this.impl().update(this.settings, id, olds, news);
  },
  delete(this: Shim, id: string, props: any): Promise<void> {
    return this.impl().delete(this.settings, id, props);
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
    // stored text stays one line.
    async configure(this: Shim, req: pulumi.dynamic.ConfigureRequest): Promise<void> {
      Object.assign(this, require("revstack/providers/shared/shim").configured(file, req));
    },
  });
  return ConfiguredProvider as new () => pulumi.dynamic.ResourceProvider;
}

/**
 * What `configure` sets in the provider process: the resource file `providers/<file>` required by bare package
 * name, its errors made readable (./readable), and the settings its `settingsFrom` reads from the stack config.
 */
export function configured(file: string, req: pulumi.dynamic.ConfigureRequest): Shim {
  const impl: ConfiguredImpl = require(`revstack/providers/${file}`);
  const shown = readable(impl, file);
  return { impl: () => shown, settings: impl.settingsFrom(req) };
}
