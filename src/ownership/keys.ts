/**
 * The natural key of a HubSpot object: what makes it one object in a portal, whichever stack declares it
 * (a pipeline's label per object type, a group's or property's name per object type, a user's email, a team's
 * name). Stacks on one portal compare these keys to know which objects they share. Keys are compared in lower
 * case, as HubSpot compares labels and emails; they are shown as the user wrote them.
 */
import { KINDS, kindOfType, type Props } from "../kinds";

/** The natural key of a resource of `type` with these inputs (its kind's); undefined for kinds without one (stages, n8n). */
export function naturalKey(type: string, inputs: Props | undefined): string | undefined {
  const key = kindOfType(type)?.naturalKey;
  return key && inputs ? `${key.prefix}:${key.of(inputs)}` : undefined;
}

const KEYS = new Map(
  KINDS.flatMap((kind) => (kind.naturalKey ? [[kind.naturalKey.prefix, kind.naturalKey] as const] : [])),
);

/** The form keys are compared in. */
export function sameKey(key: string): string {
  return key.trim().toLowerCase();
}

/** Whether a user-written key (e.g. from `revstack:adoptObjects`) names a known kind. */
export function isKey(key: string): boolean {
  const trimmed = key.trim();
  const colon = trimmed.indexOf(":");
  return colon > 0 && KEYS.has(trimmed.slice(0, colon)) && /\S/.test(trimmed.slice(colon + 1, colon + 2));
}

/** `property:deals/lead_source` → `Property "lead_source" (deals)`; `user:jo@x.test` → `User jo@x.test`. */
export function describeKey(key: string): string {
  const [kind, rest = ""] = [key.slice(0, key.indexOf(":")), key.slice(key.indexOf(":") + 1)];
  const word = KEYS.get(kind)?.word ?? kind;
  if (kind === "user") return `${word} ${rest}`;
  const slash = rest.indexOf("/");
  return slash < 0 ? `${word} "${rest}"` : `${word} "${rest.slice(slash + 1)}" (${rest.slice(0, slash)})`;
}
