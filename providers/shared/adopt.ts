import type { Settings } from "./config";

/**
 * A create found a live object with the resource's natural key. With `revstack:adopt` it becomes ours;
 * otherwise stop and say how to take it over, rather than touch something this stack did not make.
 */
export function mayAdopt(settings: Settings | undefined, what: string, liveId: string): void {
  if (settings?.adopt) return;
  throw new Error(
    `${what} already exists in HubSpot (id ${liveId}) and is not managed by this stack. ` +
      "To take it over, run `pulumi config set revstack:adopt true` and apply again; or rename it in the blueprint.",
  );
}

/**
 * A create that wrote to HubSpot and then failed. Pulumi records the object (with init errors) from an error
 * carrying `id` and `properties`, and the next run updates it instead of creating it twice.
 */
export function createdButFailed(err: unknown, id: string, properties: object): Error {
  const message = err instanceof Error ? err.message : String(err);
  return Object.assign(new Error(message), { id, properties, reasons: [message] });
}
