/**
 * Words people bring from other tools (HubSpot's UI, SQL, Salesforce, spreadsheets) for values blueprints spell
 * otherwise. Too far from the right value for a spelling hint (`text` is not a typo of `string`), they are still
 * what the writer meant: a did-you-mean offers the value when it is one the place accepts.
 */
const MEANINGS: Record<string, readonly string[]> = {
  // Property types
  string: ["text", "textarea", "str", "varchar", "char", "single_line_text", "multi_line_text"],
  number: ["int", "integer", "float", "decimal", "double", "numeric", "currency", "money"],
  bool: ["boolean", "checkbox", "yes_no", "flag"],
  enumeration: ["enum", "select", "dropdown", "picklist", "pick_list", "choice", "options"],
  datetime: ["timestamp", "date_time", "time"],
  phone_number: ["phone", "telephone", "tel"],
  // Condition operators
  eq: ["=", "==", "===", "equals", "equal", "is", "equal_to"],
  neq: ["!=", "<>", "≠", "not_equals", "not_equal", "is_not", "isnt", "ne"],
  gt: [">", "greater_than", "more_than", "above"],
  gte: [">=", "≥", "=>", "at_least", "greater_or_equal"],
  lt: ["<", "less_than", "below"],
  lte: ["<=", "≤", "=<", "at_most", "less_or_equal"],
  in: ["one_of", "any_of", "is_any_of", "includes"],
  not_in: ["!in", "none_of", "not_one_of", "is_none_of"],
  known: ["exists", "is_known", "has_value", "present", "set", "not_empty", "is_not_empty"],
  unknown: ["missing", "is_unknown", "empty", "is_empty", "not_set", "blank", "absent"],
  contains: ["includes_text", "like", "has"],
  // Team strategies
  round_robin: ["rotation", "rotate", "round"],
  weighted: ["weights", "weight", "percentage"],
  capacity: ["load", "least_loaded", "workload"],
  territory: ["region", "geo", "geography"],
};

const MEANT = new Map(Object.entries(MEANINGS).flatMap(([value, words]) => words.map((w) => [w, value] as const)));

/** How a word is compared with the table: case, spaces and hyphens do not matter. */
function normal(word: string): string {
  return word
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, "_");
}

/** The value among `candidates` that `word` means in another tool's words, if any. */
export function meantValue(word: string, candidates: readonly string[]): string | undefined {
  const value = MEANT.get(normal(word));
  return value !== undefined && candidates.includes(value) && !candidates.includes(word) ? value : undefined;
}
