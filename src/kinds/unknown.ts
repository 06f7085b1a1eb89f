/** The value Pulumi puts where an input is not known until apply (an id the create will return). */
export const UNKNOWN = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** A field a preview cannot know yet: the engine shows Pulumi's placeholder in its place. */
export type Unknown = typeof UNKNOWN;

export const isUnknown = (value: unknown): boolean =>
  value === UNKNOWN || (typeof value === "string" && value.includes(UNKNOWN));

/** A shown field's value, or undefined when it is missing or not known until apply. */
export function known<T>(value: T | Unknown | undefined): T | undefined {
  return value === UNKNOWN ? undefined : value;
}

export function containsUnknown(value: unknown): boolean {
  if (value === UNKNOWN) return true;
  if (Array.isArray(value)) return value.some(containsUnknown);
  if (typeof value === "object" && value !== null) return Object.values(value).some(containsUnknown);
  return false;
}
