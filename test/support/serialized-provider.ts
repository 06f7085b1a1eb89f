import { createRequire } from "node:module";
import type * as pulumi from "@pulumi/pulumi";
import { expect } from "vitest";

// Node's own require: the compiled providers exactly as the Pulumi program loads them (`npm run build` first).
const nodeRequire = createRequire(__filename);
const pulumiRuntime = nodeRequire("@pulumi/pulumi");
const requireFromString = nodeRequire("require-from-string");

/** A `configure` request over plain stack config values, as Pulumi's provider process hands one over. */
export function configureRequest(values: Record<string, string | undefined>): pulumi.dynamic.ConfigureRequest {
  return { config: { get: (key: string) => values[key], require: (key: string) => values[key]! } };
}

/**
 * Serializes the provider of `revstack/providers/<file>` (made by the compiled shim, as the program makes it) exactly as `dynamic.Resource` stores it
 * (the captured variable's name is part of the text), checks that it is thin — no instance state, no secret, no
 * deep package path, the implementation required by bare name, under 3,000 characters since it is stored twice
 * per resource — and loads it back as the provider process does.
 */
export async function serializedProvider(file: string, secret: string): Promise<any> {
  const Provider = nodeRequire("revstack/providers/shared/shim").configuredProvider(file);
  const provider = new Provider();
  expect(Object.keys(provider)).toEqual([]);
  const { text, containsSecrets } = await pulumiRuntime.runtime.serializeFunction(() => provider, {
    allowSecrets: true,
  });
  expect(containsSecrets).toBe(false);
  expect(text).not.toContain(secret);
  expect(text).not.toMatch(/require\("[^"]*\/dist\//);
  expect(text).toContain('("revstack/providers/shared/shim").configured(file, req)');
  expect(text).toContain(`file: "${file}"`);
  expect(text.length).toBeLessThan(3_000);
  return requireFromString(text).handler();
}
