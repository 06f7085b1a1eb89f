import * as pulumi from "@pulumi/pulumi";
import type { AnyKind } from "../../src/kinds";
import { configuredProvider } from "./shim";

/** The file in providers/ that reconciles a kind: its name in kebab case (`PropertyGroup` → `property-group`). */
export const providerFile = (kind: Pick<AnyKind, "name">): string =>
  kind.name.replace(/[a-z](?=[A-Z])/g, "$&-").toLowerCase();

const providers = new Map<string, pulumi.dynamic.ResourceProvider>();

function providerOf(kind: AnyKind): pulumi.dynamic.ResourceProvider {
  const file = providerFile(kind);
  const known = providers.get(file);
  if (known) return known;
  const Provider = configuredProvider(file);
  const made = new Provider();
  providers.set(file, made);
  return made;
}

/**
 * One object of a planned kind, as the program declares it (program/crm.ts): its type token is the kind's, its
 * provider `providers/<kind in kebab case>.ts`, and what the provider computes (the kind's `outputOnly`) becomes
 * its outputs.
 */
export class KindResource extends pulumi.dynamic.Resource {
  constructor(kind: AnyKind, name: string, args: object, opts?: pulumi.CustomResourceOptions) {
    const outputs = Object.fromEntries(kind.outputOnly.map((key) => [key, undefined]));
    super(providerOf(kind), name, { ...outputs, ...args }, opts, kind.module, kind.name);
  }

  /** One of its outputs (one of the kind's `outputOnly`). */
  output<T>(key: string): pulumi.Output<T> {
    return (this as unknown as Record<string, pulumi.Output<T>>)[key];
  }
}
