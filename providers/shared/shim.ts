import type * as pulumi from "@pulumi/pulumi";
import type { Settings } from "./config";

/** What each resource file implements; the shim below forwards to it. */
export interface ResourceImpl {
  check(olds: any, news: any): Promise<pulumi.dynamic.CheckResult>;
  diff(id: string, olds: any, news: any): Promise<pulumi.dynamic.DiffResult>;
  create(settings: Settings | undefined, inputs: any): Promise<pulumi.dynamic.CreateResult>;
  read(settings: Settings | undefined, id: string, props: any): Promise<pulumi.dynamic.ReadResult>;
  update(settings: Settings | undefined, id: string, olds: any, news: any): Promise<pulumi.dynamic.UpdateResult>;
  delete(settings: Settings | undefined, id: string, props: any): Promise<void>;
}

/**
 * The serialized part of every HubSpot provider, kept thin on purpose: no constructor, no state but the
 * settings `configure` sets in the provider process, and `require` by bare package name inside the methods, so
 * Pulumi stores a few hundred stable bytes and the installed revstack does the work (also on refresh and
 * destroy, which run without the program).
 */
export abstract class HubSpotProvider implements pulumi.dynamic.ResourceProvider {
  declare private settings: Settings | undefined;

  /** `require("revstack/providers/<file>")`, written out in each subclass. */
  protected abstract impl(): ResourceImpl;

  async configure(req: pulumi.dynamic.ConfigureRequest): Promise<void> {
    this.settings = require("revstack/providers/shared/config").settingsFrom(req);
  }

  async check(olds: any, news: any): Promise<pulumi.dynamic.CheckResult> {
    return this.impl().check(olds, news);
  }

  async diff(id: string, olds: any, news: any): Promise<pulumi.dynamic.DiffResult> {
    return this.impl().diff(id, olds, news);
  }

  async create(inputs: any): Promise<pulumi.dynamic.CreateResult> {
    return this.impl().create(this.settings, inputs);
  }

  async read(id: string, props: any): Promise<pulumi.dynamic.ReadResult> {
    return this.impl().read(this.settings, id, props);
  }

  async update(id: string, olds: any, news: any): Promise<pulumi.dynamic.UpdateResult> {
    return this.impl().update(this.settings, id, olds, news);
  }

  async delete(id: string, props: any): Promise<void> {
    return this.impl().delete(this.settings, id, props);
  }
}
