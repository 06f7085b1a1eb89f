/**
 * The natural key of a HubSpot object: what makes it one object in a portal, whichever stack declares it
 * (a pipeline's label per object type, a group's or property's name per object type, a user's email, a team's
 * name). Stacks on one portal compare these keys to know which objects they share. Keys are compared in lower
 * case, as HubSpot compares labels and emails; they are shown as the user wrote them.
 */
import { joinKey, keyForm, splitKey, splitObject } from "../blueprint/object-keys";
import { KINDS, kindOfType, type Props } from "../kinds";

/** The natural key of a resource of `type` with these inputs (its kind's); undefined for kinds without one (stages, n8n). */
export function naturalKey(type: string, inputs: Props | undefined): string | undefined {
  const key = kindOfType(type)?.naturalKey;
  return key && inputs ? joinKey(key.prefix, key.of(inputs)) : undefined;
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
  const { prefix, rest } = splitKey(key.trim());
  return keyForm(prefix) !== undefined && /^\S/.test(rest);
}

/** `property:deals/lead_source` → `Property "lead_source" (deals)`; `user:jo@x.test` → `User jo@x.test`. */
export function describeKey(key: string): string {
  const { prefix, rest } = splitKey(key);
  const word = KEYS.get(prefix)?.word ?? prefix;
  const form = keyForm(prefix);
  if (form?.by === "email") return `${word} ${rest}`;
  const { object, name } = splitObject(rest);
  return form?.objects && name ? `${word} "${name}" (${object})` : `${word} "${rest}"`;
}
