import { oneLine } from "../../src/unexpected";
import type { ResourceImpl } from "./shim";

/**
 * Pulumi's provider process prints `${error}: ${error.stack}` for every failed call, and the engine shows that to
 * the user. An error leaving a provider method is therefore cut to one line (its message, or for a bug one line
 * plus where the full trace was logged), keeping what Pulumi reads from it (`id`, `properties`, `reasons` of a
 * create that wrote something).
 *
 * An error several resources of one run share (HubSpot unreachable, the portal guard) is shown in full by the
 * first resource only; the others say they stopped because of it, so the run prints the message once.
 */
export function readable<S>(impl: ResourceImpl<S>, file: string): ResourceImpl<S> {
  const wrap =
    <A extends unknown[], R>(method: string, f: (...args: A) => Promise<R>) =>
    (...args: A): Promise<R> =>
      f(...args).catch((err: unknown) => {
        throw oneLineError(err, `provider ${file}.${method}`);
      });
  return {
    check: wrap("check", impl.check),
    diff: wrap("diff", impl.diff),
    create: wrap("create", impl.create),
    read: wrap("read", impl.read),
    update: wrap("update", impl.update),
    delete: wrap("delete", impl.delete),
  };
}

const shownKey = Symbol.for("revstack.provider.shownErrors");

/** Messages already shown in this process (one process serves a whole run). */
function shown(): Set<string> {
  const g = globalThis as unknown as Record<symbol, Set<string> | undefined>;
  return (g[shownKey] ??= new Set());
}

function oneLineError(err: unknown, where: string): Error {
  let message = oneLine(err, where);
  const shared = err instanceof Error && (err.name === "PortalGuardError" || err.name === "UnreachableError");
  if (shared && shown().has(message))
    message = `stopped: ${err.name === "PortalGuardError" ? "the portal guard failed" : "HubSpot cannot be reached"} (see the first error)`;
  else if (shared) shown().add(message);
  const out = new Error(message);
  // One line where Pulumi prints the stack.
  out.stack = message;
  for (const key of ["id", "properties", "reasons"] as const) {
    if (err instanceof Error && key in err)
      Object.assign(out, { [key]: (err as unknown as Record<string, unknown>)[key] });
  }
  return out;
}
